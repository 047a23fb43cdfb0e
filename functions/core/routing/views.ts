import * as z from 'zod';
import { type Agent, ChannelSchema } from '../model.ts';
import { fromGroupArray } from './capacity.ts';
import type { RoutingItem } from './events.ts';
import type { Offer } from './offer.ts';
import { longestWaitFirst } from './ordering.ts';
import { DispositionSchema, type Queue } from './queue.ts';
import type { AgentRecord, ItemRecord } from './records.ts';
import type { RoutingState } from './state.ts';
import { isoAt } from './time.ts';

/** Read-only projections of the state, in the shapes the API uses. */

export function viewItem(state: RoutingState, workItemId: string): RoutingItem | undefined {
  const item = state.items.get(workItemId);
  return item ? itemView(item) : undefined;
}

function itemView(item: ItemRecord): RoutingItem {
  return {
    workItemId: item.workItemId,
    conversationId: item.conversationId,
    customerId: item.customerId,
    channel: item.channel,
    queueId: item.queueId,
    priority: item.priority,
    enqueuedAt: isoAt(item.enqueuedMs),
    queueEnteredAt: isoAt(item.queueEnteredMs),
    routingStep: item.step,
    state: item.state,
    ...(item.agentId ? { agentId: item.agentId } : {}),
    ...(item.offerId ? { offerId: item.offerId } : {}),
    ...(item.targetAgentId ? { targetAgentId: item.targetAgentId } : {}),
    ...(item.previousAgent
      ? { previousAgent: { agentId: item.previousAgent.agentId, at: isoAt(item.previousAgent.atMs) } }
      : {}),
  };
}

export function viewAgent(state: RoutingState, agentId: string): Agent | undefined {
  const agent = state.agents.get(agentId);
  return agent ? agentView(agent) : undefined;
}

export function agentView(agent: AgentRecord): Agent {
  return {
    agentId: agent.agentId,
    name: agent.name,
    skills: { ...agent.givenSkills },
    capacity: fromGroupArray(agent.capacity),
    status: agent.status,
    load: fromGroupArray(agent.load),
    ...(agent.idleSinceMs > 0 ? { lastIdleAt: isoAt(agent.idleSinceMs) } : {}),
    ...(agent.statusReason ? { statusReason: agent.statusReason } : {}),
    ...(agent.statusSinceMs > 0 ? { statusSince: isoAt(agent.statusSinceMs) } : {}),
    ...(agent.wrapUpUntilMs > 0 ? { wrapUpUntil: isoAt(agent.wrapUpUntilMs) } : {}),
  };
}

/** `GET /agents/{agentId}/offers`: the agent's pending offers, oldest first, then in the order made. */
export function agentOffers(state: RoutingState, agentId: string): Offer[] {
  const agent = state.agents.get(agentId);
  if (!agent) return [];
  return [...agent.offers]
    .map((offerId) => state.offers.get(offerId)?.offer)
    .filter((offer): offer is Offer => offer !== undefined)
    .sort((a, b) => Date.parse(a.offeredAt) - Date.parse(b.offeredAt));
}

/** One line of an agent's work list: an item offered or assigned to them. */
export const AgentWorkItemSchema = z.object({
  workItemId: z.string(),
  conversationId: z.string(),
  customerId: z.string(),
  channel: ChannelSchema,
  queueId: z.string(),
  state: z.enum(['offered', 'assigned']),
  /** When the customer's contact entered routing, kept across transfers: how long they have waited. */
  enqueuedAt: z.iso.datetime({ offset: true }),
  offerId: z.string().optional(),
  /** What the agent may record on completing it, from its queue; `dispositionRequired` when one must be. */
  dispositions: z.array(DispositionSchema).optional(),
  dispositionRequired: z.literal(true).optional(),
});
export type AgentWorkItem = z.infer<typeof AgentWorkItemSchema>;

/**
 * `GET /agents/{agentId}/work-items`: what the agent holds, offered or assigned, the customer
 * who has waited longest first. Completed or returned items have left the agent's sets.
 */
export function agentWork(state: RoutingState, agentId: string): AgentWorkItem[] {
  const agent = state.agents.get(agentId);
  if (!agent) return [];
  const offered = [...agent.offers].map((offerId) => state.offers.get(offerId)?.offer.workItemId);
  return [...agent.work, ...offered]
    .map((workItemId) => (workItemId === undefined ? undefined : state.items.get(workItemId)))
    .filter(
      (item): item is ItemRecord & { state: AgentWorkItem['state'] } =>
        item?.agentId === agentId && (item.state === 'offered' || item.state === 'assigned'),
    )
    .sort(longestWaitFirst)
    .map((item) => ({
      workItemId: item.workItemId,
      conversationId: item.conversationId,
      customerId: item.customerId,
      channel: item.channel,
      queueId: item.queueId,
      state: item.state,
      enqueuedAt: isoAt(item.enqueuedMs),
      ...(item.offerId ? { offerId: item.offerId } : {}),
      ...wrapUpOf(state.queues.get(item.queueId)?.queue),
    }));
}

function wrapUpOf(queue: Queue | undefined): Pick<AgentWorkItem, 'dispositions' | 'dispositionRequired'> {
  if (!queue?.dispositions?.length) return {};
  return {
    dispositions: queue.dispositions,
    ...(queue.dispositionRequired ? { dispositionRequired: true } : {}),
  };
}

/**
 * Who may reply on a conversation: the agent its open item is assigned to, if any. (A
 * supervisor may always; that check belongs to the caller, which knows who is asking.)
 */
export function conversationHolder(state: RoutingState, conversationId: string): string | undefined {
  const item = state.openByConversation.get(conversationId);
  return item?.state === 'assigned' ? item.agentId : undefined;
}

export function getOffer(state: RoutingState, offerId: string): Offer | undefined {
  return state.offers.get(offerId)?.offer;
}

export const QueueStatsSchema = z.object({
  queueId: z.string(),
  name: z.string(),
  waiting: z.number().int(),
  offered: z.number().int(),
  assigned: z.number().int(),
  /** Handed to Amazon Connect as tasks, not yet ended. */
  inConnect: z.number().int(),
  /** Longest current wait among waiting items, in seconds; 0 when none wait. */
  oldestWaitSeconds: z.number(),
});
export type QueueStats = z.infer<typeof QueueStatsSchema>;

/** `GET /queues`: what each queue holds now (service level over time is the store's to keep). */
export function queueStats(state: RoutingState, now: number): QueueStats[] {
  return [...state.queues.values()].map(({ queue }) => {
    const counts = { queued: 0, offered: 0, assigned: 0, connect: 0 };
    let oldest = now;
    for (const item of state.membersOf(queue.queueId)) {
      counts[item.state] += 1;
      if (item.state === 'queued') oldest = Math.min(oldest, item.enqueuedMs);
    }
    return {
      queueId: queue.queueId,
      name: queue.name,
      waiting: counts.queued,
      offered: counts.offered,
      assigned: counts.assigned,
      inConnect: counts.connect,
      oldestWaitSeconds: (now - oldest) / 1000,
    };
  });
}
