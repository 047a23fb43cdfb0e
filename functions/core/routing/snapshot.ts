import type { Agent } from '../model.ts';
import { idleSinceOf } from './agent-events.ts';
import type { RoutingItem } from './events.ts';
import type { Offer } from './offer.ts';
import type { Queue } from './queue.ts';
import type { AgentRecord, ItemRecord, OfferRecord } from './records.ts';
import type { LastAgent, RoutingState } from './state.ts';
import { agentView } from './views.ts';

/** Bumped whenever a stored field changes meaning; snapshots without `format` predate it. */
export const SNAPSHOT_FORMAT = 2;

/**
 * A work item as stored: times in epoch ms, and fields at their default left out, since a
 * partition holds hundreds of thousands. `state` always stays, as the field readers filter on.
 */
export type StoredItem = Pick<
  RoutingItem,
  | 'workItemId'
  | 'conversationId'
  | 'customerId'
  | 'channel'
  | 'queueId'
  | 'priority'
  | 'state'
  | 'agentId'
  | 'offerId'
  | 'targetAgentId'
  | 'language'
> & {
  enqueuedMs: number;
  /** Left out when it equals `enqueuedMs`, as it does until a transfer or an overflow. */
  queueEnteredMs?: number;
  /** Left out on the first step. */
  routingStep?: number;
  previousAgent?: { agentId: string; atMs: number };
  /** A waiting item that had missed its service-level target (see `ItemPool.restore`). */
  late?: 1;
  /** Left out when it equals `enqueuedMs`. */
  seenMs?: number;
  leftMs?: number;
};

/** An agent as the API shows them, with what else the engine keeps about them. */
export type StoredAgent = Agent & {
  /** Consecutive expired offers, towards `maxMissedOffers`; left out at 0. */
  missedOffers?: number;
  /** Only where `lastIdleAt` does not say it exactly: fractions of a millisecond, or before 1970. */
  idleSinceMs?: number;
};

/** An offer as made, with `expiresMs` only where `expiresAt` does not say it exactly. */
export type StoredOffer = Offer & { expiresMs?: number };

/**
 * Everything a decision depends on, in the orders decisions depend on (arrival for items,
 * creation for offers and agents), as plain JSON: `createRoutingState` rebuilds from it a
 * state that decides exactly as this one would. Not included: the engine configuration,
 * which is the caller's.
 */
export interface RoutingSnapshot {
  format: typeof SNAPSHOT_FORMAT;
  queues: Queue[];
  agents: StoredAgent[];
  items: StoredItem[];
  offers: StoredOffer[];
  /** Who last served each customer, oldest first, for sticky routing; left out when empty. */
  lastAgents?: LastAgent[];
  /** Queues with hours as last found (`until` left out when they never change); left out when none. */
  hours?: StoredHours[];
}

export interface StoredHours {
  queueId: string;
  open: boolean;
  until?: number;
}

export function snapshot(state: RoutingState): RoutingSnapshot {
  const lastAgents = state.rememberedAgents();
  const hours = [...state.hours].map(([queueId, { open, until }]) =>
    Number.isFinite(until) ? { queueId, open, until } : { queueId, open },
  );
  return {
    format: SNAPSHOT_FORMAT,
    queues: [...state.queues.values()].map((compiled) => compiled.queue),
    agents: [...state.agents.values()].map(storedAgent),
    items: [...state.items.values()].map(storedItem),
    offers: [...state.offers.values()].map(storedOffer),
    ...(lastAgents.length > 0 ? { lastAgents } : {}),
    ...(hours.length > 0 ? { hours } : {}),
  };
}

function storedAgent(agent: AgentRecord): StoredAgent {
  const stored: StoredAgent = agentView(agent);
  if (agent.missedOffers > 0) stored.missedOffers = agent.missedOffers;
  if (agent.idleSinceMs !== idleSinceOf(stored.lastIdleAt)) stored.idleSinceMs = agent.idleSinceMs;
  return stored;
}

function storedItem(item: ItemRecord): StoredItem {
  const stored: StoredItem = {
    workItemId: item.workItemId,
    conversationId: item.conversationId,
    customerId: item.customerId,
    channel: item.channel,
    queueId: item.queueId,
    priority: item.priority,
    enqueuedMs: item.enqueuedMs,
    state: item.state,
  };
  if (item.queueEnteredMs !== item.enqueuedMs) stored.queueEnteredMs = item.queueEnteredMs;
  if (item.step !== 0) stored.routingStep = item.step;
  if (item.agentId !== undefined) stored.agentId = item.agentId;
  if (item.offerId !== undefined) stored.offerId = item.offerId;
  if (item.targetAgentId !== undefined) stored.targetAgentId = item.targetAgentId;
  if (item.previousAgent) stored.previousAgent = item.previousAgent;
  if (item.language !== undefined) stored.language = item.language;
  if (item.pool && item.late === 1) stored.late = 1;
  if (item.seenMs !== item.enqueuedMs) stored.seenMs = item.seenMs;
  if (item.leftMs !== undefined) stored.leftMs = item.leftMs;
  return stored;
}

function storedOffer({ offer, expiresMs }: OfferRecord): StoredOffer {
  return expiresMs === Date.parse(offer.expiresAt) ? offer : { ...offer, expiresMs };
}
