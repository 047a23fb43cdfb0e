import { once } from 'node:events';
import { createServer } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { describe, expect, it } from 'vitest';
import { startSqsEmulator } from '#local/emulators.ts';
import { dynamoEndpoint, sqsEndpoint } from '../support/local-aws.ts';

/**
 * An address of this machine other than 127.0.0.1: what another host on the network would
 * connect to. On Linux all of 127.0.0.0/8 is this machine, so 127.0.0.2 serves when there is no
 * network interface.
 */
const otherAddress =
  Object.values(networkInterfaces())
    .flat()
    .find((address) => address?.family === 'IPv4' && !address.internal)?.address ??
  (process.platform === 'linux' ? '127.0.0.2' : undefined);

function answers(host: string, port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host, port, timeout: 2_000 });
    const settle = (reached: boolean) => {
      socket.destroy();
      done(reached);
    };
    socket.once('connect', () => settle(true));
    socket.once('error', () => settle(false));
    socket.once('timeout', () => settle(false));
  });
}

const portOf = (endpoint: string) => Number(new URL(endpoint).port);

describe.runIf(otherAddress)(`the local emulators, seen from ${otherAddress}`, () => {
  const address = otherAddress as string;

  it('reach a server that listens on every interface (the probe works)', async () => {
    const server = createServer().listen(0, '0.0.0.0');
    await once(server, 'listening');
    try {
      expect(await answers(address, (server.address() as AddressInfo).port)).toBe(true);
    } finally {
      server.close();
    }
  });

  it('do not reach DynamoDB Local or the SQS emulator: both listen on 127.0.0.1', async () => {
    for (const endpoint of [dynamoEndpoint(), sqsEndpoint()]) {
      expect(new URL(endpoint).hostname, endpoint).toBe('127.0.0.1');
      expect(await answers('127.0.0.1', portOf(endpoint)), endpoint).toBe(true);
      expect(await answers(address, portOf(endpoint)), endpoint).toBe(false);
    }
  });

  it('reach the SQS emulator when it is told to listen on every interface', async () => {
    const sqs = await startSqsEmulator({ host: '0.0.0.0' });
    try {
      expect(await answers(address, portOf(sqs.endpoint))).toBe(true);
    } finally {
      await sqs.stop();
    }
  });
});
