import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect as connectTcp } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { LiveSocketEvent } from '#handlers/live-socket.ts';
import { createLocalLive, LIVE_MAX_PAYLOAD_BYTES, LIVE_PATH, type LocalLive } from '#local/live.ts';

const TOKEN = 'live-test-token';
/** A console served elsewhere, as the settings name it. */
const DEV_SERVER = 'http://localhost:5173';

describe('the local live socket', () => {
  let server: Server;
  let live: LocalLive;
  let base: string;
  let events: LiveSocketEvent[];
  /** How long `$connect` takes to answer, to hold a client between its upgrade and the handshake. */
  let connectDelayMs: number;
  const clients: WebSocket[] = [];

  beforeEach(async () => {
    events = [];
    connectDelayMs = 0;
    live = createLocalLive({
      devToken: TOKEN,
      consoleOrigins: [DEV_SERVER],
      handler: async (event) => {
        events.push(event);
        if (event.requestContext.routeKey === '$connect') {
          await new Promise((done) => setTimeout(done, connectDelayMs));
          return { statusCode: connectDelayMs ? 403 : 200 };
        }
        return { statusCode: 200, body: JSON.stringify({ echo: event.body }) };
      },
    });
    server = createServer((_request, response) => response.writeHead(404).end());
    live.attach(server);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    for (const client of clients.splice(0)) client.terminate();
    await live.stop();
    await new Promise((done) => server.close(done));
  });

  async function open(): Promise<WebSocket> {
    const client = new WebSocket(`ws://${base}${LIVE_PATH}?token=${TOKEN}`);
    clients.push(client);
    await once(client, 'open');
    return client;
  }

  /** The handshake's answer: 101 when the socket opened, else the status it was refused with. */
  function handshake(options: { origin?: string; token?: string } = {}): Promise<number> {
    const token = options.token ?? TOKEN;
    const client = new WebSocket(`ws://${base}${LIVE_PATH}${token ? `?token=${token}` : ''}`, {
      ...(options.origin === undefined ? {} : { headers: { origin: options.origin } }),
    });
    clients.push(client);
    return new Promise((done) => {
      client.once('open', () => done(101));
      client.once('unexpected-response', (_request, response) => done(response.statusCode ?? 0));
      client.once('error', () => undefined);
    });
  }

  async function ask(client: WebSocket, message: string): Promise<unknown> {
    const answer = once(client, 'message');
    client.send(message);
    const [data] = await answer;
    return JSON.parse(String(data));
  }

  const closeCode = async (client: WebSocket): Promise<number> => {
    const [code] = await once(client, 'close');
    return code as number;
  };

  it('lets in the console this server serves, by either name, consoles configured, and clients that send no Origin', async () => {
    const port = base.split(':')[1];
    for (const origin of [`http://localhost:${port}`, `http://127.0.0.1:${port}`, DEV_SERVER, undefined]) {
      expect(await handshake({ origin }), String(origin)).toBe(101);
    }
  });

  it('refuses a page of any other origin with 403 whatever its token, before $connect runs', async () => {
    const port = Number(base.split(':')[1]);
    const foreign = [
      'https://evil.example',
      `http://localhost:${port + 1}`,
      `https://localhost:${port}`,
      `http://127.0.0.1:${port}.evil.example`,
      'null',
      '',
    ];
    for (const origin of foreign) {
      expect(await handshake({ origin }), origin).toBe(403);
      expect(await handshake({ origin, token: 'wrong' }), origin).toBe(403);
    }
    expect(events).toEqual([]);
    // A missing token is refused first, as API Gateway does before its authorizer runs.
    expect(await handshake({ origin: 'https://evil.example', token: '' })).toBe(401);
    expect(await handshake({ origin: DEV_SERVER, token: 'wrong' })).toBe(401);
  });

  it('closes only the socket that sends a text frame of invalid UTF-8 (1007)', async () => {
    const [bad, good] = await Promise.all([open(), open()]);
    const closed = closeCode(bad);
    bad.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false });
    expect(await closed).toBe(1007);
    expect(await ask(good, '{"action":"subscribe"}')).toEqual({ echo: '{"action":"subscribe"}' });
    expect(await ask(await open(), 'hello')).toEqual({ echo: 'hello' });
  });

  it('closes only the socket that sends a frame over the size limit (1009)', async () => {
    const [big, good] = await Promise.all([open(), open()]);
    const closed = closeCode(big);
    big.send('x'.repeat(LIVE_MAX_PAYLOAD_BYTES + 1));
    expect(await closed).toBe(1009);
    expect(await ask(good, 'still here?')).toEqual({ echo: 'still here?' });
    await until(() => events.some((event) => event.requestContext.routeKey === '$disconnect'));
    expect(events.filter((event) => event.body?.startsWith('xxx'))).toEqual([]);
  });

  it('survives a client that resets its connection before the handshake is answered', async () => {
    connectDelayMs = 100;
    const socket = connectTcp({ host: '127.0.0.1', port: Number(base.split(':')[1]) });
    await once(socket, 'connect');
    socket.write(
      `GET ${LIVE_PATH}?token=${TOKEN} HTTP/1.1\r\nHost: ${base}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
    );
    await until(() => events.length > 0);
    socket.resetAndDestroy();
    // The refusal is written to the reset connection once `$connect` answers.
    await new Promise((done) => setTimeout(done, connectDelayMs * 2));
    connectDelayMs = 0;
    expect(await ask(await open(), 'after')).toEqual({ echo: 'after' });
  });
});

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((done) => setTimeout(done, 10));
  }
}
