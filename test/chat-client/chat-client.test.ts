import type { IncomingMessage } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { type LocalRuntime, startLocalRuntime } from '#local/runtime.ts';
import {
  backoffDelay,
  type Chat,
  type ChatClientOptions,
  type ChatMessage,
  createChat,
} from '../../packages/chat/src/index.ts';

const TOKEN = 'chat-client-dev-token';
const staff = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };

/** Waits for a condition the platform reaches in its own time; a loaded machine needs long. */
async function until<T>(read: () => T | undefined | Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await read();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

/**
 * A WebSocket server playing the platform's live socket, so a test can drop every connection,
 * refuse new ones and send frames of its own; the session's HTTP routes stay the real runtime's.
 */
async function startSocketStandIn() {
  const attempts: number[] = [];
  const open = new Set<WebSocket>();
  const state = { refuse: false };
  const server = new WebSocketServer({
    port: 0,
    verifyClient: (_info: { req: IncomingMessage }, answer: (ok: boolean, code?: number) => void) => {
      attempts.push(Date.now());
      answer(!state.refuse, 503);
    },
  });
  server.on('connection', (socket) => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
    socket.on('message', (data) => {
      const { action, topics } = JSON.parse(String(data));
      if (action === 'subscribe') socket.send(JSON.stringify({ type: 'subscribed', topics }));
    });
  });
  await new Promise((done) => server.once('listening', done));
  const { port } = server.address() as { port: number };
  return {
    url: `ws://127.0.0.1:${port}/live`,
    attempts,
    state,
    drop: () => {
      for (const socket of open) socket.terminate();
    },
    push: (frame: unknown) => {
      for (const socket of open) socket.send(JSON.stringify(frame));
    },
    // The server's close waits for its connections: they go first.
    close: () => {
      for (const socket of server.clients) socket.terminate();
      return new Promise((done) => server.close(done));
    },
  };
}

/** Everything a chat client said, by kind, and the GETs of its messages route. */
function record(chat: Chat) {
  const seen = { message: [] as ChatMessage[], connection: [] as string[], typing: [] as boolean[] };
  chat.on('message', (message) => seen.message.push(message));
  chat.on('connection', (state) => seen.connection.push(state));
  chat.on('typing', ({ agentTyping }) => seen.typing.push(agentTyping));
  return seen;
}

function countingFetch() {
  const reads = { messages: 0 };
  const fetcher: typeof fetch = (input, init) => {
    // The client hands over a whole Request, as openapi-fetch makes it.
    const request = new Request(input, init);
    if (request.method === 'GET' && request.url.endsWith('/messages')) reads.messages += 1;
    return fetch(request);
  };
  return { fetcher, reads };
}

describe('backoff', () => {
  it('doubles from the base up to the ceiling, between half and all of it at random', () => {
    const low = (n: number) => backoffDelay(n, 500, 30_000, () => 0);
    const high = (n: number) => backoffDelay(n, 500, 30_000, () => 1);
    expect([0, 1, 2, 3].map(low)).toEqual([250, 500, 1000, 2000]);
    expect([0, 1, 2, 3].map(high)).toEqual([500, 1000, 2000, 4000]);
    expect(low(20)).toBe(15_000);
    expect(high(1_000)).toBe(30_000);
    expect(backoffDelay(2, 500, 30_000, () => 0.5)).toBe(1500);
  });
});

describe('@onethread/chat against the local runtime', () => {
  let runtime: LocalRuntime;
  const chats: Chat[] = [];
  const chatOf = (options: Omit<ChatClientOptions, 'baseUrl'>) => {
    const chat = createChat({
      baseUrl: runtime.url,
      WebSocket: WebSocket as unknown as ChatClientOptions['WebSocket'],
      ...options,
    });
    chats.push(chat);
    return chat;
  };

  beforeAll(async () => {
    runtime = await startLocalRuntime({ port: 0, devToken: TOKEN });
  }, 120_000);
  afterEach(() => {
    for (const chat of chats.splice(0)) chat.close();
  });
  afterAll(() => runtime?.stop(), 30_000);

  const staffCall = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${runtime.url}${path}`, {
      method,
      headers: staff,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: await response.json().catch(() => ({})) };
  };
  /** The conversation the visitor's first message opened, once ingest has written it. */
  const conversationOf = (customerId: string) =>
    until(async () => {
      const { body } = await staffCall('GET', `/customers/${customerId}/timeline`);
      return body.items?.[0]?.conversationId as string | undefined;
    }, 'the message on the timeline');
  const agentReplies = async (conversationId: string, text: string) =>
    expect(
      (await staffCall('POST', `/conversations/${conversationId}/replies`, { channel: 'chat', text })).status,
    ).toBe(202);

  it('hears the agent’s reply and typing over the live socket, with no read of the messages', async () => {
    const { fetcher, reads } = countingFetch();
    const chat = chatOf({ fetch: fetcher });
    const seen = record(chat);
    const session = await chat.start({ name: 'Ines' });
    expect(session.liveUrl).toMatch(/^ws:\/\/.+\/live$/);
    await until(() => chat.connection === 'live', 'the socket');
    await chat.send('Is my order on its way?', { clientMessageId: 'live-1' });
    // The visitor's own message comes back as a frame too: it is no longer pending.
    await until(() => seen.message.find((m) => m.clientMessageId === 'live-1'), 'the own message');
    const conversationId = await conversationOf(session.customerId);
    const readsBefore = reads.messages;

    expect((await staffCall('POST', `/conversations/${conversationId}/typing`)).status).toBe(202);
    await until(() => seen.typing.includes(true), 'the agent typing');
    await agentReplies(conversationId, 'It left the warehouse this morning.');
    const reply = await until(() => seen.message.find((m) => m.direction === 'outbound'), 'the reply');
    expect(reply).toMatchObject({
      text: 'It left the warehouse this morning.',
      messageId: expect.any(String),
    });
    expect(reads.messages).toBe(readsBefore);
    expect(chat.messages.filter((m) => m.pending)).toEqual([]);
    expect(seen.connection).not.toContain('polling');
  }, 120_000);

  it('reconnects with growing pauses, then catches up what it missed, each message once', async () => {
    const standIn = await startSocketStandIn();
    try {
      const chat = chatOf({ liveUrl: standIn.url, backoff: { baseMs: 40, maxMs: 400 }, random: () => 0 });
      // A poll slower than the test: what arrives, arrives through the reconnect's catch-up.
      const seen = record(chat);
      const session = await chat.start({ name: 'Joana' });
      await until(() => chat.connection === 'live', 'the first connection');
      await chat.send('Hello, anyone there?', { clientMessageId: 'gap-1' });
      const conversationId = await conversationOf(session.customerId);
      // This socket sends no frames of its own: the page reads its message back.
      await until(async () => {
        await chat.refresh();
        return seen.message.find((m) => m.clientMessageId === 'gap-1');
      }, 'the first read');

      standIn.state.refuse = true;
      const firstRefused = standIn.attempts.length;
      standIn.drop();
      await until(() => chat.connection === 'polling', 'the fallback');
      await agentReplies(conversationId, 'Yes, here now.');
      await until(() => standIn.attempts.length >= firstRefused + 4, 'four refused reconnects');
      standIn.state.refuse = false;
      await until(() => seen.message.find((m) => m.direction === 'outbound'), 'the missed reply');
      expect(chat.connection).toBe('live');

      // Each pause at least the one before's double (random 0: half the ceiling), up to the cap.
      const gaps = standIn.attempts
        .slice(firstRefused)
        .map((at, i, all) => (i ? at - (all[i - 1] ?? at) : 0));
      expect(gaps.slice(1, 4).every((gap, i) => gap >= backoffDelay(i, 40, 400, () => 0) - 5)).toBe(true);

      // The same reply again (a frame repeated by a retried batch) is no new message.
      const again = seen.message.find((m) => m.direction === 'outbound');
      standIn.push({ type: 'message', sessionId: session.sessionId, message: again });
      await chat.refresh();
      expect(seen.message.filter((m) => m.direction === 'outbound')).toHaveLength(1);
      expect(chat.messages.map((m) => m.text)).toEqual(['Hello, anyone there?', 'Yes, here now.']);
    } finally {
      for (const chat of chats.splice(0)) chat.close();
      await standIn.close();
    }
  }, 120_000);

  it('polls the session while no socket answers', async () => {
    const chat = chatOf({
      liveUrl: 'ws://127.0.0.1:9/live',
      pollIntervalMs: 200,
      backoff: { baseMs: 1_000 },
    });
    const seen = record(chat);
    const session = await chat.start({ name: 'Rita' });
    await chat.send('Still there?', { clientMessageId: 'poll-1' });
    await agentReplies(await conversationOf(session.customerId), 'Always.');
    await until(() => seen.message.find((m) => m.direction === 'outbound'), 'the polled reply');
    expect(seen.connection).toContain('polling');
    expect(seen.connection).not.toContain('live');
  }, 120_000);

  it('attaches a file: the grant for its digest, the bytes, then a message naming it', async () => {
    const chat = chatOf({ liveUrl: 'ws://127.0.0.1:9/live', backoff: { baseMs: 60_000 } });
    const session = await chat.start({ name: 'Lia' });
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001', 'hex');
    const attachmentId = await chat.attach(new File([png], 'parcel.png', { type: 'image/png' }));
    expect(attachmentId).toMatch(/^att_/);

    const html = new File(['<script>alert(1)</script>'], 'page.html', { type: 'text/html' });
    await expect(chat.attach(html)).rejects.toMatchObject({ status: 400, field: 'contentType' });

    const sent = chat.send('The box arrived like this', {
      clientMessageId: 'att-1',
      attachmentIds: [attachmentId],
    });
    // Shown at once with its file, before the platform has it.
    expect(chat.messages.find((m) => m.clientMessageId === 'att-1')).toMatchObject({
      pending: true,
      attachments: [{ attachmentId, name: 'parcel.png', contentType: 'image/png', size: png.length }],
    });
    await sent;
    const item = await until(async () => {
      const { body } = await staffCall('GET', `/customers/${session.customerId}/timeline`);
      return (body.items as Array<{ attachments?: Array<{ attachmentId?: string }> }> | undefined)?.find(
        (entry) => entry.attachments?.[0]?.attachmentId === attachmentId,
      );
    }, 'the message with its file on the timeline');
    expect(item.attachments?.[0]).toMatchObject({ name: 'parcel.png', contentType: 'image/png' });
    const read = await fetch(`${runtime.url}/attachments/${attachmentId}`, { headers: staff });
    expect(read.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await read.arrayBuffer())).toEqual(png);
  }, 120_000);

  it('lets a visitor listen to their own session only', async () => {
    const start = async () =>
      (
        await fetch(`${runtime.url}/chat/sessions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        })
      ).json() as Promise<{ sessionId: string; token: string; liveUrl: string }>;
    const [mine, theirs] = await Promise.all([start(), start()]);
    const url = (sessionId: string, token: string) =>
      `${mine.liveUrl}?chatSession=${encodeURIComponent(sessionId)}&token=${encodeURIComponent(token)}`;
    // Another session's id with this session's token is no way in; from any site, its own is.
    const refused = new WebSocket(url(theirs.sessionId, mine.token));
    const status = await new Promise((done) =>
      refused.once('unexpected-response', (_req, res) => done(res.statusCode)),
    );
    expect(status).toBe(401);
    const socket = new WebSocket(url(mine.sessionId, mine.token), { origin: 'https://shop.example.com' });
    const answers: Array<{ type: string; message?: string }> = [];
    socket.on('message', (data) => answers.push(JSON.parse(String(data))));
    await new Promise((done, fail) => socket.once('open', done).once('error', fail));
    const ask = async (topics: string[]) => {
      socket.send(JSON.stringify({ action: 'subscribe', topics }));
      const count = answers.length;
      return until(() => answers[count], 'the answer');
    };
    for (const topics of [
      [`chat:${theirs.sessionId}`],
      ['agent:agent-ana'],
      ['customer:cust_x'],
      ['queues'],
    ]) {
      expect(await ask(topics)).toMatchObject({
        type: 'error',
        message: expect.stringContaining('not allowed'),
      });
    }
    expect(await ask([`chat:${mine.sessionId}`])).toEqual({
      type: 'subscribed',
      topics: [`chat:${mine.sessionId}`],
    });
    socket.send(JSON.stringify({ action: 'ping' }));
    expect(await until(() => answers.find((a) => a.type === 'pong'), 'the pong')).toEqual({ type: 'pong' });
    socket.terminate();
  });
});
