import { randomUUID } from 'node:crypto';
import { DeleteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IdentityKey } from '#core/model.ts';
import { makeHandler as makeIngest } from '#handlers/ingest.ts';
import { makeHandler } from '#handlers/live-updates.ts';
import { localClientConfig } from '#local/emulators.ts';
import { startStreamReader } from '#local/stream-reader.ts';
import { LiveSubscriptionsRepo } from '#store/live-subscriptions-repo.ts';
import { RetentionMarkers } from '#store/retention-markers.ts';
import { keys } from '#store/table.ts';
import { TimelineRepo } from '#store/timeline-repo.ts';
import { chatMessage, context, sqsEvent } from '../support/events.ts';
import {
  listening,
  type ManagementStandIn,
  startManagementStandIn,
  streamEvent,
  streamRecord,
  ttlRemovalRecord,
} from '../support/live.ts';
import { createTestStack, dynamoEndpoint, type TestStack } from '../support/local-aws.ts';

const supervisor = { agentId: 'sup', isSupervisor: true };

describe('live updates: table changes to notices', () => {
  let stack: TestStack;
  let subscriptions: LiveSubscriptionsRepo;
  let management: ManagementStandIn;
  const gone = new Set<string>();
  const broken = new Set<string>();

  beforeAll(async () => {
    stack = await createTestStack();
    subscriptions = new LiveSubscriptionsRepo(stack.table, stack.clock.now);
    management = await startManagementStandIn(gone, broken);
  });
  afterAll(() => management?.close());

  const listen = (topics: string[], listener = supervisor) => listening(subscriptions, topics, listener);
  const handler = () =>
    makeHandler({
      subscriptions,
      connections: management.connections,
      markers: new RetentionMarkers(stack.table),
    });

  it('tells each listener once per batch which of its topics changed, and nothing else', async () => {
    const agent = await listen(['agent:agent-ana'], { agentId: 'agent-ana', isSupervisor: false });
    const floor = await listen(['queues', 'agents']);
    const customer = await listen(['customer:cust_live_1']);
    const bystander = await listen(['customer:cust_other']);
    const item = { ...keys.workItem('wi_live_1'), state: 'queued', customerId: 'cust_live_1' };
    await handler()(
      streamEvent(
        streamRecord(item, { ...item, state: 'offered', agentId: 'agent-ana' }),
        streamRecord(undefined, {
          ...keys.interaction('int_1'),
          gsi1pk: keys.timelinePartition('cust_live_1'),
        }),
        streamRecord(undefined, keys.queueStats('billing', '2026-01-01')),
        streamRecord(undefined, keys.liveSubscription('queues', 'c-echo')),
      ),
      context,
    );
    expect(management.posted(agent)).toEqual([{ type: 'changed', topics: ['agent:agent-ana'] }]);
    expect(management.posted(floor)).toEqual([{ type: 'changed', topics: ['agents', 'queues'] }]);
    expect(management.posted(customer)).toEqual([{ type: 'changed', topics: ['customer:cust_live_1'] }]);
    expect(management.posted(bystander)).toEqual([]);
  });

  it('forgets a connection that is gone, and still tells the others after a failing one', async () => {
    const dead = await listen(['customer:cust_live_2']);
    const failing = await listen(['customer:cust_live_2']);
    const alive = await listen(['customer:cust_live_2']);
    gone.add(dead);
    broken.add(failing);
    await handler()(streamEvent(streamRecord(undefined, keys.customer('cust_live_2'))), context);

    expect(management.posted(alive)).toEqual([{ type: 'changed', topics: ['customer:cust_live_2'] }]);
    expect(management.posted(failing)).toHaveLength(1);
    expect(await subscriptions.get(dead)).toBeUndefined();
    const listeners = await subscriptions.listeners('customer:cust_live_2');
    expect(listeners).not.toContain(dead);
    // A failure other than 410 may be passing: the connection stays.
    expect(listeners).toEqual(expect.arrayContaining([failing, alive]));
  });

  it('posts ids and topics only: no message body reaches the management API', async () => {
    const connectionId = await listen(['customer:cust_live_3']);
    const entry = {
      ...keys.interaction('int_secret'),
      gsi1pk: keys.timelinePartition('cust_live_3'),
      text: 'my card number is 4111 1111 1111 1111',
    };
    await handler()(streamEvent(streamRecord(undefined, entry)), context);
    const [request] = management.requests.filter((r) => r.path.includes(encodeURIComponent(connectionId)));
    expect(request?.body).toBe('{"type":"changed","topics":["customer:cust_live_3"]}');
  });

  it("hears a chat message stored in DynamoDB Local through the table's stream", async () => {
    const reader = await startStreamReader({
      dynamo: localClientConfig(dynamoEndpoint()),
      tableName: stack.table.tableName,
      handler: handler(),
      functionName: 'liveUpdates',
      idleMs: 50,
    });
    try {
      const ingest = makeIngest(stack);
      const identities = [`email:live-${randomUUID()}@example.com`];
      await ingest(sqsEvent([chatMessage({ identities })]), context);
      const customer = await stack.customers.findByIdentity(identities[0] as IdentityKey);
      if (!customer) throw new Error('the message made no customer');
      const connectionId = await listen([`customer:${customer.customerId}`]);
      await ingest(sqsEvent([chatMessage({ identities, text: 'anyone there?' })]), context);
      const deadline = Date.now() + 10_000;
      while (management.posted(connectionId).length === 0 && Date.now() < deadline) {
        await new Promise((done) => setTimeout(done, 50));
      }
      expect(management.posted(connectionId)).toContainEqual({
        type: 'changed',
        topics: [`customer:${customer.customerId}`],
      });
    } finally {
      await reader.stop();
    }
  });
});

describe('live updates: timeline entries retention removed', () => {
  const written = Date.UTC(2026, 4, 1, 9, 0, 0) / 1000;
  const DAY = 86_400;
  let stack: TestStack;
  let management: ManagementStandIn;
  beforeAll(async () => {
    stack = await createTestStack();
    management = await startManagementStandIn(new Set());
  });
  afterAll(() => management?.close());

  const handler = () =>
    makeHandler({
      subscriptions: new LiveSubscriptionsRepo(stack.table, stack.clock.now),
      connections: management.connections,
      markers: new RetentionMarkers(stack.table),
    });

  /** Stores a chat message under a one-day policy, then deletes it as the TTL would. */
  async function expire(interactionId: string, customerId: string): Promise<Record<string, unknown>> {
    const at = new Date(written * 1000).toISOString();
    const timeline = new TimelineRepo(stack.table, { channels: { chat: 1 } }, () => new Date(written * 1000));
    await timeline.append({
      interactionId,
      customerId,
      conversationId: 'conv_ttl',
      channel: 'chat',
      direction: 'inbound',
      kind: 'message',
      at,
      providerMessageId: `session-ttl:${interactionId}`,
      text: 'my order number is 4711',
      attachments: [],
      recordedAt: at,
    });
    const key = keys.interaction(interactionId);
    const { Item } = await stack.table.doc.send(
      new GetCommand({ TableName: stack.table.tableName, Key: key }),
    );
    await stack.table.doc.send(new DeleteCommand({ TableName: stack.table.tableName, Key: key }));
    return Item ?? {};
  }

  it('leaves a marker the timeline shows as removed once the TTL deleted an entry', async () => {
    const item = await expire('int_ttl_1', 'cust_ttl');
    await handler()(streamEvent(ttlRemovalRecord(item), ttlRemovalRecord(item)), context);
    const { items } = await stack.timeline.query(['cust_ttl'], { limit: 10 });
    expect(items).toEqual([
      expect.objectContaining({
        interactionId: 'int_ttl_1',
        channel: 'chat',
        direction: 'inbound',
        kind: 'message',
        attachments: [],
        removed: { reason: 'retention', at: new Date((written + DAY) * 1000).toISOString() },
      }),
    ]);
    expect(items[0]).not.toHaveProperty('text');
    const { Item: marker } = await stack.table.doc.send(
      new GetCommand({ TableName: stack.table.tableName, Key: keys.interaction('int_ttl_1') }),
    );
    expect(marker).not.toHaveProperty('expiresAt');
    expect(JSON.stringify(marker)).not.toContain('4711');
  });

  it('shows nothing written onto a marker later, such as a late delivery report', async () => {
    const item = await expire('int_ttl_3', 'cust_late');
    await handler()(streamEvent(ttlRemovalRecord(item)), context);
    await stack.timeline.setDelivery('int_ttl_3', { status: 'read', history: [] }, 0);
    const entry = await stack.timeline.get('int_ttl_3');
    expect(entry?.removed?.reason).toBe('retention');
    expect(entry).not.toHaveProperty('deliveryStatus');
  });

  it('leaves no marker for an entry someone deleted, such as an erasure', async () => {
    const item = await expire('int_ttl_2', 'cust_erased');
    const { userIdentity: _, ...deleted } = ttlRemovalRecord(item);
    await handler()(streamEvent(deleted), context);
    expect((await stack.timeline.query(['cust_erased'], { limit: 10 })).items).toEqual([]);
  });
});
