import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AgentStatus, CapacityGroup, Channel } from '#core/model.ts';
import {
  agentOffers,
  capacityGroupOf,
  type RoutingDecision,
  type RoutingSnapshot,
  snapshot,
} from '#core/routing/index.ts';
import {
  AGENTS,
  type Floor,
  floorArb,
  floorHarness,
  nextItemId,
  opArb,
  perform,
  QUEUES,
} from './floor-events.ts';
import type { Harness } from './harness.ts';

/**
 * Random sequences of everything that can happen on a contact-centre floor, checked against
 * the guarantees the router must keep whatever the order of events.
 */

/** Replays decisions into a ledger of who holds what, failing on any double hold or overfill. */
class Ledger {
  readonly holders = new Map<string, { agentId: string; channel: Channel }>();
  readonly offered = new Set<string>();
  readonly status = new Map<string, AgentStatus>(AGENTS.map((id) => [id, 'available']));
  /** Item/agent pairs the engine parted on purpose (a decline, an expiry, a transfer), and when. */
  readonly parted = new Map<string, number>();

  constructor(
    private readonly h: Harness,
    private readonly capacity: Map<string, Partial<Record<CapacityGroup, number>>>,
  ) {
    h.observer = (event, decisions) => {
      if (event.type === 'agentStatusChanged' && this.status.has(event.agentId))
        this.status.set(event.agentId, event.status);
      for (const decision of decisions) this.apply(decision);
      expectPulledInLineOrder(h, this, decisions);
    };
  }

  private apply(decision: RoutingDecision): void {
    if (decision.type === 'offer') {
      this.offer(decision.offer.workItemId, decision.offer.agentId, decision.offer.channel);
      return;
    }
    if (decision.type === 'requeue' || decision.type === 'close') {
      const agentId = decision.type === 'requeue' ? decision.fromAgentId : decision.agentId;
      if (agentId) expect(this.holders.get(decision.workItemId)?.agentId).toBe(agentId);
      else expect(this.holders.has(decision.workItemId)).toBe(false);
      this.holders.delete(decision.workItemId);
      if (decision.type === 'requeue' && agentId)
        this.parted.set(`${decision.workItemId}/${agentId}`, this.h.now);
    }
    if (decision.type === 'assign')
      expect(this.holders.get(decision.workItemId)?.agentId).toBe(decision.agentId);
    if (decision.type === 'agentStatus') this.status.set(decision.agentId, decision.status);
  }

  private offer(workItemId: string, agentId: string, channel: Channel): void {
    expect(this.holders.has(workItemId), `${workItemId} offered while held`).toBe(false);
    expect(this.status.get(agentId)).toBe('available');
    const group = capacityGroupOf(channel);
    const held = [...this.holders.values()].filter((hold) => hold.agentId === agentId);
    const inGroup = held.filter((hold) => capacityGroupOf(hold.channel) === group).length;
    expect(inGroup, `${agentId} over ${group} capacity`).toBeLessThan(
      this.capacity.get(agentId)?.[group] ?? 0,
    );
    const onCall = held.some((hold) => hold.channel === 'voice');
    if (onCall) expect(group, `${agentId} offered ${channel} during a call`).toBe('voice');
    this.holders.set(workItemId, { agentId, channel });
    this.offered.add(workItemId);
  }

  /** A parted pair may stay apart until the engine's retry look, `retrySeconds` later. */
  recentlyParted(workItemId: string, agentId: string): boolean {
    const at = this.parted.get(`${workItemId}/${agentId}`);
    return at !== undefined && this.h.now < at + RETRY_SECONDS * 1000;
  }
}

const RETRY_SECONDS = 10;

function setUp(floor: Floor) {
  const h = floorHarness(floor, { retrySeconds: RETRY_SECONDS });
  const ledger = new Ledger(h, new Map(floor.map((a, i) => [AGENTS[i] as string, a.capacity])));
  return { h, ledger };
}

const meets = (skills: Record<string, number>, demand: Record<string, number>) =>
  Object.entries(demand).every(([skill, min]) => (skills[skill] ?? 0) >= min);

/** Free capacity by the engine's own rule: room in the group, and no call in progress unless it is a call. */
function hasRoom(
  a: { load: Partial<Record<CapacityGroup, number>>; capacity: Partial<Record<CapacityGroup, number>> },
  group: CapacityGroup,
) {
  if ((a.load.voice ?? 0) > 0 && group !== 'voice') return false;
  return (a.load[group] ?? 0) < (a.capacity[group] ?? 0);
}

/** No waiting item and free, eligible agent are left apart, except a pair just parted on purpose. */
function expectNoIdlePair(h: Harness, ledger: Ledger): void {
  const { items, agents, queues } = snapshot(h.state);
  for (const item of items.filter((i) => i.state === 'queued')) {
    const queue = queues.find((q) => q.queueId === item.queueId);
    const demand = queue?.steps[Math.min(item.routingStep ?? 0, queue.steps.length - 1)]?.skills ?? {};
    for (const a of agents) {
      if (a.status !== 'available' || ledger.recentlyParted(item.workItemId, a.agentId)) continue;
      if (item.targetAgentId && item.targetAgentId !== a.agentId) continue;
      const eligible =
        (item.targetAgentId !== undefined || meets(a.skills, demand)) &&
        hasRoom(a, capacityGroupOf(item.channel));
      expect(eligible, `${item.workItemId} waits while ${a.agentId} is free for it`).toBe(false);
    }
  }
}

/** The effective-priority order, computed from scratch: aging level, missed target, deadline, age. */
function lineKey(item: RoutingSnapshot['items'][number], now: number): number[] {
  const enqueued = item.enqueuedMs;
  const queue = QUEUES.find((q) => q.queueId === item.queueId);
  const target = queue?.channelServiceLevels?.[item.channel]?.seconds ?? queue?.serviceLevel.seconds ?? 0;
  const deadline = enqueued + target * 1000;
  return [Math.floor(enqueued / 60_000) - item.priority, deadline <= now ? 1 : 0, deadline, enqueued];
}

function before(a: number[], b: number[]): boolean {
  const i = a.findIndex((value, index) => value !== b[index]);
  return i >= 0 && (a[i] ?? 0) < (b[i] ?? 0);
}

/** An agent who pulls work gets the first item in line they can serve, not just any. */
function expectPulledInLineOrder(h: Harness, ledger: Ledger, decisions: RoutingDecision[]): void {
  const { items, queues, agents } = snapshot(h.state);
  for (const decision of decisions) {
    if (decision.type !== 'offer' || decision.offer.explanation.rule !== 'next-in-line') continue;
    const { offer } = decision;
    const taken = items.find((i) => i.workItemId === offer.workItemId);
    const skills = agents.find((a) => a.agentId === offer.agentId)?.skills ?? {};
    if (!taken) continue;
    for (const other of items.filter((i) => i.state === 'queued' && !i.targetAgentId)) {
      if (capacityGroupOf(other.channel) !== capacityGroupOf(offer.channel)) continue;
      if (ledger.recentlyParted(other.workItemId, offer.agentId)) continue;
      const queue = queues.find((q) => q.queueId === other.queueId);
      const demand = queue?.steps[Math.min(other.routingStep ?? 0, queue.steps.length - 1)]?.skills ?? {};
      if (!meets(skills, demand)) continue;
      const jumped = before(lineKey(other, h.now), lineKey(taken, h.now));
      expect(jumped, `${offer.agentId} took ${taken.workItemId} ahead of ${other.workItemId}`).toBe(false);
    }
  }
}

function expectLedgerMatchesState(h: Harness, ledger: Ledger): void {
  const { items, agents } = snapshot(h.state);
  for (const item of items) {
    expect(ledger.holders.get(item.workItemId)?.agentId).toBe(item.agentId);
  }
  expect(ledger.holders.size).toBe(items.filter((i) => i.agentId).length);
  for (const a of agents) {
    for (const [group, load] of Object.entries(a.load)) {
      expect(load, `${a.agentId} ${group}`).toBeLessThanOrEqual(a.capacity[group as CapacityGroup] ?? 0);
    }
  }
}

/** Everyone comes back and works through the backlog, accepting every offer. */
function workThrough(h: Harness): void {
  for (const agentId of AGENTS) h.send({ type: 'agentStatusChanged', agentId, status: 'available' });
  for (let round = 0; round < 80; round++) {
    for (const agentId of AGENTS) {
      for (const offer of agentOffers(h.state, agentId))
        h.send({ type: 'offerAccepted', offerId: offer.offerId });
    }
    for (const item of snapshot(h.state).items.filter((i) => i.state === 'assigned')) {
      h.send({ type: 'workCompleted', workItemId: item.workItemId });
    }
    h.advance(10);
  }
}

describe('routing guarantees over random event sequences', () => {
  it('never overfills an agent, never gives one item to two agents, never leaves a free eligible agent idle', () => {
    fc.assert(
      fc.property(floorArb, fc.array(opArb, { minLength: 5, maxLength: 60, size: 'max' }), (floor, ops) => {
        const { h, ledger } = setUp(floor);
        for (const op of ops) {
          perform(h, op);
          expectLedgerMatchesState(h, ledger);
          expectNoIdlePair(h, ledger);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('eventually offers every item that some agent on the floor can serve', () => {
    fc.assert(
      fc.property(floorArb, fc.array(opArb, { minLength: 5, maxLength: 40, size: 'max' }), (floor, ops) => {
        const { h, ledger } = setUp(floor);
        for (const op of ops) perform(h, op);
        workThrough(h);
        const { items, agents } = snapshot(h.state);
        for (const item of items) {
          const queue = QUEUES.find((q) => q.queueId === item.queueId);
          const loosest = queue?.steps.at(-1)?.skills ?? {};
          const servable = agents.some(
            (a) => (a.capacity[capacityGroupOf(item.channel)] ?? 0) > 0 && meets(a.skills, loosest),
          );
          if (!servable) continue;
          expect(ledger.offered.has(item.workItemId), `${item.workItemId} never offered`).toBe(true);
          expect(item.state, `${item.workItemId} still open`).toBe('assigned');
        }
      }),
      { numRuns: 100 },
    );
  });

  it('hands a freed agent the first item in line by priority, aging, missed target and deadline', () => {
    const lineOp = fc.oneof(
      fc.record({
        kind: fc.constant('arrive' as const),
        channel: fc.constantFrom<Channel>('voice', 'chat', 'email'),
        priority: fc.integer({ min: 3, max: 7 }),
      }),
      fc.record({ kind: fc.constant('wait' as const), seconds: fc.integer({ min: 1, max: 25 }) }),
      fc.record({ kind: fc.constant('finish' as const) }),
    );
    fc.assert(
      fc.property(fc.array(lineOp, { minLength: 20, maxLength: 80, size: 'max' }), (ops) => {
        const { h } = setUp([
          { skills: {}, capacity: { voice: 1, chat: 1, email: 1 } },
          ...[1, 2, 3].map(() => ({ skills: {}, capacity: {} })),
        ]);
        for (const op of ops) {
          if (op.kind === 'arrive')
            h.enqueue(nextItemId(), { queueId: 'line', channel: op.channel, priority: op.priority });
          else if (op.kind === 'wait') h.now += op.seconds * 1000;
          else {
            for (const offer of agentOffers(h.state, 'a0'))
              h.send({ type: 'offerAccepted', offerId: offer.offerId });
            const held = snapshot(h.state).items.find((i) => i.state === 'assigned');
            if (held) h.send({ type: 'workCompleted', workItemId: held.workItemId });
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
