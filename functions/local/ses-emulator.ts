import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Emulator } from './emulators.ts';

/**
 * aws-ses-v2-local, an SES API v2 stand-in, in this process. What is sent through it can be read
 * back from `GET {endpoint}/store` (and seen in a browser at the endpoint itself).
 */
export async function startSesEmulator(options: { port?: number; host?: string } = {}): Promise<Emulator> {
  const module = (await import('aws-ses-v2-local')) as unknown as {
    default: StartSes | { default: StartSes };
  };
  // A CommonJS module: under plain Node ESM the function is one `default` further in.
  const start = typeof module.default === 'function' ? module.default : module.default.default;
  const host = options.host ?? '127.0.0.1';
  const server = await start({ port: options.port ?? 0, host });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://${host}:${port}`,
    stop: () =>
      new Promise((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

type StartSes = (config: { port: number; host: string }) => Promise<Server>;
