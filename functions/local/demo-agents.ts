import type { Agent } from '#core/model.ts';

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
    skills: { spanish: 5, sales: 4, general: 4 },
    capacity: { voice: 1, chat: 2, email: 5, sms: 5, social: 5 },
    status: 'offline',
    load: {},
  },
];
