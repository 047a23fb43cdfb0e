import { DeleteMessageCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { makeHandler } from '#handlers/chat-api.ts';
import { makeHandler as makeIngest } from '#handlers/ingest.ts';
import type { HttpResult } from '#http/response.ts';
import { TimelineRepo } from '#store/timeline-repo.ts';
import { chatMessage, context, httpEvent, sqsEvent } from '../support/events.ts';
import { createTestStack, type TestStack } from '../support/local-aws.ts';

const body = (result: HttpResult) => JSON.parse(result.body ?? '{}');
const POST_MESSAGE = 'POST /chat/sessions/{sessionId}/messages';
const GET_MESSAGES = 'GET /chat/sessions/{sessionId}/messages';

describe('web chat API', () => {
  let stack: TestStack;
  let chat: ReturnType<typeof makeHandler>;
  beforeEach(async () => {
    stack = await createTestStack();
    chat = makeHandler(stack);
  });

  async function itemCount(): Promise<number> {
    const { Items = [] } = await stack.table.doc.send(new ScanCommand({ TableName: stack.table.tableName }));
    return Items.length;
  }

  async function openSession(payload: object = { name: 'Ana', email: 'ana@example.com', topic: 'billing' }) {
    const result = await chat(httpEvent('POST /chat/sessions', { body: payload }), context);
    expect(result.statusCode).toBe(201);
    return body(result) as { sessionId: string; token: string; customerId: string };
  }

  /** Moves whatever the edge enqueued through the ingest handler, as the event source would. */
  async function drainIngestQueue(): Promise<void> {
    const ingest = makeIngest(stack);
    for (;;) {
      const { Messages = [] } = await stack.sqs.send(
        new ReceiveMessageCommand({ QueueUrl: stack.config.ingestQueueUrl, MaxNumberOfMessages: 10 }),
      );
      if (!Messages.length) return;
      const result = await ingest(sqsEvent(Messages.map((m) => m.Body ?? '')), context);
      expect(result.batchItemFailures).toEqual([]);
    }
  }

  it('opens a session for a visitor: the session is theirs, what they typed is only a claim', async () => {
    const session = await openSession();
    expect(session.sessionId).toMatch(/^chat_/);
    expect(session.token.length).toBeGreaterThanOrEqual(40);
    const customer = await stack.customers.get(session.customerId);
    expect(customer?.identities).toEqual([`chat:${session.sessionId}`]);
    expect(customer?.evidence).toEqual({ [`chat:${session.sessionId}`]: 'chat:session' });
    expect(customer?.claims).toMatchObject([{ identity: 'email:ana@example.com', evidence: 'chat:form' }]);
    expect(await stack.customers.findByIdentity('email:ana@example.com')).toBeUndefined();
  });

  it("gives a visitor who types a verified customer's email and another's phone a customer of their own", async () => {
    // Ana proved her address by writing an email, Bob his number by texting.
    const ingest = makeIngest(stack);
    const proven = await ingest(
      sqsEvent([
        chatMessage({
          channel: 'email',
          providerMessageId: 'ana-mail',
          identities: ['email:ana@example.com'],
        }),
        chatMessage({ channel: 'sms', providerMessageId: 'bob-sms', identities: ['sms:+14155550100'] }),
      ]),
      context,
    );
    expect(proven.batchItemFailures).toEqual([]);
    const ana = await stack.customers.findByIdentity('email:ana@example.com');
    const bob = await stack.customers.findByIdentity('phone:+14155550100');
    const timelines = async () =>
      Promise.all(
        [ana, bob].map(async (c) => (await stack.timeline.query([c?.customerId ?? ''], { limit: 50 })).items),
      );
    const before = await timelines();

    const visitor = await openSession({ email: 'ana@example.com', phone: '(415) 555-0100' });
    const posted = await chat(
      httpEvent(POST_MESSAGE, {
        pathParameters: { sessionId: visitor.sessionId },
        token: visitor.token,
        body: { text: 'what is on my card?', clientMessageId: 'c1' },
      }),
      context,
    );
    expect(posted.statusCode).toBe(202);
    await drainIngestQueue();
    const visitorTimeline = await stack.timeline.query([visitor.customerId], { limit: 10 });
    expect(visitorTimeline.items.map((i) => i.text)).toEqual(['what is on my card?']);

    expect(visitor.customerId).not.toBe(ana?.customerId);
    expect(visitor.customerId).not.toBe(bob?.customerId);
    expect((await stack.customers.findByIdentity('email:ana@example.com'))?.customerId).toBe(ana?.customerId);
    expect((await stack.customers.findByIdentity('phone:+14155550100'))?.customerId).toBe(bob?.customerId);
    expect((await stack.customers.get(visitor.customerId))?.claims.map((c) => c.identity)).toEqual([
      'email:ana@example.com',
      'phone:+14155550100',
    ]);
    expect(await timelines()).toEqual(before);
  });

  it('gives two visitors who type the same email two customers', async () => {
    const [a, b] = await Promise.all([
      openSession({ email: 'new@example.com' }),
      openSession({ email: 'new@example.com' }),
    ]);
    expect(a.customerId).not.toBe(b.customerId);
  });

  it('accepts a message with 202, and the same clientMessageId again stores nothing new', async () => {
    const session = await openSession();
    const send = (clientMessageId: string, text: string) =>
      chat(
        httpEvent(POST_MESSAGE, {
          pathParameters: { sessionId: session.sessionId },
          token: session.token,
          body: { text, clientMessageId },
        }),
        context,
      );
    expect((await send('c1', 'Where is my refund?')).statusCode).toBe(202);
    expect((await send('c1', 'Where is my refund?')).statusCode).toBe(202);
    expect((await send('c2', 'Order 48213')).statusCode).toBe(202);
    await drainIngestQueue();

    const list = await chat(
      httpEvent(GET_MESSAGES, { pathParameters: { sessionId: session.sessionId }, token: session.token }),
      context,
    );
    expect(list.statusCode).toBe(200);
    expect(
      body(list).messages.map((m: { text: string; clientMessageId: string }) => [m.clientMessageId, m.text]),
    ).toEqual([
      ['c1', 'Where is my refund?'],
      ['c2', 'Order 48213'],
    ]);
  });

  it('lists no message retention removed: the visitor has nothing to read in it', async () => {
    const session = await openSession();
    const old = '2026-05-01T09:00:00.000Z';
    await new TimelineRepo(stack.table, { channels: { chat: 1 } }).append({
      interactionId: `int_${session.sessionId}_old`,
      customerId: session.customerId,
      channel: 'chat',
      direction: 'inbound',
      kind: 'message',
      at: old,
      providerMessageId: `${session.sessionId}:c0`,
      threadKey: `chat:${session.sessionId}`,
      text: 'an old question',
      attachments: [],
      recordedAt: old,
    });
    await chat(
      httpEvent(POST_MESSAGE, {
        pathParameters: { sessionId: session.sessionId },
        token: session.token,
        body: { text: 'a new question', clientMessageId: 'c1' },
      }),
      context,
    );
    await drainIngestQueue();
    const list = await chat(
      httpEvent(GET_MESSAGES, { pathParameters: { sessionId: session.sessionId }, token: session.token }),
      context,
    );
    expect(body(list).messages.map((m: { text: string }) => m.text)).toEqual(['a new question']);
    const thread = await stack.timeline.thread([session.customerId], `chat:${session.sessionId}`);
    expect(thread.map((entry) => entry.removed?.reason)).toEqual(['retention', undefined]);
  });

  describe('a message sent again (a client retry)', () => {
    /** Moves a second on every reading, so each acceptance has a time of its own. */
    function steppingClock() {
      let last = Date.now();
      return {
        now: () => {
          last += 1_000;
          return new Date(last);
        },
        last: () => new Date(last).toISOString(),
      };
    }

    /** Takes every copy off the queue, so that the test decides the order ingest sees them in. */
    async function takeQueued(): Promise<string[]> {
      const bodies: string[] = [];
      for (;;) {
        const { Messages = [] } = await stack.sqs.send(
          new ReceiveMessageCommand({ QueueUrl: stack.config.ingestQueueUrl, MaxNumberOfMessages: 10 }),
        );
        if (!Messages.length) return bodies;
        for (const message of Messages) {
          bodies.push(message.Body ?? '');
          await stack.sqs.send(
            new DeleteMessageCommand({
              QueueUrl: stack.config.ingestQueueUrl,
              ReceiptHandle: message.ReceiptHandle,
            }),
          );
        }
      }
    }

    const shuffled = <T>(items: T[]): T[] =>
      items
        .map((item) => ({ item, key: Math.random() }))
        .sort((a, b) => a.key - b.key)
        .map(({ item }) => item);

    it('keeps its place and its first time, whichever copy ingest stores first (20 runs)', async () => {
      const clock = steppingClock();
      const edge = makeHandler({ ...stack, clock });
      const ingest = makeIngest(stack);
      for (let run = 0; run < 20; run++) {
        const session = await openSession({ name: `Run ${run}` });
        const send = (clientMessageId: string) =>
          edge(
            httpEvent(POST_MESSAGE, {
              pathParameters: { sessionId: session.sessionId },
              token: session.token,
              body: { text: `text of ${clientMessageId}`, clientMessageId },
            }),
            context,
          );
        const firstAt: Record<string, string> = {};
        for (const id of ['m0', 'm1', 'm2']) {
          expect((await send(id)).statusCode).toBe(202);
          firstAt[id] = clock.last();
        }
        // The client sends m1 again, twice at once: the copies race each other at the edge…
        const retries = await Promise.all([send('m1'), send('m1')]);
        expect(retries.map((retry) => retry.statusCode)).toEqual([202, 202]);
        // …and every copy reaches ingest at the same moment, in any order.
        const copies = await takeQueued();
        expect(copies).toHaveLength(5);
        const results = await Promise.all(shuffled(copies).map((copy) => ingest(sqsEvent([copy]), context)));
        expect(results.flatMap((result) => result.batchItemFailures)).toEqual([]);

        const list = await edge(
          httpEvent(GET_MESSAGES, { pathParameters: { sessionId: session.sessionId }, token: session.token }),
          context,
        );
        const messages = body(list).messages.map(
          (m: { clientMessageId: string; text: string; at: string }) => [m.clientMessageId, m.text, m.at],
        );
        expect(messages, `run ${run}`).toEqual(
          ['m0', 'm1', 'm2'].map((id) => [id, `text of ${id}`, firstAt[id]]),
        );
      }
    });

    it('refuses another text under an id already accepted with 409, enqueuing nothing', async () => {
      const session = await openSession();
      const send = (text: string) =>
        chat(
          httpEvent(POST_MESSAGE, {
            pathParameters: { sessionId: session.sessionId },
            token: session.token,
            body: { text, clientMessageId: 'c1' },
          }),
          context,
        );
      expect((await send('Where is my refund?')).statusCode).toBe(202);
      await takeQueued();
      const reused = await send('Cancel my order');
      expect(reused.statusCode).toBe(409);
      expect(body(reused).error).toMatchObject({ code: 'conflict', field: 'clientMessageId' });
      expect(await takeQueued()).toEqual([]);
      // The original is still welcome again, as a retry.
      expect((await send('Where is my refund?')).statusCode).toBe(202);
    });
  });

  it('refuses a missing or wrong token with 401', async () => {
    const session = await openSession();
    const event = (token?: string) =>
      httpEvent(POST_MESSAGE, {
        pathParameters: { sessionId: session.sessionId },
        ...(token ? { token } : {}),
        body: { text: 'hi', clientMessageId: 'c1' },
      });
    expect((await chat(event(), context)).statusCode).toBe(401);
    expect((await chat(event(`${session.token}x`), context)).statusCode).toBe(401);
    expect((await chat(event('short'), context)).statusCode).toBe(401);
    const other = await openSession({ name: 'Mallory' });
    expect((await chat(event(other.token), context)).statusCode).toBe(401);
  });

  it('answers 404 for a session that does not exist', async () => {
    const result = await chat(
      httpEvent(GET_MESSAGES, { pathParameters: { sessionId: 'chat_nope' }, token: 'whatever' }),
      context,
    );
    expect(result.statusCode).toBe(404);
  });

  it.each([
    ['invalid JSON', { rawBody: '{"name":' }, 'body'],
    ['an unknown field', { body: { name: 'Ana', nickname: 'A' } }, 'body'],
    ['a malformed email', { body: { email: 'ana-at-example' } }, 'email'],
    ['an impossible phone number', { body: { phone: '12' } }, 'phone'],
    ['a wrongly typed topic', { body: { topic: 42 } }, 'topic'],
  ])('rejects %s with a 400 that names the field, writing nothing', async (_, request, field) => {
    const before = await itemCount();
    const result = await chat(httpEvent('POST /chat/sessions', request), context);
    expect(result.statusCode).toBe(400);
    expect(body(result).error.field).toBe(field);
    expect(await itemCount()).toBe(before);
  });

  it('rejects an invalid message body with a 400 and enqueues nothing', async () => {
    const session = await openSession();
    const result = await chat(
      httpEvent(POST_MESSAGE, {
        pathParameters: { sessionId: session.sessionId },
        token: session.token,
        body: { text: '   ', clientMessageId: 'c1' },
      }),
      context,
    );
    expect(result.statusCode).toBe(400);
    expect(body(result).error.field).toBe('text');
    const { Messages = [] } = await stack.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: stack.config.ingestQueueUrl }),
    );
    expect(Messages).toHaveLength(0);
  });

  it('rejects a body over 256 KB with 413', async () => {
    const result = await chat(
      httpEvent('POST /chat/sessions', { body: { name: 'x'.repeat(300_000) } }),
      context,
    );
    expect(result.statusCode).toBe(413);
  });
});
