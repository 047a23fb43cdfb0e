import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

export interface ChildPlatform {
  child: ChildProcess;
  url: string;
  output(): string;
  /** Ctrl-C, as a user would; resolves with the exit code. */
  stop(): Promise<number | null>;
}

const START = fileURLToPath(new URL('../../bin/start.ts', import.meta.url));

/**
 * Runs `npm start` in its own process, as a user would, and waits for its banner. Tests and
 * benchmarks use it so the platform does not share an event loop with whoever drives it.
 */
export async function startChildPlatform(
  env: Record<string, string | undefined>,
  timeoutMs = 60_000,
): Promise<ChildPlatform> {
  // Port 0: the system picks a free port when the gateway binds, so parallel runs never race for one.
  const child = spawn(process.execPath, ['--import', 'tsx', START], {
    env: { ...process.env, ...env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const deadline = Date.now() + timeoutMs;
  while (!output.includes('OneThread is running')) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`npm start failed:\n${output}`);
    }
    await new Promise((done) => setTimeout(done, 100));
  }
  const url = /API\s+(http:\/\/\S+)/.exec(output)?.[1];
  if (!url) throw new Error(`npm start printed no API URL:\n${output}`);
  return {
    child,
    url,
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null) return child.exitCode;
      const exited = once(child, 'exit');
      child.kill('SIGINT');
      // Ctrl-C lets the platform stop its emulators; a platform that hangs is killed after a while.
      const hung = setTimeout(() => child.kill('SIGKILL'), 20_000);
      const [code] = await exited;
      clearTimeout(hung);
      return code as number | null;
    },
  };
}
