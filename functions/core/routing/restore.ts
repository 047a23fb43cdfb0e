import { type AgentInput, newAgentRecord } from './agent-events.ts';
import { type RoutingConfigInput, RoutingConfigSchema } from './config.ts';
import { type RoutingItem, RoutingItemSchema } from './events.ts';
import { keyItem, poolItem, refreshEligibility, setQueue } from './indexes.ts';
import { newItemRecord } from './item-events.ts';
import type { Offer } from './offer.ts';
import { type QueueInput, QueueSchema } from './queue.ts';
import { RoutingState } from './state.ts';

export interface RoutingStateInput {
  config?: RoutingConfigInput;
  queues?: QueueInput[];
  agents?: AgentInput[];
  /** Open items in any routing state; `offered` ones need their offer in `offers`. */
  items?: Array<Omit<RoutingItem, 'routingStep'> & { routingStep?: number | undefined }>;
  offers?: Offer[];
}

/**
 * Builds an indexed state from stored records, e.g. what the router Lambda loads for its
 * partition. Nothing is decided here: send a `sweep` event afterwards to match free agents
 * with waiting work. An agent's load is what their record says, but never less than the items
 * listed as held by them, so a partial load cannot make the engine overfill an agent.
 */
export function createRoutingState(input: RoutingStateInput = {}): RoutingState {
  const state = new RoutingState(RoutingConfigSchema.parse(input.config ?? {}));
  for (const queue of input.queues ?? []) setQueue(state, QueueSchema.parse(queue));
  for (const agentInput of input.agents ?? []) {
    state.agents.set(agentInput.agentId, newAgentRecord(agentInput));
  }
  const offers = new Map((input.offers ?? []).map((offer) => [offer.offerId, offer]));
  for (const raw of input.items ?? []) restoreItem(state, RoutingItemSchema.parse(raw), offers);
  raiseLoadsToHeld(state);
  for (const agent of state.agents.values()) refreshEligibility(state, agent);
  return state;
}

function restoreItem(state: RoutingState, input: RoutingItem, offers: Map<string, Offer>): void {
  const item = newItemRecord(input);
  const agent = input.agentId ? state.agents.get(input.agentId) : undefined;
  const offer = input.offerId ? offers.get(input.offerId) : undefined;
  keyItem(state, item);
  state.items.set(item.workItemId, item);
  state.openByConversation.set(item.conversationId, item);
  state.membersOf(item.queueId).add(item);
  if (agent && input.state === 'assigned') {
    agent.work.add(item.workItemId);
    Object.assign(item, { state: 'assigned', agentId: agent.agentId });
    return;
  }
  if (agent && input.state === 'offered' && offer) {
    agent.offers.add(offer.offerId);
    Object.assign(item, { state: 'offered', agentId: agent.agentId, offerId: offer.offerId });
    state.offers.set(offer.offerId, { offer, expiresMs: Date.parse(offer.expiresAt) });
    return;
  }
  if (input.state === 'connect') {
    item.state = 'connect';
    return;
  }
  // Anything else (an offer that was lost, an agent no longer known) waits again.
  item.targetAgentId =
    input.targetAgentId && state.agents.has(input.targetAgentId) ? input.targetAgentId : undefined;
  poolItem(state, item);
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
