import fc from 'fast-check';
import type { AgentStatus, CapacityGroup, Channel } from '#core/model.ts';
import {
  type QueueInput,
  type RoutingConfigInput,
  type RoutingDecision,
  snapshot,
  viewAgent,
} from '#core/routing/index.ts';
import { agent, billing, general, Harness } from './harness.ts';

/**
 * A small floor and random sequences of everything that can happen on it, for the property
 * tests: generators, and `perform` to play one generated event on a harness.
 */

const returns: QueueInput = {
  queueId: 'returns',
  name: 'Returns',
  steps: [{ skills: { returns: 3 }, seconds: 20 }, { skills: { returns: 1 } }],
  serviceLevel: { seconds: 60, target: 0.8 },
};
/** A single line with a short voice target, so items miss it while still in their aging level. */
const line: QueueInput = {
  queueId: 'line',
  name: 'Line',
  steps: [{ skills: {} }],
  serviceLevel: { seconds: 20, target: 0.8 },
  channelServiceLevels: { chat: { seconds: 40, target: 0.8 }, email: { seconds: 600, target: 0.8 } },
};
export const QUEUES = [billing, general, returns, line];
const CHANNELS: Channel[] = ['voice', 'chat', 'email', 'whatsapp', 'sms'];
export const AGENTS = ['a0', 'a1', 'a2', 'a3'];

const skillsArb = fc
  .record({ billing: fc.integer({ min: 0, max: 5 }), returns: fc.integer({ min: 0, max: 5 }) })
  .map((skills) => Object.fromEntries(Object.entries(skills).filter(([, level]) => level > 0)));
const capacityArb = fc.record({
  voice: fc.integer({ min: 0, max: 1 }),
  chat: fc.integer({ min: 0, max: 3 }),
  email: fc.integer({ min: 0, max: 2 }),
  sms: fc.integer({ min: 0, max: 1 }),
  social: fc.integer({ min: 0, max: 2 }),
});

export type Floor = Array<{
  skills: Record<string, number>;
  capacity: Partial<Record<CapacityGroup, number>>;
}>;
export const floorArb: fc.Arbitrary<Floor> = fc.array(
  fc.record({ skills: skillsArb, capacity: capacityArb }),
  {
    minLength: AGENTS.length,
    maxLength: AGENTS.length,
  },
);

export type Op =
  | { kind: 'enqueue'; queue: number; channel: number; priority: number; issue: number }
  | { kind: 'accept' | 'decline' | 'complete' | 'abandon'; pick: number }
  | { kind: 'status'; agent: number; status: AgentStatus }
  | { kind: 'transfer'; pick: number; toQueue: number; toAgent: number; byName: boolean }
  | { kind: 'advance'; seconds: number }
  | { kind: 'skills'; agent: number; skills: Record<string, number> }
  | { kind: 'followUp'; pick: number; seconds: number }
  | { kind: 'policy'; queue: number; seconds: number }
  | { kind: 'sweep' | 'loseTimers' }
  | { kind: 'clockBack'; ms: number };

/** One generator per kind of event, for tests to mix in their own proportions. */
export const opArbs = {
  enqueue: fc.record({
    kind: fc.constant('enqueue' as const),
    queue: fc.nat(2),
    channel: fc.nat(4),
    // Often the same priority, so that items tie on it and lateness and deadlines decide.
    priority: fc.oneof(fc.constant(5), fc.nat(10)),
    issue: fc.nat(30),
  }),
  answer: fc.record({
    kind: fc.constantFrom('accept' as const, 'decline' as const, 'complete' as const, 'abandon' as const),
    pick: fc.nat(),
  }),
  accept: fc.record({ kind: fc.constant('accept' as const), pick: fc.nat() }),
  status: fc.record({
    kind: fc.constant('status' as const),
    agent: fc.nat(3),
    status: fc.constantFrom<AgentStatus>('available', 'away', 'offline'),
  }),
  transfer: fc.record({
    kind: fc.constant('transfer' as const),
    pick: fc.nat(),
    toQueue: fc.nat(2),
    toAgent: fc.nat(3),
    byName: fc.boolean(),
  }),
  advance: fc.record({ kind: fc.constant('advance' as const), seconds: fc.integer({ min: 1, max: 120 }) }),
  skills: fc.record({ kind: fc.constant('skills' as const), agent: fc.nat(3), skills: skillsArb }),
  /** A customer writing again soon after being served. */
  followUp: fc.record({
    kind: fc.constant('followUp' as const),
    pick: fc.nat(),
    seconds: fc.integer({ min: 1, max: 30 }),
  }),
  policy: fc.record({
    kind: fc.constant('policy' as const),
    queue: fc.nat(3),
    seconds: fc.constantFrom(10, 45, 300),
  }),
  housekeeping: fc.record({ kind: fc.constantFrom('sweep' as const, 'loseTimers' as const) }),
  /** Routers' clocks differ, and a simulator's carries fractions of a millisecond. */
  clockBack: fc.record({
    kind: fc.constant('clockBack' as const),
    ms: fc.double({ min: 0.25, max: 30_000, noNaN: true }),
  }),
} satisfies Record<string, fc.Arbitrary<Op>>;

/** What agents and customers do all day. */
export const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: opArbs.enqueue },
  { weight: 3, arbitrary: opArbs.answer },
  { weight: 1, arbitrary: opArbs.status },
  { weight: 1, arbitrary: opArbs.transfer },
  { weight: 2, arbitrary: opArbs.advance },
  { weight: 1, arbitrary: opArbs.skills },
);

export function floorHarness(floor: Floor, config: RoutingConfigInput): Harness {
  return new Harness({
    queues: QUEUES,
    agents: floor.map((a, i) => agent(AGENTS[i] as string, a.skills, { capacity: a.capacity })),
    config,
  });
}

let serial = 0;
export function nextItemId(): string {
  return `wi-${serial++}`;
}

function pickItem(h: Harness, pick: number, state?: string): string | undefined {
  const items = snapshot(h.state).items.filter((i) => !state || i.state === state);
  return items[pick % Math.max(1, items.length)]?.workItemId;
}

export function perform(h: Harness, op: Op): RoutingDecision[] {
  switch (op.kind) {
    case 'enqueue':
      return h.enqueue(nextItemId(), {
        queueId: QUEUES[op.queue]?.queueId ?? 'general',
        channel: CHANNELS[op.channel] ?? 'chat',
        priority: op.priority,
        conversationId: `issue-${op.issue}`,
        customerId: `cust-${op.issue % 7}`,
      });
    case 'accept':
    case 'decline': {
      const workItemId = pickItem(h, op.pick, 'offered');
      const offerId = snapshot(h.state).items.find((i) => i.workItemId === workItemId)?.offerId;
      if (!offerId) return [];
      return h.send({ type: op.kind === 'accept' ? 'offerAccepted' : 'offerDeclined', offerId });
    }
    case 'complete':
    case 'abandon': {
      const workItemId = pickItem(h, op.pick, op.kind === 'complete' ? 'assigned' : undefined);
      return workItemId
        ? h.send({ type: op.kind === 'complete' ? 'workCompleted' : 'itemAbandoned', workItemId })
        : [];
    }
    case 'status':
      return h.send({ type: 'agentStatusChanged', agentId: AGENTS[op.agent] ?? 'a0', status: op.status });
    case 'transfer': {
      const workItemId = pickItem(h, op.pick);
      if (!workItemId) return [];
      const to = op.byName
        ? { agentId: AGENTS[op.toAgent] ?? 'a0' }
        : { queueId: QUEUES[op.toQueue]?.queueId ?? 'general' };
      return h.send({ type: 'transferRequested', workItemId, to });
    }
    case 'advance':
      return h.advance(op.seconds);
    case 'skills': {
      const current = viewAgent(h.state, AGENTS[op.agent] ?? 'a0');
      return current ? h.send({ type: 'agentUpserted', agent: { ...current, skills: op.skills } }) : [];
    }
    case 'followUp':
      return followUp(h, op.pick, op.seconds);
    case 'policy': {
      const queue = QUEUES[op.queue] ?? general;
      const serviceLevel = { seconds: op.seconds, target: 0.8 };
      return h.send({ type: 'queueUpserted', queue: { ...queue, serviceLevel, channelServiceLevels: {} } });
    }
    case 'sweep':
      return h.send({ type: 'sweep' });
    case 'loseTimers':
      h.loseTimers();
      return [];
    case 'clockBack':
      h.now -= op.ms;
      return [];
  }
}

/** The agent finishes a customer's work, and the customer writes again `seconds` later. */
function followUp(h: Harness, pick: number, seconds: number): RoutingDecision[] {
  const workItemId = pickItem(h, pick, 'assigned');
  const done = snapshot(h.state).items.find((i) => i.workItemId === workItemId);
  if (!done) return [];
  const completed = h.send({ type: 'workCompleted', workItemId: done.workItemId });
  const meanwhile = h.advance(seconds);
  const { customerId, channel, queueId } = done;
  return [...completed, ...meanwhile, ...h.enqueue(nextItemId(), { customerId, channel, queueId })];
}
