import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createRoutingState,
  type RoutingDecision,
  type RoutingEvent,
  route,
  snapshot,
} from '#core/routing/index.ts';
import { RoutingFollower, type SnapshotPolicy } from '#routing/follower.ts';
import { RoutingService } from '#routing/service.ts';
import { AppliedMarks, RoutingLog } from '#store/routing-log.ts';
import { keys } from '#store/table.ts';
import { createTestStack, type TestStack } from '../support/local-aws.ts';
import { FloorTracker, floorAgent, floorItem, floorOpArb, floorSetup, T0 } from '../support/routing-floor.ts';

const EVERY_EVENT: SnapshotPolicy = { minEvents: 1, bytesPerEvent: 1e12, maxAgeMs: 1e12 };
const EVERY_FOURTH: SnapshotPolicy = { minEvents: 4, bytesPerEvent: 1e12, maxAgeMs: 1e12 };

/** A router in a fresh process: nothing in memory, everything from the table. */
function freshRouter(stack: TestStack, partition: string, clock: () => number) {
  return new RoutingService(new RoutingLog(stack.table, partition), {}, clock);
}

/** A follower in a fresh process, there for its snapshots: its effects go nowhere. */
function freshFollower(stack: TestStack, partition: string, clock: () => number, snapshots?: SnapshotPolicy) {
  const log = new RoutingLog(stack.table, partition);
  const effects = { apply: async () => undefined };
  return new RoutingFollower({ log, effects, applied: new AppliedMarks(stack.table), clock, snapshots });
}

async function partitionItems(stack: TestStack, partition: string): Promise<Array<Record<string, unknown>>> {
  const { Items = [] } = await stack.table.doc.send(
    new QueryCommand({
      TableName: stack.table.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.routingState(partition).pk },
    }),
  );
  return Items;
}

describe('the routing log', () => {
  it('makes exactly the decisions of one long-lived engine, with the router restored from storage before every event', async () => {
    const stack = await createTestStack();
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(floorOpArb, { minLength: 5, maxLength: 30 }),
        fc.boolean(),
        async (ops, often) => {
          const partition = `restore-${run++}`;
          let now = T0;
          const engine = createRoutingState();
          const tracker = new FloorTracker();
          const step = async (events: RoutingEvent[]) => {
            const expected = events.flatMap((event) => route(engine, event, now));
            const decided = await freshRouter(stack, partition, () => now).dispatch(events);
            const follower = freshFollower(stack, partition, () => now, often ? EVERY_EVENT : EVERY_FOURTH);
            await follower.recover();
            await follower.settled();
            expect(decided).toEqual(expected);
            tracker.seen(decided);
          };
          await step(floorSetup());
          for (const op of ops) {
            if (op.kind === 'advance') now += op.seconds * 1000;
            for (const timer of tracker.due(now)) await step([timer]);
            const events = tracker.eventsFor(op, now);
            if (events.length) await step(events);
          }
          const restored = freshRouter(stack, partition, () => now);
          expect(await restored.read((state) => snapshot(state))).toEqual(snapshot(engine));
        },
      ),
      { numRuns: 15 },
    );
  }, 120_000);

  it('remembers who served a customer across a restore, so her follow-up goes back to that agent', async () => {
    const stack = await createTestStack();
    let now = T0;
    const clock = () => now;
    await freshRouter(stack, 'sticky', clock).dispatch([
      {
        type: 'queueUpserted',
        queue: { queueId: 'chat', name: 'Chat', steps: [{}], serviceLevel: { seconds: 60, target: 0.8 } },
      },
      {
        type: 'agentUpserted',
        agent: { ...floorAgent('ana', 1), lastIdleAt: new Date(T0 - 60_000).toISOString() },
      },
      {
        type: 'agentUpserted',
        agent: { ...floorAgent('ben', 1), lastIdleAt: new Date(T0 - 3_600_000).toISOString() },
      },
    ]);
    // Ben has been idle longest, so Zoe's first chat goes to him; a second customer keeps Ana busy.
    const first = await freshRouter(stack, 'sticky', clock).dispatch([
      { type: 'itemEnqueued', item: floorItem(1, now, 'chat', 7) },
    ]);
    const offer = first.find((d): d is Extract<RoutingDecision, { type: 'offer' }> => d.type === 'offer');
    expect(offer?.offer.agentId).toBe('ben');
    now += 1_000;
    await freshRouter(stack, 'sticky', clock).dispatch([
      { type: 'offerAccepted', offerId: offer?.offer.offerId ?? '' },
    ]);
    now += 60_000;
    await freshRouter(stack, 'sticky', clock).dispatch([{ type: 'workCompleted', workItemId: 'wi_1' }]);
    now += 5_000;
    // Ana has now been idle far longer than Ben, who has just finished: only stickiness sends it to Ben.
    const followUp = await freshRouter(stack, 'sticky', clock).dispatch([
      { type: 'itemEnqueued', item: { ...floorItem(2, now, 'chat', 7), conversationId: 'conv_1b' } },
    ]);
    expect(followUp.find((d) => d.type === 'offer')).toMatchObject({ offer: { agentId: 'ben' } });
  });

  it('sets away an agent who lets offer after offer expire, though every event is decided by a new router', async () => {
    const stack = await createTestStack();
    let now = T0;
    const clock = () => now;
    await freshRouter(stack, 'away', clock).dispatch([
      {
        type: 'queueUpserted',
        queue: { queueId: 'chat', name: 'Chat', steps: [{}], serviceLevel: { seconds: 60, target: 0.8 } },
      },
      { type: 'agentUpserted', agent: floorAgent('ana', 1) },
    ]);
    const decided = await freshRouter(stack, 'away', clock).dispatch([
      { type: 'itemEnqueued', item: floorItem(1, now, 'chat') },
    ]);
    const offers = () =>
      decided.filter((d): d is Extract<RoutingDecision, { type: 'offer' }> => d.type === 'offer');
    now += 21_000;
    decided.push(
      ...(await freshRouter(stack, 'away', clock).dispatch([
        { type: 'offerExpired', offerId: offers()[0]?.offer.offerId ?? '' },
      ])),
    );
    now += 11_000;
    decided.push(
      ...(await freshRouter(stack, 'away', clock).dispatch([
        { type: 'retryTimerExpired', workItemId: 'wi_1' },
      ])),
    );
    now += 21_000;
    const second = await freshRouter(stack, 'away', clock).dispatch([
      { type: 'offerExpired', offerId: offers()[1]?.offer.offerId ?? '' },
    ]);
    expect(second).toContainEqual({
      type: 'agentStatus',
      agentId: 'ana',
      status: 'away',
      reason: 'missed-offers',
    });
  });

  it('turns a partition stored as one item into the start of its log on first load', async () => {
    const stack = await createTestStack();
    // The single-item state as tables hold it today: gzipped JSON of queues, agents, items, offers.
    const legacy = {
      queues: [{ queueId: 'chat', name: 'Chat', steps: [{}], serviceLevel: { seconds: 60, target: 0.8 } }],
      agents: [{ ...floorAgent('ana', 1), load: { chat: 1 } }],
      items: [{ ...floorItem(1, T0, 'chat'), routingStep: 0, state: 'assigned', agentId: 'ana' }],
      offers: [],
    };
    await stack.table.doc.send(
      new PutCommand({
        TableName: stack.table.tableName,
        Item: {
          ...keys.routingState('old'),
          entity: 'routingState',
          version: 41,
          state: gzipSync(JSON.stringify(legacy)),
        },
      }),
    );
    const router = freshRouter(stack, 'old', () => T0 + 1_000);
    const done = await router.dispatch([{ type: 'workCompleted', workItemId: 'wi_1' }]);
    expect(done).toContainEqual({ type: 'close', workItemId: 'wi_1', reason: 'completed', agentId: 'ana' });
    const sorts = (await partitionItems(stack, 'old')).map((item) => item.sk);
    expect(sorts).not.toContain('STATE');
    expect(sorts).toContain('HEAD');
    expect(sorts).toContain('LOG#000000000001');
    // A second process starts from the upgraded snapshot and the log, and agrees.
    const again = freshRouter(stack, 'old', () => T0 + 2_000);
    expect(await again.read((state) => state.items.size)).toBe(0);
    expect(await again.read((state) => state.agents.get('ana')?.load)).toEqual([0, 0, 0, 0, 0]);
  });

  it('splits a large snapshot into chunks an item can hold, and a new process starts from it', async () => {
    const stack = await createTestStack();
    let now = T0;
    const router = freshRouter(stack, 'big', () => now);
    await router.dispatch(floorSetup());
    // Email waiting with nobody able to take it: the partition grows without deciding anything.
    const backlog = Array.from({ length: 10_000 }, (_, n) => ({
      type: 'itemEnqueued' as const,
      item: {
        ...floorItem(n, now, 'general'),
        channel: 'email' as const,
        conversationId: randomBytes(48).toString('hex'),
      },
    }));
    for (let start = 0; start < backlog.length; start += 500)
      await router.dispatch(backlog.slice(start, start + 500));
    now += 1_000;
    await freshFollower(stack, 'big', () => now).snapshotNow();
    const chunks = (await partitionItems(stack, 'big')).filter((item) => String(item.sk).startsWith('SNAP#'));
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) expect((chunk.data as Uint8Array).byteLength).toBeLessThanOrEqual(350_000);
    const fresh = freshRouter(stack, 'big', () => now);
    expect(await fresh.read((state) => state.items.size)).toBe(10_000);
  }, 60_000);
});
