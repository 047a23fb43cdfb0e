import { drainAgent, matchItem, requeue } from './actions.ts';
import { setAgentStatus } from './agent-events.ts';
import type { DecisionContext } from './context.ts';
import type { AgentRecord, ItemRecord, OfferRecord } from './records.ts';

/** The offer an agent answers, with its item and agent, or a rejection emitted. */
function pending(
  ctx: DecisionContext,
  offerId: string,
  agentId: string | undefined,
): { record: OfferRecord; item: ItemRecord; agent: AgentRecord } | undefined {
  const record = ctx.state.offers.get(offerId);
  const item = record ? ctx.state.items.get(record.offer.workItemId) : undefined;
  const agent = record ? ctx.state.agents.get(record.offer.agentId) : undefined;
  if (!record || !item || !agent) {
    ctx.emit({ type: 'rejected', code: 'not_found', message: `no pending offer ${offerId}` });
    return undefined;
  }
  if (agentId !== undefined && agentId !== agent.agentId) {
    ctx.emit({ type: 'rejected', code: 'conflict', message: `offer ${offerId} was made to another agent` });
    return undefined;
  }
  return { record, item, agent };
}

export function onAccepted(ctx: DecisionContext, offerId: string, agentId: string | undefined): void {
  const found = pending(ctx, offerId, agentId);
  if (!found) return;
  const { item, agent } = found;
  ctx.state.offers.delete(offerId);
  agent.offers.delete(offerId);
  agent.work.add(item.workItemId);
  agent.missedOffers = 0;
  item.state = 'assigned';
  item.offerId = undefined;
  ctx.emit({ type: 'assign', workItemId: item.workItemId, agentId: agent.agentId, offerId });
}

/**
 * A declined offer goes back in line at once, to another agent if one is free; the agent
 * who declined is not handed the same item straight back, but may get it at a later wake-up.
 */
export function onDeclined(ctx: DecisionContext, offerId: string, agentId: string | undefined): void {
  const found = pending(ctx, offerId, agentId);
  if (!found) return;
  const { item, agent } = found;
  requeue(ctx, item, 'declined', { agent });
  matchItem(ctx, item, agent.agentId);
  drainAgent(ctx, agent, item);
}

/** Like a decline, and it counts: after `maxMissedOffers` in a row the agent is set away. */
export function onExpired(ctx: DecisionContext, offerId: string): void {
  const record = ctx.state.offers.get(offerId);
  if (!record) {
    ctx.emit({ type: 'ignored', reason: `offer ${offerId} was already answered` });
    return;
  }
  const found = pending(ctx, offerId, undefined);
  if (!found) return;
  const { item, agent } = found;
  requeue(ctx, item, 'expired', { agent });
  agent.missedOffers += 1;
  if (agent.missedOffers >= ctx.state.config.maxMissedOffers && agent.status === 'available') {
    ctx.emit({ type: 'agentStatus', agentId: agent.agentId, status: 'away', reason: 'missed-offers' });
    setAgentStatus(ctx, agent, 'away', 'missed-offers');
  }
  matchItem(ctx, item, agent.agentId);
  drainAgent(ctx, agent, item);
}
