import type { Agent, Channel } from '#core/model.ts';
import type { QueueInput, RoutableItem } from '#core/routing/index.ts';
import type { Random } from './random.ts';

/**
 * A made-up but plausible floor for the routing benchmark: twenty skills, one queue per skill
 * relaxing ≥4 → ≥2 → ≥1 and overflowing to a general queue, agents with three skills each,
 * and a voice/chat/email mix of work.
 */

export const SKILLS = Array.from({ length: 20 }, (_, i) => `skill-${i}`);
const CHANNELS: Channel[] = [
  'voice',
  'voice',
  'voice',
  'voice',
  'chat',
  'chat',
  'chat',
  'email',
  'email',
  'whatsapp',
];

export function syntheticQueues(): QueueInput[] {
  const general: QueueInput = {
    queueId: 'general',
    name: 'General',
    steps: [{ skills: {} }],
    serviceLevel: { seconds: 60, target: 0.8 },
  };
  return [
    general,
    ...SKILLS.map((skill) => ({
      queueId: skill,
      name: skill,
      steps: [
        { skills: { [skill]: 4 }, seconds: 30 },
        { skills: { [skill]: 2 }, seconds: 60 },
        { skills: { [skill]: 1 }, seconds: 210 },
      ],
      overflowQueueId: 'general',
      serviceLevel: { seconds: 20, target: 0.8 },
      channelServiceLevels: { email: { seconds: 14_400, target: 0.9 }, chat: { seconds: 60, target: 0.8 } },
    })),
  ];
}

export function syntheticAgent(random: Random, index: number, now: number): Agent {
  const skills: Record<string, number> = {};
  while (Object.keys(skills).length < 3) skills[random.pick(SKILLS)] = 1 + random.int(5);
  return {
    agentId: `agent-${index}`,
    name: `Agent ${index}`,
    skills,
    capacity: { voice: 1, chat: 2, email: 2, social: 2 },
    status: 'available',
    load: {},
    lastIdleAt: new Date(now - random.int(3_600_000)).toISOString(),
  };
}

/** An item that arrived up to `spreadSeconds` ago, so the backlog spans every step. */
export function syntheticItem(
  random: Random,
  index: number,
  now: number,
  spreadSeconds: number,
): RoutableItem {
  return {
    workItemId: `wi-${index}`,
    conversationId: `conv-${index}`,
    customerId: `cust-${random.int(1_000_000)}`,
    channel: random.pick(CHANNELS),
    queueId: random.pick(SKILLS),
    priority: random.next() < 0.1 ? 8 : 5,
    enqueuedAt: new Date(now - random.int(spreadSeconds * 1000)).toISOString(),
  };
}
