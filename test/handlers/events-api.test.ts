import { createHash } from 'node:crypto';
import { DeleteMessageBatchCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_ROUTING_RULES, RoutingRulesSchema } from '#core/entry-points.ts';
import type { Interaction } from '#core/model.ts';
import { workItemIdFor } from '#core/work-item.ts';
import { makeHandler } from '#handlers/events-api.ts';
import { makeHandler as makeIngest } from '#handlers/ingest.ts';
import type { HttpResult } from '#http/response.ts';
import { chatMessage, context, httpEvent, sqsEvent, supervisorClaims } from '../support/events.ts';
import { createTestStack, type TestStack } from '../support/local-aws.ts';

const body = (result: HttpResult) => JSON.parse(result.body ?? '{}');
const agentClaims = { sub: 'sam-sub', 'cognito:username': 'sam', 'cognito:groups': 'agents' };

let eventCounter = 0;
const anEvent = (overrides: Record<string, unknown> = {}) => {
  eventCounter += 1;
  return {
    type: 'order.shipped',
    occurredAt: '2026-05-01T10:00:00+02:00',
    identity: 'email:ana@example.com',
    summary: 'Order 1001 shipped',
    attributes: { order: '1001', items: 2, gift: false },
    eventId: `evt-${eventCounter}`,
    ...overrides,
  };
};

describe('business events API', () => {
  let stack: TestStack;
  let api: ReturnType<typeof makeHandler>;

  beforeAll(async () => {
    stack = await createTestStack({
      routingRules: RoutingRulesSchema.parse({
        ...DEFAULT_ROUTING_RULES,
        eventRules: [{ type: 'return.requested', queue: 'returns' }],
      }),
    });
    api = makeHandler(stack);
  });
  beforeEach(() => drainIngestQueue());

  const call = (routeKey: string, options: Parameters<typeof httpEvent>[1] = {}) =>
    api(httpEvent(routeKey, options), context);
  const asSupervisor = (routeKey: string, options: Parameters<typeof httpEvent>[1] = {}) =>
    call(routeKey, { claims: supervisorClaims, ...options });

  async function newKey(eventTypes: string[] = ['order.*', 'return.requested']) {
    const result = await asSupervisor('POST /events/keys', { body: { name: 'Order service', eventTypes } });
    expect(result.statusCode).toBe(201);
    return body(result) as { apiKey: { keyId: string; prefix: string }; secret: string };
  }

  const postEvent = (secret: string | undefined, payload: unknown, header = 'authorization') => {
    const event = httpEvent('POST /events', { body: payload });
    if (secret) event.headers[header] = header === 'authorization' ? `Bearer ${secret}` : secret;
    return api(event, context);
  };

  /** Moves whatever the API enqueued through the ingest handler, as the event source would. */
  async function drainIngestQueue(): Promise<number> {
    const ingest = makeIngest(stack);
    let moved = 0;
    for (;;) {
      const { Messages = [] } = await stack.sqs.send(
        new ReceiveMessageCommand({ QueueUrl: stack.config.ingestQueueUrl, MaxNumberOfMessages: 10 }),
      );
      if (!Messages.length) return moved;
      moved += Messages.length;
      const result = await ingest(sqsEvent(Messages.map((m) => m.Body ?? '')), context);
      expect(result.batchItemFailures).toEqual([]);
      // As Lambda's poller does: a processed message is gone, and cannot be counted again.
      await stack.sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: stack.config.ingestQueueUrl,
          Entries: Messages.map((m, index) => ({ Id: String(index), ReceiptHandle: m.ReceiptHandle })),
        }),
      );
    }
  }

  async function tableItems(): Promise<Array<Record<string, unknown>>> {
    const { Items = [] } = await stack.table.doc.send(new ScanCommand({ TableName: stack.table.tableName }));
    return Items;
  }

  async function timelineOf(identity: string): Promise<Interaction[]> {
    const customer = await stack.customers.findByIdentity(identity as `email:${string}`);
    if (!customer) return [];
    return (await stack.timeline.query([customer.customerId], { limit: 100 })).items;
  }

  describe('API keys', () => {
    it('are shown once, listed without their secret, kept only as a digest, and refused once revoked', async () => {
      const { apiKey, secret } = await newKey();
      expect(secret).toMatch(/^otk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
      expect(secret.startsWith(`otk_${apiKey.keyId}_`)).toBe(true);
      expect(apiKey.prefix.length).toBeLessThan(30);
      expect(JSON.stringify(apiKey)).not.toContain(secret.slice(25));

      const listed = await asSupervisor('GET /events/keys');
      expect(listed.statusCode).toBe(200);
      expect(body(listed).apiKeys).toContainEqual(
        expect.objectContaining({ keyId: apiKey.keyId, name: 'Order service', prefix: apiKey.prefix }),
      );
      expect(listed.body).not.toContain(secret.slice(25));
      expect(listed.body).not.toContain('digest');

      const stored = (await tableItems()).find((item) => item.keyId === apiKey.keyId);
      expect(JSON.stringify(stored)).not.toContain(secret.slice(25));
      expect(stored?.digest).toBe(createHash('sha256').update(secret).digest('hex'));

      expect((await postEvent(secret, anEvent())).statusCode).toBe(202);
      expect((await postEvent(secret, anEvent(), 'x-api-key')).statusCode).toBe(202);

      const revoked = await asSupervisor('DELETE /events/keys/{keyId}', {
        pathParameters: { keyId: apiKey.keyId },
      });
      expect(revoked.statusCode).toBe(200);
      expect(body(revoked).apiKey.revokedAt).toEqual(expect.any(String));
      const refused = await postEvent(secret, anEvent());
      expect(refused.statusCode).toBe(401);
      const relisted = body(await asSupervisor('GET /events/keys')).apiKeys;
      expect(relisted.find((k: { keyId: string }) => k.keyId === apiKey.keyId).revokedBy).toBe(
        'test-supervisor',
      );
    });

    it('refuse a missing, malformed or wrong key alike', async () => {
      const { apiKey } = await newKey();
      const forged = `otk_${apiKey.keyId}_${'A'.repeat(43)}`;
      for (const secret of [undefined, 'otk_nope', forged]) {
        const result = await postEvent(secret, anEvent());
        expect(result.statusCode, String(secret)).toBe(401);
        expect(body(result).error.message).toBe('missing or invalid API key');
      }
      expect(await drainIngestQueue()).toBe(0);
    });

    it('are managed by supervisors only', async () => {
      const asAgent = await call('POST /events/keys', {
        claims: agentClaims,
        body: { name: 'x', eventTypes: ['*'] },
      });
      expect(asAgent.statusCode).toBe(403);
      expect((await call('GET /events/keys', { claims: agentClaims })).statusCode).toBe(403);
      expect((await call('GET /events/keys')).statusCode).toBe(401);
      const unknown = await asSupervisor('DELETE /events/keys/{keyId}', {
        pathParameters: { keyId: '0000000000000000' },
      });
      expect(unknown.statusCode).toBe(404);
    });

    it('need a name and valid event type patterns', async () => {
      const noTypes = await asSupervisor('POST /events/keys', { body: { name: 'x', eventTypes: [] } });
      expect(body(noTypes).error.field).toBe('eventTypes');
      const badPattern = await asSupervisor('POST /events/keys', {
        body: { name: 'x', eventTypes: ['order*'] },
      });
      expect(badPattern.statusCode).toBe(400);
      expect(body(badPattern).error.field).toBe('eventTypes.0');
    });
  });

  it('refuses a type outside the key’s patterns with a 403 that names it, and enqueues nothing', async () => {
    const { secret } = await newKey(['order.*']);
    const result = await postEvent(secret, anEvent({ type: 'return.requested' }));
    expect(result.statusCode).toBe(403);
    expect(body(result).error.message).toContain('return.requested');
    expect(body(result).error.field).toBe('type');
    expect(await drainIngestQueue()).toBe(0);
  });

  it('stores an event once however often it is posted', async () => {
    const { secret } = await newKey();
    const payload = anEvent({ identity: 'email:dedupe@example.com' });
    const first = await postEvent(secret, payload);
    const retry = await postEvent(secret, payload);
    expect([first.statusCode, retry.statusCode]).toEqual([202, 202]);
    expect(body(retry).interactionId).toBe(body(first).interactionId);
    await drainIngestQueue();
    const late = await postEvent(secret, payload);
    expect(late.statusCode).toBe(200);
    expect(body(late)).toMatchObject({ duplicate: true, interactionId: body(first).interactionId });
    expect(await drainIngestQueue()).toBe(0);
    const entries = (await timelineOf('email:dedupe@example.com')).filter((i) => i.kind === 'event');
    expect(entries).toHaveLength(1);
  });

  it("puts an event on a known customer's timeline as an event entry, vouched for by the key", async () => {
    const ingest = makeIngest(stack);
    await ingest(
      sqsEvent([chatMessage({ channel: 'email', identities: ['email:known@example.com'] })]),
      context,
    );
    const before = await stack.customers.findByIdentity('email:known@example.com');
    const { apiKey, secret } = await newKey();
    const payload = anEvent({ identity: 'email:Known@Example.com' });
    expect((await postEvent(secret, payload)).statusCode).toBe(202);
    await drainIngestQueue();

    const after = await stack.customers.findByIdentity('email:known@example.com');
    expect(after?.customerId).toBe(before?.customerId);
    expect(after?.evidence).toEqual(before?.evidence);
    const entry = (await timelineOf('email:known@example.com')).find((i) => i.kind === 'event');
    expect(entry).toMatchObject({
      channel: 'store',
      direction: 'inbound',
      identity: 'email:known@example.com',
      at: '2026-05-01T08:00:00.000Z',
      business: {
        type: 'order.shipped',
        summary: 'Order 1001 shipped',
        attributes: { order: '1001', items: 2, gift: false },
        eventId: payload.eventId,
        source: apiKey.keyId,
      },
    });
  });

  it('makes a customer of an identity nobody has yet, proven by the key', async () => {
    const { apiKey, secret } = await newKey();
    await postEvent(secret, anEvent({ identity: 'phone:(415) 555-0199' }));
    await drainIngestQueue();
    const customer = await stack.customers.findByIdentity('phone:+14155550199');
    expect(customer?.evidence).toEqual({ 'phone:+14155550199': `events:${apiKey.keyId}` });
  });

  it('opens a work item in the queue a routing rule names, and none for other events', async () => {
    const { secret } = await newKey();
    const returned = await postEvent(
      secret,
      anEvent({ type: 'return.requested', identity: 'email:returns@example.com' }),
    );
    const shipped = await postEvent(secret, anEvent({ identity: 'email:shipped@example.com' }));
    await drainIngestQueue();

    const item = await stack.workItems.get(workItemIdFor(body(returned).interactionId));
    expect(item).toMatchObject({ queueId: 'returns', channel: 'store', state: 'queued' });
    expect(await stack.workItems.get(workItemIdFor(body(shipped).interactionId))).toBeUndefined();
    const [entry] = await timelineOf('email:shipped@example.com');
    const conversation = await stack.conversations.get(entry?.conversationId ?? '');
    expect(conversation?.openWorkItemId).toBeUndefined();
  });

  it.each([
    ['type', anEvent({ type: 'Order Shipped' })],
    ['type', { ...anEvent(), type: undefined }],
    ['summary', anEvent({ summary: 'x'.repeat(501) })],
    ['attributes.address', anEvent({ attributes: { address: { city: 'Porto' } } })],
    [
      'attributes',
      anEvent({ attributes: Object.fromEntries([...Array(31).keys()].map((i) => [`a${i}`, i])) }),
    ],
    ['identity', anEvent({ identity: 'fax:123' })],
    ['identity', anEvent({ identity: 'messenger:1234567' })],
    ['occurredAt', anEvent({ occurredAt: 'yesterday' })],
    ['occurredAt', anEvent({ occurredAt: new Date(Date.now() + 3_600_000).toISOString() })],
    ['eventId', anEvent({ eventId: 'has spaces' })],
    ['body', { ...anEvent(), customerId: 'cust_1' }],
  ])('answers a bad %s with a 400 naming it and writes nothing', async (field, payload) => {
    const { secret } = await newKey(['*']);
    const before = (await tableItems()).length;
    const result = await postEvent(secret, payload);
    expect(result.statusCode).toBe(400);
    expect(body(result).error.field).toBe(field);
    expect(await drainIngestQueue()).toBe(0);
    expect((await tableItems()).length).toBe(before);
  });

  describe('from inside AWS', () => {
    const iamEvent = (payload: unknown, iam?: Record<string, string>): APIGatewayProxyEventV2 => {
      const event = httpEvent('POST /events/iam', { body: payload });
      if (iam) Object.assign(event.requestContext, { authorizer: { iam } });
      return event;
    };

    it('takes any event type from a principal API Gateway authenticated', async () => {
      const arn = 'arn:aws:sts::123456789012:assumed-role/order-service/session';
      const result = await api(
        iamEvent(anEvent({ type: 'delivery.failed', identity: 'email:iam@example.com' }), {
          accountId: '123456789012',
          userArn: arn,
        }),
        context,
      );
      expect(result.statusCode).toBe(202);
      await drainIngestQueue();
      const [entry] = await timelineOf('email:iam@example.com');
      expect(entry?.business?.source).toBe(`iam:${arn}`);
      const customer = await stack.customers.findByIdentity('email:iam@example.com');
      expect(customer?.evidence['email:iam@example.com']).toBe('events:iam:123456789012');
    });

    it('refuses a request that reached it without IAM authentication', async () => {
      expect((await api(iamEvent(anEvent()), context)).statusCode).toBe(401);
      expect(await drainIngestQueue()).toBe(0);
    });
  });

  describe('store visits from the console', () => {
    let customerId: string;
    beforeAll(async () => {
      await makeIngest(stack)(
        sqsEvent([chatMessage({ channel: 'sms', identities: ['phone:+14155550123'] })]),
        context,
      );
      customerId = (await stack.customers.findByIdentity('phone:+14155550123'))?.customerId ?? '';
    });
    const visit = (payload: unknown, claims: Record<string, string> | null = agentClaims) =>
      call('POST /customers/{customerId}/store-visits', {
        pathParameters: { customerId },
        body: payload,
        ...(claims ? { claims } : {}),
      });

    it('records what staff noted, by whom and where, and opens no work item', async () => {
      const result = await visit({ summary: 'Collected order 1001 at the till', storeId: 'porto-1' });
      expect(result.statusCode).toBe(202);
      await drainIngestQueue();
      const entry = (await stack.timeline.query([customerId], { limit: 50 })).items.find(
        (i) => i.interactionId === body(result).interactionId,
      );
      expect(entry).toMatchObject({
        kind: 'event',
        channel: 'store',
        sentBy: 'sam',
        text: 'Collected order 1001 at the till',
        business: { type: 'store.visit', attributes: { storeId: 'porto-1' }, source: 'agent:sam' },
      });
      expect(await stack.workItems.get(workItemIdFor(entry?.interactionId ?? ''))).toBeUndefined();
    });

    it('needs a signed-in agent, a known customer and a summary', async () => {
      expect((await visit({ summary: 'x' }, null)).statusCode).toBe(401);
      const unknown = await call('POST /customers/{customerId}/store-visits', {
        pathParameters: { customerId: 'cust_nobody' },
        body: { summary: 'x' },
        claims: agentClaims,
      });
      expect(unknown.statusCode).toBe(404);
      const empty = await visit({ summary: '   ' });
      expect(body(empty).error.field).toBe('summary');
      expect(await drainIngestQueue()).toBe(0);
    });
  });
});
