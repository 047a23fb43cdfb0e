import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type ChildPlatform, startChildPlatform } from '#local/child-platform.ts';

interface Received {
  type: string;
  topics?: string[];
  message?: string;
}

/** A console's connection: every message it received, and a way to wait for one. */
async function connect(url: string): Promise<{ socket: WebSocket; received: Received[] }> {
  const socket = new WebSocket(url);
  const received: Received[] = [];
  socket.on('message', (data) => received.push(JSON.parse(String(data))));
  await new Promise((done, fail) => {
    socket.once('open', done);
    socket.once('error', fail);
  });
  return { socket, received };
}

async function waitFor<T>(
  find: () => T | undefined | Promise<T | undefined>,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

describe('live updates in npm start, end to end', () => {
  const token = 'live-e2e-dev-token';
  let platform: ChildPlatform;
  let liveUrl: string;
  const sockets: WebSocket[] = [];

  beforeAll(async () => {
    platform = await startChildPlatform({ ONETHREAD_DEV_TOKEN: token, ONETHREAD_SMTP_PORT: '0' });
    const config = await (await fetch(`${platform.url}/console/config.json`)).json();
    liveUrl = config.liveUrl;
  }, 90_000);

  afterAll(async () => {
    for (const socket of sockets) socket.terminate();
    if (platform?.child.exitCode === null) await platform.stop();
  }, 30_000);

  const agent = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

  it('tells the console where the socket is', () => {
    expect(liveUrl).toBe(`${platform.url.replace(/^http/, 'ws')}/live`);
  });

  /** The handshake's answer: 101 when the socket opened, else the status it was refused with. */
  async function handshake(url: string, origin?: string): Promise<number | undefined> {
    const socket = new WebSocket(url, origin ? { origin } : {});
    const status = await new Promise<number | undefined>((done) => {
      socket.once('unexpected-response', (_request, response) => done(response.statusCode));
      socket.once('open', () => done(101));
      socket.once('error', () => undefined);
    });
    socket.terminate();
    return status;
  }

  it('refuses a connection with a wrong or no token', async () => {
    for (const url of [`${liveUrl}?token=wrong`, liveUrl]) expect(await handshake(url), url).toBe(401);
  });

  it('lets in only the console it serves: a page of another site is refused with 403', async () => {
    const url = `${liveUrl}?token=${token}`;
    expect(await handshake(url, platform.url)).toBe(101);
    expect(await handshake(url, platform.url.replace('127.0.0.1', 'localhost'))).toBe(101);
    expect(await handshake(url, 'https://evil.example')).toBe(403);
  });

  it("notifies a subscriber of a customer's new message and of the agent's offer", async () => {
    const session = await (
      await fetch(`${platform.url}/chat/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Lena', email: 'lena@example.com', topic: 'billing' }),
      })
    ).json();
    const { socket, received } = await connect(`${liveUrl}?token=${token}`);
    sockets.push(socket);
    const topics = ['agent:agent-ana', `customer:${session.customerId}`];
    socket.send(JSON.stringify({ action: 'subscribe', topics }));
    const answer = await waitFor(() => received.find((m) => m.type !== 'changed'), 'the subscribe answer');
    expect(answer).toEqual({ type: 'subscribed', topics: [...topics].sort() });

    const status = await fetch(`${platform.url}/agents/agent-ana/status`, {
      method: 'PUT',
      headers: agent,
      body: JSON.stringify({ status: 'available' }),
    });
    expect(status.status).toBe(200);
    const sent = await fetch(`${platform.url}/chat/sessions/${session.sessionId}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${session.token}` },
      body: JSON.stringify({ text: 'Is my invoice paid?', clientMessageId: 'live-1' }),
    });
    expect(sent.status).toBe(202);

    const heard = (topic: string) => () =>
      received.find((m) => m.type === 'changed' && m.topics?.includes(topic));
    const aboutCustomer = await waitFor(heard(`customer:${session.customerId}`), 'the customer notice');
    expect(aboutCustomer).toEqual({ type: 'changed', topics: expect.any(Array) });
    await waitFor(heard('agent:agent-ana'), 'the offer notice');
    // Notices name topics and nothing else: no message text travels on the socket.
    expect(JSON.stringify(received)).not.toContain('invoice');
  });

  it('tells the console while a chat customer types, and the widget while the agent does', async () => {
    const session = await (
      await fetch(`${platform.url}/chat/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Noor' }),
      })
    ).json();
    const visitor = { 'content-type': 'application/json', authorization: `Bearer ${session.token}` };
    await fetch(`${platform.url}/chat/sessions/${session.sessionId}/messages`, {
      method: 'POST',
      headers: visitor,
      body: JSON.stringify({ text: 'Hello?', clientMessageId: 'typing-1' }),
    });
    const timeline = async () =>
      (
        await (
          await fetch(`${platform.url}/customers/${session.customerId}/timeline`, { headers: agent })
        ).json()
      ).items as { conversationId: string }[];
    const { conversationId } = await waitFor(
      async () => (await timeline())[0],
      'the message on the timeline',
    );

    const { socket, received } = await connect(`${liveUrl}?token=${token}`);
    sockets.push(socket);
    socket.send(JSON.stringify({ action: 'subscribe', topics: [`customer:${session.customerId}`] }));
    await waitFor(() => received.find((m) => m.type === 'subscribed'), 'the subscribe answer');
    const typed = await fetch(`${platform.url}/chat/sessions/${session.sessionId}/typing`, {
      method: 'POST',
      headers: visitor,
    });
    expect((await typed.json()).typingUntil).toEqual(expect.any(String));
    const seen = await fetch(`${platform.url}/conversations/${conversationId}/typing`, { headers: agent });
    expect((await seen.json()).customerTypingUntil).toEqual(expect.any(String));
    // Its signal reaches the console as a notice of the customer, who has nothing else going on.
    await waitFor(() => received.find((m) => m.type === 'changed'), 'the typing notice');

    const agentTyped = await fetch(`${platform.url}/conversations/${conversationId}/typing`, {
      method: 'POST',
      headers: agent,
    });
    expect(agentTyped.status).toBe(202);
    const messages = await fetch(`${platform.url}/chat/sessions/${session.sessionId}/messages`, {
      headers: visitor,
    });
    expect((await messages.json()).agentTypingUntil).toEqual(expect.any(String));
  });

  it('answers a malformed subscribe with the reason, and keeps the connection', async () => {
    const { socket, received } = await connect(`${liveUrl}?token=${token}`);
    sockets.push(socket);
    socket.send(JSON.stringify({ action: 'subscribe', topics: ['queues', 'everything'] }));
    const error = await waitFor(() => received.find((m) => m.type === 'error'), 'the error');
    expect(error.message).toMatch(/^topics\.1: /);
    socket.send(JSON.stringify({ action: 'subscribe', topics: ['queues'] }));
    await waitFor(() => received.find((m) => m.type === 'subscribed'), 'the second answer');
    expect(socket.readyState).toBe(WebSocket.OPEN);
  });

  it('closes open connections and exits 0 on Ctrl-C', async () => {
    const { socket } = await connect(`${liveUrl}?token=${token}`);
    const closed = new Promise<number>((done) => socket.once('close', done));
    expect(await platform.stop()).toBe(0);
    expect(await closed).toBe(1001);
  }, 30_000);
});
