import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createRoutingState,
  getOffer,
  type RoutingConfigInput,
  type RoutingDecision,
  type RoutingEvent,
  route,
  snapshot,
  viewAgent,
  viewItem,
} from '#core/routing/index.ts';
import { floorArb, floorHarness, opArbs, perform } from './floor-events.ts';
import { Harness, item, offersIn, ofType, only, restored, T0 } from './harness.ts';

/**
 * The router keeps a warm engine and rebuilds it, when it starts cold, from a stored snapshot
 * and the events logged since. A rebuilt engine must decide exactly as the one it replaces.
 */

const configArb: fc.Arbitrary<RoutingConfigInput> = fc.record({
  retrySeconds: fc.constant(10),
  stickySeconds: fc.constantFrom(20, 1800),
  maxMissedOffers: fc.integer({ min: 1, max: 3 }),
  reassignAbsentAfterSeconds: fc.constantFrom(undefined, 0, 30),
  missedTargetYields: fc.boolean(),
  agentSelection: fc.constantFrom('best-skill' as const, 'longest-idle' as const),
});

/**
 * A busy floor: agents fill up, hold several items (by name too) and come and go, so that the
 * orders an agent's work and lines are visited in come into play.
 */
const eventsArb = fc.array(
  fc.oneof(
    { weight: 5, arbitrary: opArbs.enqueue },
    { weight: 4, arbitrary: opArbs.accept },
    { weight: 2, arbitrary: opArbs.answer },
    { weight: 2, arbitrary: opArbs.status },
    { weight: 2, arbitrary: opArbs.transfer },
    { weight: 2, arbitrary: opArbs.advance },
    { weight: 1, arbitrary: opArbs.skills },
    { weight: 1, arbitrary: opArbs.followUp },
    { weight: 1, arbitrary: opArbs.policy },
    { weight: 1, arbitrary: opArbs.housekeeping },
    { weight: 1, arbitrary: opArbs.clockBack },
  ),
  { minLength: 5, maxLength: 60, size: 'max' },
);

/** What `snapshot` wrote before snapshots had a `format`, as tables in the field still hold it. */
const LEGACY_SNAPSHOT = `
{
  "queues": [
    {"queueId":"billing","name":"Billing","steps":[{"skills":{"billing":4},"seconds":30},{"skills":{"billing":2},"seconds":60},{"skills":{"billing":1},"seconds":210}],"overflowQueueId":"general","serviceLevel":{"seconds":60,"target":0.8},"channelServiceLevels":{"voice":{"seconds":20,"target":0.8},"email":{"seconds":14400,"target":0.9}},"delivery":{"mode":"native"}},
    {"queueId":"general","name":"General","steps":[{"skills":{}}],"serviceLevel":{"seconds":60,"target":0.8},"channelServiceLevels":{},"delivery":{"mode":"native"}}
  ],
  "agents": [
    {"agentId":"ana","name":"ana","skills":{"billing":5},"capacity":{"chat":2},"status":"available","load":{"chat":2},"lastIdleAt":"2025-03-03T08:59:00.000Z"},
    {"agentId":"ben","name":"ben","skills":{"billing":1},"capacity":{"email":1},"status":"available","load":{},"lastIdleAt":"2025-03-03T08:59:00.000Z"}
  ],
  "items": [
    {"workItemId":"held","conversationId":"conv-held","customerId":"cust-held","channel":"chat","queueId":"billing","priority":5,"enqueuedAt":"2025-03-03T09:00:00.000Z","queueEnteredAt":"2025-03-03T09:00:00.000Z","routingStep":0,"state":"assigned","agentId":"ana"},
    {"workItemId":"offered","conversationId":"conv-offered","customerId":"cust-offered","channel":"chat","queueId":"billing","priority":5,"enqueuedAt":"2025-03-03T09:00:05.000Z","queueEnteredAt":"2025-03-03T09:00:05.000Z","routingStep":0,"state":"offered","agentId":"ana","offerId":"of_offered.m7stxd6w.0"},
    {"workItemId":"waiting","conversationId":"conv-waiting","customerId":"cust-waiting","channel":"chat","queueId":"billing","priority":5,"enqueuedAt":"2025-03-03T09:00:10.000Z","queueEnteredAt":"2025-03-03T09:00:10.000Z","routingStep":1,"state":"queued"}
  ],
  "offers": [
    {"offerId":"of_offered.m7stxd6w.0","workItemId":"offered","agentId":"ana","customerId":"cust-offered","conversationId":"conv-offered","channel":"chat","queueId":"billing","offeredAt":"2025-03-03T09:00:05.000Z","expiresAt":"2025-03-03T09:02:05.000Z","explanation":{"trigger":"itemEnqueued","queueId":"billing","step":{"index":0,"skills":{"billing":4},"endsAt":"2025-03-03T09:00:35.000Z"},"rule":"only-candidate","candidates":[{"agentId":"ana","score":5,"idleSince":"2025-03-03T08:59:00.000Z","sticky":false}],"item":{"workItemId":"offered","priority":5,"effectivePriority":5,"waitedSeconds":0,"secondsToBreach":60},"passedOver":[]}}
  ]
}
`;

/** Sends `event` to the harness and to a twin just restored from it: both must decide alike. */
function sendToTwins(h: Harness, event: RoutingEvent): RoutingDecision[] {
  const twin = restored(h.state);
  const decided = h.send(event);
  expect(route(twin, event, h.now)).toStrictEqual(decided);
  return decided;
}

describe('a routing state restored from its snapshot', () => {
  it('decides exactly as a long-lived state, when restored after every event', () => {
    fc.assert(
      fc.property(configArb, floorArb, eventsArb, (config, floor, ops) => {
        const h = floorHarness(floor, config);
        let twin = restored(h.state, config);
        h.observer = (event, decisions) => {
          expect(route(twin, event, h.now)).toStrictEqual(decisions);
          twin = restored(twin, config);
        };
        for (const op of ops) perform(h, op);
        expect(JSON.stringify(snapshot(twin))).toBe(JSON.stringify(snapshot(h.state)));
      }),
      { numRuns: 300 },
    );
  });

  it('sends a customer back to the agent who just served them', () => {
    const h = new Harness();
    h.addAgent('ana', { billing: 5 });
    h.addAgent('ben', { billing: 5 }, { status: 'away' });
    const first = only(offersIn(h.enqueue('zoe-1', { customerId: 'zoe' })));
    h.send({ type: 'offerAccepted', offerId: first.offerId });
    h.now += 60_000;
    h.send({ type: 'agentStatusChanged', agentId: 'ben', status: 'available' });
    h.now += 60_000;
    h.send({ type: 'workCompleted', workItemId: 'zoe-1' });
    h.restore();
    h.now += 5_000;
    const followUp = only(offersIn(h.enqueue('zoe-2', { customerId: 'zoe' })));
    expect(followUp).toMatchObject({ agentId: 'ana', explanation: { rule: 'sticky' } });
    expect(viewAgent(h.state, 'ben')?.lastIdleAt).toBe(new Date(T0 + 60_000).toISOString());
  });

  it('sets an agent away after too many expired offers in a row, counting across restores', () => {
    const h = new Harness({ config: { maxMissedOffers: 3 } });
    h.addAgent('ana', {});
    h.enqueue('wi-1', { queueId: 'general' });
    const decided = [];
    // Each round the offer expires after 20 s, and the retry 10 s later offers it again.
    for (let round = 0; round < 3; round++) {
      h.restore();
      decided.push(...h.advance(30));
    }
    expect(ofType(decided, 'requeue')).toHaveLength(3);
    expect(ofType(decided, 'agentStatus')).toEqual([
      { type: 'agentStatus', agentId: 'ana', status: 'away', reason: 'missed-offers' },
    ]);
    expect(viewAgent(h.state, 'ana')?.status).toBe('away');
  });

  it('keeps an item that missed its target behind, even when the next clock is a little behind', () => {
    const h = new Harness();
    h.addAgent('ana', {}, { capacity: { chat: 1 } });
    h.now = T0 + 61_000;
    h.send({
      type: 'offerAccepted',
      offerId: only(offersIn(h.enqueue('busy', { queueId: 'general' }))).offerId,
    });
    h.enqueue('missed', { queueId: 'general', enqueuedAt: new Date(T0).toISOString() });
    h.enqueue('in-time', { queueId: 'general', enqueuedAt: new Date(T0 + 30_000).toISOString() });
    h.now = T0 + 59_000; // another router's clock, before the first item's target passed
    const decided = sendToTwins(h, { type: 'workCompleted', workItemId: 'busy' });
    expect(only(offersIn(decided)).workItemId).toBe('in-time');
  });

  it('sends back what waits for an agent by name in line order, whatever order it came in', () => {
    const h = new Harness();
    h.addAgent('ana', {}, { capacity: { voice: 1, chat: 3 } });
    h.send({
      type: 'offerAccepted',
      offerId: only(offersIn(h.enqueue('call', { queueId: 'general', channel: 'voice' }))).offerId,
    });
    h.addAgent('ben', {}, { capacity: { chat: 3 } });
    for (const id of ['a', 'b', 'c']) {
      h.enqueue(id, { queueId: 'general' });
      h.now += 1_000;
    }
    // Ana is on a call, so the chats wait for her.
    for (const id of ['b', 'c', 'a'])
      h.send({ type: 'transferRequested', workItemId: id, to: { agentId: 'ana' } });
    const decided = sendToTwins(h, { type: 'agentStatusChanged', agentId: 'ana', status: 'away' });
    expect(ofType(decided, 'requeue').map((requeue) => requeue.workItemId)).toEqual(['a', 'b', 'c']);
  });

  it('keeps the fractions of a millisecond a simulator’s clock has', () => {
    const h = new Harness();
    h.addAgent('ana', {}, { status: 'away' });
    h.addAgent('ben', {}, { status: 'away' });
    h.now = T0 + 0.2;
    h.send({ type: 'agentStatusChanged', agentId: 'ben', status: 'available' });
    h.now = T0 + 0.5;
    h.send({ type: 'agentStatusChanged', agentId: 'ana', status: 'available' });
    const offered = sendToTwins(h, {
      type: 'itemEnqueued',
      item: item('wi-1', h.now, { queueId: 'general' }),
    });
    expect(only(offersIn(offered)).agentId).toBe('ben');
    h.now = T0 + 20_000.2; // the offer expires at 20,000.5 ms
    expect(sendToTwins(h, { type: 'sweep' })).toEqual([]);
  });

  it('stores a waiting item in a few fields, its times in epoch milliseconds', () => {
    const h = new Harness();
    h.enqueue('wi-1');
    expect(snapshot(h.state)).toMatchObject({ format: 2, agents: [], offers: [] });
    expect(snapshot(h.state).items).toStrictEqual([
      {
        workItemId: 'wi-1',
        conversationId: 'conv-wi-1',
        customerId: 'cust-wi-1',
        channel: 'chat',
        queueId: 'billing',
        priority: 5,
        enqueuedMs: T0,
        state: 'queued',
      },
    ]);
  });

  it('restores a snapshot written before snapshots had a format', () => {
    const legacy = JSON.parse(LEGACY_SNAPSHOT);
    const state = createRoutingState({ config: { offerSeconds: 120 }, ...legacy });
    const now = T0 + 45_000;
    expect(viewAgent(state, 'ana')).toEqual(legacy.agents[0]);
    expect(viewItem(state, 'held')).toMatchObject({ state: 'assigned', agentId: 'ana' });
    expect(viewItem(state, 'offered')).toMatchObject({ state: 'offered', offerId: 'of_offered.m7stxd6w.0' });
    expect(getOffer(state, 'of_offered.m7stxd6w.0')).toEqual(legacy.offers[0]);
    expect(viewItem(state, 'waiting')).toMatchObject({ state: 'queued', routingStep: 1 });
    expect(route(state, { type: 'sweep' }, now)).toEqual([]);
    const done = route(state, { type: 'workCompleted', workItemId: 'held' }, now);
    expect(offersIn(done)).toMatchObject([{ workItemId: 'waiting', agentId: 'ana' }]);
    expect(snapshot(state).format).toBe(2);
  });

  it('refuses a snapshot in a format it does not know', () => {
    expect(() => createRoutingState(JSON.parse('{"format":3,"queues":[]}'))).toThrow(/format 3/);
  });
});
