import { type AgentInput, newAgentRecord } from './agent-events.ts';
import { type RoutingConfigInput, RoutingConfigSchema } from './config.ts';
import { type RoutingItem, RoutingItemSchema } from './events.ts';
import { isHeld } from './hours.ts';
import { keyItem, refreshEligibility, repoolItem, setQueue } from './indexes.ts';
import { itemRecord, newItemRecord } from './item-events.ts';
import type { Offer } from './offer.ts';
import { type QueueInput, QueueSchema } from './queue.ts';
import type { AgentRecord, ItemRecord, OfferRecord } from './records.ts';
import {
  type RoutingSnapshot,
  SNAPSHOT_FORMAT,
  type StoredAgent,
  type StoredItem,
  type StoredOffer,
} from './snapshot.ts';
import { RoutingState } from './state.ts';

/**
 * Records as another store keeps them (ISO times), e.g. a floor set up by hand, the simulator's
 * or a test's; also every snapshot written before snapshots had a `format`.
 */
export interface RoutingRecordsInput {
  format?: undefined;
  config?: RoutingConfigInput;
  queues?: QueueInput[];
  agents?: AgentInput[];
  /** Open items in any routing state; `offered` ones need their offer in `offers`. */
  items?: Array<Omit<RoutingItem, 'routingStep'> & { routingStep?: number | undefined }>;
  offers?: Offer[];
}

export type RoutingStateInput = RoutingRecordsInput | (RoutingSnapshot & { config?: RoutingConfigInput });

/**
 * Builds an indexed state from stored records, e.g. what the router loads for its partition.
 * Nothing is decided here. A `snapshot` comes back exactly as it was taken, and is trusted:
 * read as written, without validation, since a large floor holds half a million items.
 * Records are validated, and repaired where they disagree: an agent's load is what their
 * record says but never less than the items listed as held by them, so a partial load cannot
 * make the engine overfill an agent; an item offered without its offer, or held by an agent
 * nobody knows, waits again. Send a `sweep` event afterwards to match free agents with
 * waiting work.
 */
export function createRoutingState(input: RoutingStateInput = {}): RoutingState {
  const state = new RoutingState(RoutingConfigSchema.parse(input.config ?? {}));
  if (input.format === undefined) restoreRecords(state, input);
  else if (input.format === SNAPSHOT_FORMAT) restoreSnapshot(state, input);
  else throw new Error(`routing state format ${String((input as { format: unknown }).format)} is unknown`);
  raiseLoadsToHeld(state);
  for (const agent of state.agents.values()) refreshEligibility(state, agent);
  return state;
}

function restoreSnapshot(state: RoutingState, input: RoutingSnapshot): void {
  for (const queue of input.queues) setQueue(state, queue);
  for (const { queueId, open, until } of input.hours ?? []) {
    state.hours.set(queueId, { open, until: until ?? Number.POSITIVE_INFINITY });
    state.nextHoursChange = Math.min(state.nextHoursChange, until ?? Number.POSITIVE_INFINITY);
  }
  for (const stored of input.agents)
    state.agents.set(stored.agentId, agentOf(stored, state.config.agentLanguage));
  const offers = offersById(input.offers.map(offerOf));
  for (const stored of input.items) placeItem(state, itemOf(stored), offers);
  placeOffers(state, offers);
  state.restoreRemembered(input.lastAgents ?? []);
}

function restoreRecords(state: RoutingState, input: RoutingRecordsInput): void {
  for (const queue of input.queues ?? []) setQueue(state, QueueSchema.parse(queue));
  // Records carry no clock: a queue with hours is looked at by the first event.
  for (const { queue } of state.queues.values()) {
    if (queue.hours) state.hours.set(queue.queueId, { open: true, until: Number.NEGATIVE_INFINITY });
  }
  if (state.hours.size > 0) state.nextHoursChange = Number.NEGATIVE_INFINITY;
  for (const agentInput of input.agents ?? []) {
    state.agents.set(agentInput.agentId, newAgentRecord(agentInput, state.config.agentLanguage));
  }
  const records = (input.offers ?? []).map((offer) => ({ offer, expiresMs: Date.parse(offer.expiresAt) }));
  const offers = offersById(records);
  for (const raw of input.items ?? []) placeItem(state, recordOf(RoutingItemSchema.parse(raw)), offers);
  placeOffers(state, offers);
}

function agentOf(stored: StoredAgent, agentLanguage: string): AgentRecord {
  const agent = newAgentRecord(stored, agentLanguage);
  agent.idleSinceMs = stored.idleSinceMs ?? agent.idleSinceMs;
  agent.missedOffers = stored.missedOffers ?? 0;
  return agent;
}

function itemOf(stored: StoredItem): ItemRecord {
  const item = itemRecord({
    workItemId: stored.workItemId,
    conversationId: stored.conversationId,
    customerId: stored.customerId,
    channel: stored.channel,
    priority: stored.priority,
    enqueuedMs: stored.enqueuedMs,
    language: stored.language,
    queueId: stored.queueId,
    queueEnteredMs: stored.queueEnteredMs ?? stored.enqueuedMs,
    step: stored.routingStep ?? 0,
    previousAgent: stored.previousAgent,
  });
  return Object.assign(item, {
    state: stored.state,
    agentId: stored.agentId,
    offerId: stored.offerId,
    targetAgentId: stored.targetAgentId,
    late: stored.late ?? 0,
    seenMs: stored.seenMs ?? stored.enqueuedMs,
    leftMs: stored.leftMs,
  });
}

function recordOf(input: RoutingItem): ItemRecord {
  const { state, agentId, offerId, targetAgentId } = input;
  return Object.assign(newItemRecord(input), { state, agentId, offerId, targetAgentId });
}

function offerOf({ expiresMs, ...offer }: StoredOffer): OfferRecord {
  return { offer, expiresMs: expiresMs ?? Date.parse(offer.expiresAt) };
}

/** In the order given, which is the order the offers were made in. */
function offersById(records: OfferRecord[]): Map<string, OfferRecord> {
  return new Map(records.map((record) => [record.offer.offerId, record]));
}

/**
 * Indexes a restored item where its state says. One that cannot stand (held by an agent no
 * longer known, offered without its offer) waits again, for a named agent only if known.
 */
function placeItem(state: RoutingState, item: ItemRecord, offers: Map<string, OfferRecord>): void {
  keyItem(state, item);
  state.items.set(item.workItemId, item);
  state.openByConversation.set(item.conversationId, item);
  state.membersOf(item.queueId).add(item);
  if (item.state === 'connect' || (item.state === 'offered' && offerStands(state, item, offers))) return;
  const agent = item.agentId === undefined ? undefined : state.agents.get(item.agentId);
  if (agent && item.state === 'assigned') {
    agent.work.add(item.workItemId);
    return;
  }
  item.state = 'queued';
  item.agentId = undefined;
  item.offerId = undefined;
  if (item.targetAgentId !== undefined && !state.agents.has(item.targetAgentId))
    item.targetAgentId = undefined;
  if (!isHeld(state, item)) repoolItem(state, item);
}

function offerStands(state: RoutingState, item: ItemRecord, offers: Map<string, OfferRecord>): boolean {
  const offer = item.offerId === undefined ? undefined : offers.get(item.offerId)?.offer;
  return (
    offer?.workItemId === item.workItemId && offer.agentId === item.agentId && state.agents.has(offer.agentId)
  );
}

/** Offers go in in the order they were made: the order an agent's offers are listed in. */
function placeOffers(state: RoutingState, offers: Map<string, OfferRecord>): void {
  for (const [offerId, record] of offers) {
    const item = state.items.get(record.offer.workItemId);
    const agent = state.agents.get(record.offer.agentId);
    if (!agent || item?.state !== 'offered' || item.offerId !== offerId) continue;
    state.offers.set(offerId, record);
    agent.offers.add(offerId);
  }
}

function raiseLoadsToHeld(state: RoutingState): void {
  const held = new Map<string, number[]>();
  for (const item of state.items.values()) {
    if (!item.agentId) continue;
    const counts = held.get(item.agentId) ?? [0, 0, 0, 0, 0];
    counts[item.group] = (counts[item.group] ?? 0) + 1;
    held.set(item.agentId, counts);
  }
  for (const [agentId, counts] of held) {
    const agent = state.agents.get(agentId);
    if (agent) agent.load = agent.load.map((load, group) => Math.max(load, counts[group] ?? 0));
  }
}
