import type { Agent } from '#core/model.ts';
import type { QueueInput, RoutingEvent } from '#core/routing/index.ts';
import type { RoutingDeps } from '#routing/deps.ts';

/** Agents a fresh local platform starts with, so routing and the console have someone to work with. */
export const DEMO_AGENTS: Agent[] = [
  {
    agentId: 'agent-ana',
    name: 'Ana Lima',
    skills: { billing: 4, general: 3 },
    capacity: { voice: 1, chat: 3, email: 5, sms: 5, social: 5 },
    status: 'offline',
    load: {},
  },
  {
    agentId: 'agent-ben',
    name: 'Ben Okafor',
    skills: { billing: 2, returns: 4, general: 3 },
    capacity: { voice: 1, chat: 3, email: 5, sms: 5, social: 5 },
    status: 'offline',
    load: {},
  },
  {
    agentId: 'agent-chloe',
    name: 'Chloé Martin',
    skills: { 'lang:es': 5, 'lang:en': 4, sales: 4, general: 4 },
    capacity: { voice: 1, chat: 2, email: 5, sms: 5, social: 5 },
    status: 'offline',
    load: {},
  },
];

const serviceLevel = { seconds: 60, target: 0.8 };

/**
 * Queues a fresh local platform starts with, matching the default routing rules: billing
 * demands an expert first and relaxes after 30 s, then takes any billing agent, and after two
 * more minutes overflows to general.
 */
export const DEMO_QUEUES: QueueInput[] = [
  { queueId: 'general', name: 'General', steps: [{ skills: {} }], serviceLevel },
  {
    queueId: 'billing',
    name: 'Billing',
    steps: [
      { skills: { billing: 4 }, seconds: 30 },
      { skills: { billing: 2 }, seconds: 60 },
      { skills: { billing: 1 }, seconds: 120 },
    ],
    overflowQueueId: 'general',
    serviceLevel,
  },
  {
    queueId: 'returns',
    name: 'Returns',
    steps: [{ skills: { returns: 3 }, seconds: 60 }, { skills: {} }],
    serviceLevel,
  },
  {
    queueId: 'sales',
    name: 'Sales',
    steps: [{ skills: { sales: 3 }, seconds: 60 }, { skills: {} }],
    serviceLevel,
  },
];

/** Demo agents and queues, on a first start only: a kept data folder keeps its own. */
export async function seedDemoData(deps: RoutingDeps): Promise<void> {
  const created = await Promise.all(DEMO_AGENTS.map((agent) => deps.agents.create(agent)));
  const known = await deps.routing.read((state) => state.queues.size);
  if (known > 0 && !created.some(Boolean)) return;
  // Each queue and agent to the partition that routes it.
  const events = new Map<string, RoutingEvent[]>();
  const add = (partition: string, event: RoutingEvent) =>
    events.set(partition, [...(events.get(partition) ?? []), event]);
  for (const queue of DEMO_QUEUES)
    add(deps.partitions.ofQueue(queue.queueId), { type: 'queueUpserted', queue });
  for (const agent of DEMO_AGENTS)
    add(deps.partitions.ofAgent(agent.agentId), { type: 'agentUpserted', agent });
  for (const [partition, batch] of events) await deps.routingFor(partition).routing.dispatch(batch);
}
