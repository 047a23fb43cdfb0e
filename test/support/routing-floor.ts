import fc from 'fast-check';
import type { Agent, AgentStatus } from '#core/model.ts';
import type { QueueInput, RoutableItem, RoutingDecision, RoutingEvent } from '#core/routing/index.ts';

/**
 * A small floor and random things happening on it, for the storage properties: what matters
 * there is that every kind of event crosses the log, not the variety of skills.
 */
export const T0 = Date.parse('2026-03-02T09:00:00.000Z');

export const FLOOR_QUEUES: QueueInput[] = [
  {
    queueId: 'billing',
    name: 'Billing',
    steps: [{ skills: { billing: 3 }, seconds: 20 }, { skills: { billing: 1 } }],
    serviceLevel: { seconds: 60, target: 0.8 },
  },
  { queueId: 'general', name: 'General', steps: [{}], serviceLevel: { seconds: 120, target: 0.8 } },
];

export const FLOOR_AGENTS = ['ana', 'ben', 'cy'];

export function floorAgent(agentId: string, billing: number, status: AgentStatus = 'available'): Agent {
  return { agentId, name: agentId, skills: { billing }, capacity: { chat: 2, voice: 1 }, status, load: {} };
}

export function floorItem(n: number, at: number, queueId = 'billing', customer = n): RoutableItem {
  return {
    workItemId: `wi_${n}`,
    conversationId: `conv_${n}`,
    customerId: `cust_${customer}`,
    channel: n % 3 === 0 ? 'voice' : 'chat',
    queueId,
    priority: 5,
    enqueuedAt: new Date(at).toISOString(),
  };
}

/** What happens next, resolved against what the floor holds at that moment. */
export type FloorOp =
  | { kind: 'enqueue'; queue: number; customer: number }
  | { kind: 'accept' | 'decline' | 'complete' | 'abandon'; pick: number }
  | { kind: 'status'; agent: number; status: AgentStatus }
  | { kind: 'advance'; seconds: number }
  | { kind: 'sweep' };

export const floorOpArb: fc.Arbitrary<FloorOp> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('enqueue' as const), queue: fc.nat(1), customer: fc.nat(5) }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('accept' as const), pick: fc.nat(9) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('decline' as const), pick: fc.nat(9) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('complete' as const), pick: fc.nat(9) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('abandon' as const), pick: fc.nat(9) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('status' as const),
      agent: fc.nat(FLOOR_AGENTS.length - 1),
      status: fc.constantFrom<AgentStatus>('available', 'away', 'offline'),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('advance' as const), seconds: fc.integer({ min: 1, max: 40 }) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('sweep' as const) }) },
);

/**
 * Follows the floor through the decisions it is told of: pending offers, assigned and waiting
 * items, and timers not yet due, so random ops can be turned into events that make sense.
 */
export class FloorTracker {
  readonly offers = new Map<string, string>();
  readonly assigned = new Set<string>();
  readonly open = new Set<string>();
  private timers: Array<{ at: number; event: RoutingEvent }> = [];
  private next = 0;

  /** `prefix` keeps the ids of two trackers on one floor apart. */
  constructor(private readonly prefix = '') {}

  seen(decisions: readonly RoutingDecision[]): void {
    for (const decision of decisions) {
      if (decision.type === 'offer') this.offers.set(decision.offer.offerId, decision.offer.workItemId);
      if (decision.type === 'assign') {
        this.offers.delete(decision.offerId);
        this.assigned.add(decision.workItemId);
      }
      if (decision.type === 'requeue') {
        if (decision.offerId) this.offers.delete(decision.offerId);
        this.assigned.delete(decision.workItemId);
      }
      if (decision.type === 'close') {
        if (decision.offerId) this.offers.delete(decision.offerId);
        this.assigned.delete(decision.workItemId);
        this.open.delete(decision.workItemId);
      }
      if (decision.type === 'timer') this.timers.push({ at: decision.at, event: decision.event });
    }
  }

  /** The timers due by `now`, in time order, taken off the list. */
  due(now: number): RoutingEvent[] {
    this.timers.sort((a, b) => a.at - b.at);
    const due = this.timers.filter((timer) => timer.at <= now).map((timer) => timer.event);
    this.timers = this.timers.filter((timer) => timer.at > now);
    return due;
  }

  /** The events an op stands for now; empty when it makes no sense on this floor. */
  eventsFor(op: FloorOp, now: number): RoutingEvent[] {
    const pick = <T>(values: Iterable<T>, index: number): T | undefined => {
      const list = [...values];
      return list.length ? list[index % list.length] : undefined;
    };
    switch (op.kind) {
      case 'enqueue': {
        const n = this.next++;
        const queue = FLOOR_QUEUES[op.queue]?.queueId ?? 'billing';
        const item = floorItem(n, now, queue, op.customer);
        const workItemId = `${this.prefix}${item.workItemId}`;
        this.open.add(workItemId);
        return [
          {
            type: 'itemEnqueued',
            item: { ...item, workItemId, conversationId: `${this.prefix}${item.conversationId}` },
          },
        ];
      }
      case 'accept':
      case 'decline': {
        const offerId = pick(this.offers.keys(), op.pick);
        if (!offerId) return [];
        return [{ type: op.kind === 'accept' ? 'offerAccepted' : 'offerDeclined', offerId }];
      }
      case 'complete': {
        const workItemId = pick(this.assigned, op.pick);
        return workItemId ? [{ type: 'workCompleted', workItemId }] : [];
      }
      case 'abandon': {
        const workItemId = pick(
          [...this.open].filter((id) => !this.assigned.has(id)),
          op.pick,
        );
        return workItemId ? [{ type: 'itemAbandoned', workItemId }] : [];
      }
      case 'status':
        return [{ type: 'agentStatusChanged', agentId: FLOOR_AGENTS[op.agent] ?? 'ana', status: op.status }];
      case 'sweep':
        return [{ type: 'sweep' }];
      case 'advance':
        return [];
    }
  }
}

/** The floor's queues and agents, as the first event of a partition. */
export function floorSetup(): RoutingEvent[] {
  return [
    ...FLOOR_QUEUES.map((queue) => ({ type: 'queueUpserted' as const, queue })),
    ...FLOOR_AGENTS.map((agentId, i) => ({
      type: 'agentUpserted' as const,
      agent: floorAgent(agentId, 4 - i),
    })),
  ];
}
