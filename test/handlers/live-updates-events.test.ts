import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOMAIN_EVENT_SCHEMAS, type DomainEventType } from '#core/domain-events.ts';
import { makeHandler as makeIngest } from '#handlers/ingest.ts';
import { makeHandler } from '#handlers/live-updates.ts';
import { localClientConfig } from '#local/emulators.ts';
import { type EventBridgeStandIn, startEventBridgeStandIn } from '#local/eventbridge-standin.ts';
import { startStreamReader } from '#local/stream-reader.ts';
import { EventBus } from '#shared/event-bus.ts';
import { LiveSubscriptionsRepo } from '#store/live-subscriptions-repo.ts';
import { RetentionMarkers } from '#store/retention-markers.ts';
import {
  conversationItem,
  customerItem,
  interactionItem,
  itemRecord,
  workItemImage,
} from '../support/domain-events.ts';
import { chatMessage, context, sqsEvent } from '../support/events.ts';
import { type ManagementStandIn, startManagementStandIn, streamEvent } from '../support/live.ts';
import { createTestStack, dynamoEndpoint, type TestStack } from '../support/local-aws.ts';

const BUS = 'onethread-test-events';
const written = new Date('2026-05-01T10:00:05.000Z');

describe('live updates: domain events to the event bus', () => {
  let stack: TestStack;
  let management: ManagementStandIn;
  let bridge: EventBridgeStandIn;
  let bus: EventBus;

  beforeAll(async () => {
    stack = await createTestStack();
    management = await startManagementStandIn(new Set());
    bridge = await startEventBridgeStandIn();
    bus = new EventBus({ busName: BUS, client: localClientConfig(bridge.endpoint), pauseMs: () => 1 });
  });
  afterAll(async () => {
    bus?.destroy();
    await bridge?.stop();
    await management?.close();
  });

  const handler = ({ events }: { events?: EventBus } = { events: bus }) =>
    makeHandler({
      subscriptions: new LiveSubscriptionsRepo(stack.table, stack.clock.now),
      connections: management.connections,
      markers: new RetentionMarkers(stack.table),
      events,
    });
  const entriesSince = (count: number) => bridge.requests.slice(count).flatMap((request) => request.Entries);

  it('puts each change as an entry of the onethread source on the bus, its detail as the schema says', async () => {
    const before = bridge.requests.length;
    const queued = workItemImage({ state: 'queued', routingVersion: 1 });
    await handler()(
      streamEvent(
        itemRecord(undefined, conversationItem(), written),
        itemRecord(undefined, interactionItem(), written),
        itemRecord(queued, { ...queued, state: 'offered', agentId: 'agent-ana', routingVersion: 2 }, written),
      ),
      context,
    );
    const entries = entriesSince(before);
    expect(entries.map((entry) => entry.DetailType)).toEqual([
      'conversation.opened',
      'interaction.recorded',
      'work-item.offered',
    ]);
    for (const entry of entries) {
      expect(entry).toMatchObject({ Source: 'onethread', EventBusName: BUS, Time: written.getTime() / 1000 });
      const schema = DOMAIN_EVENT_SCHEMAS[entry.DetailType as DomainEventType];
      expect(schema.safeParse(JSON.parse(String(entry.Detail))).success).toBe(true);
    }
    expect(JSON.stringify(entries)).not.toMatch(/Where is my refund|ana@example\.com|refund promised/);
  });

  it('sends the same event id when the stream delivers a record again', async () => {
    const record = itemRecord(customerItem(), customerItem({ version: 2, mergedInto: 'cust_0' }), written);
    const before = bridge.requests.length;
    await handler()(streamEvent(record), context);
    await handler()(streamEvent(record), context);
    const [first, again] = entriesSince(before).map((entry) => JSON.parse(String(entry.Detail)).eventId);
    expect(first).toBeDefined();
    expect(again).toBe(first);
  });

  it('puts at most ten entries a request', async () => {
    const before = bridge.requests.length;
    const conversations = Array.from({ length: 23 }, (_, n) =>
      itemRecord(undefined, conversationItem({ conversationId: `conv_batch_${n}` }), written),
    );
    await handler()(streamEvent(...conversations), context);
    expect(bridge.requests.slice(before).map((request) => request.Entries.length)).toEqual([10, 10, 3]);
  });

  it('sends again only the entries the bus refused', async () => {
    const before = bridge.requests.length;
    bridge.refuseNext(1);
    await handler()(
      streamEvent(
        itemRecord(undefined, conversationItem({ conversationId: 'conv_refused' }), written),
        itemRecord(undefined, conversationItem({ conversationId: 'conv_taken' }), written),
      ),
      context,
    );
    const sent = bridge.requests.slice(before).map((request) => request.Entries.length);
    expect(sent).toEqual([2, 1]);
    const ids = bridge.events().events.map((event) => event.detail.conversationId);
    expect(ids).toEqual(expect.arrayContaining(['conv_refused', 'conv_taken']));
  });

  it('fails the batch when the bus keeps refusing, so the stream delivers it again', async () => {
    bridge.refuseNext(3);
    const record = itemRecord(undefined, conversationItem({ conversationId: 'conv_never' }), written);
    await expect(handler()(streamEvent(record), context)).rejects.toThrow(/refused 1 of 1 events/);
    bridge.refuseNext(0);
  });

  it('publishes nothing without a bus', async () => {
    const before = bridge.requests.length;
    await handler({})(streamEvent(itemRecord(undefined, conversationItem(), written)), context);
    expect(bridge.requests.length).toBe(before);
  });

  it("tells of a chat message's conversation, interaction and work item through DynamoDB Local's stream", async () => {
    const reader = await startStreamReader({
      dynamo: localClientConfig(dynamoEndpoint()),
      tableName: stack.table.tableName,
      handler: handler(),
      functionName: 'liveUpdates',
      idleMs: 50,
    });
    try {
      const identities = [`email:events-${randomUUID()}@example.com`];
      await makeIngest(stack)(sqsEvent([chatMessage({ identities, text: 'my order never came' })]), context);
      const customer = await stack.customers.findByIdentity(identities[0] as `email:${string}`);
      const mine = () =>
        bridge.events().events.filter((event) => event.detail.customerId === customer?.customerId);
      const deadline = Date.now() + 10_000;
      while (mine().length < 3 && Date.now() < deadline) await new Promise((done) => setTimeout(done, 50));
      expect(mine().map((event) => event['detail-type'])).toEqual(
        expect.arrayContaining(['conversation.opened', 'interaction.recorded', 'work-item.queued']),
      );
      expect(JSON.stringify(mine())).not.toContain('my order never came');
    } finally {
      await reader.stop();
    }
  });
});
