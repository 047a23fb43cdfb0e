import type { DecisionContext } from './context.ts';
import type { RequeueReason } from './decisions.ts';
import { settle } from './delivery.ts';
import { explain } from './explain.ts';
import { isHeld } from './hours.ts';
import { freeMask, keyItem, reindexAgent, unpoolItem } from './indexes.ts';
import { type AgentChoice, chooseAgent, frontsInOrder, openLines } from './match.ts';
import type { OfferRule } from './offer.ts';
import type { AgentRecord, ItemRecord } from './records.ts';
import { catchUp } from './steps.ts';
import { isoAt } from './time.ts';

/** The building blocks every event handler is made of. */

/** Offers the item to the agent: the offer reserves capacity until it is answered or expires. */
export function offerItem(
  ctx: DecisionContext,
  item: ItemRecord,
  agent: AgentRecord,
  rule: OfferRule,
  choice: { field: AgentChoice['field']; passedOver: ItemRecord[] },
  reindex = true,
): void {
  const { state, now } = ctx;
  unpoolItem(item);
  const offerId = ctx.nextOfferId(item.workItemId);
  const seconds = state.queues.get(item.queueId)?.queue.offerSeconds ?? state.config.offerSeconds;
  const expiresMs = now + seconds * 1000;
  const offer = {
    offerId,
    workItemId: item.workItemId,
    agentId: agent.agentId,
    customerId: item.customerId,
    conversationId: item.conversationId,
    channel: item.channel,
    queueId: item.queueId,
    offeredAt: isoAt(now),
    expiresAt: isoAt(expiresMs),
    explanation: explain(state, now, ctx.trigger, item, agent, rule, choice),
  };
  item.state = 'offered';
  item.agentId = agent.agentId;
  item.offerId = offerId;
  agent.offers.add(offerId);
  agent.load[item.group] = (agent.load[item.group] ?? 0) + 1;
  if (reindex) reindexAgent(state, agent);
  state.offers.set(offerId, { offer, expiresMs });
  ctx.emit({ type: 'offer', offer });
  ctx.emit({
    type: 'timer',
    id: `offer:${offerId}`,
    at: expiresMs,
    event: { type: 'offerExpired', offerId },
  });
}

/**
 * Tries to place one waiting item with the best free agent for it. When an agent is left out
 * (they just declined it or let it expire) and nobody else takes it, the engine looks again
 * after `retrySeconds`, so a customer never waits on an idle floor for that reason alone.
 */
export function matchItem(ctx: DecisionContext, item: ItemRecord, excludeAgentId?: string): void {
  if (item.state !== 'queued' || isHeld(ctx.state, item)) return;
  const choice = chooseAgent(ctx.state, item, ctx.now, excludeAgentId);
  if (choice) {
    offerItem(ctx, item, choice.agent, choice.rule, { field: choice.field, passedOver: [] });
    return;
  }
  if (excludeAgentId === undefined) return;
  const at = ctx.now + ctx.state.config.retrySeconds * 1000;
  const event = { type: 'retryTimerExpired' as const, workItemId: item.workItemId };
  ctx.emit({ type: 'timer', id: `retry:${item.workItemId}:${at}`, at, event });
}

/**
 * Fills a free agent's capacity from the fronts of every line they can serve. The lines are
 * read once: taking an item changes only the front of its own line, and capacity only closes
 * during a drain, so each further offer costs one peek instead of a peek per line. The agent's
 * own index entries are brought up to date once, at the end.
 */
export function drainAgent(ctx: DecisionContext, agent: AgentRecord, exclude?: ItemRecord): void {
  const { state, now } = ctx;
  const lines = openLines(agent, freeMask(state, agent), now, exclude);
  const shown = state.config.explainCandidates + 1;
  for (;;) {
    const [line, ...runnersUp] = frontsInOrder(lines, freeMask(state, agent), shown);
    const item = line?.head;
    if (!line || !item) break;
    const rule: OfferRule = item.targetAgentId ? 'transfer' : 'next-in-line';
    const passedOver = runnersUp.flatMap((other) => (other.head ? [other.head] : []));
    offerItem(ctx, item, agent, rule, { field: [], passedOver }, false);
    line.head = line.pool?.head(now, exclude);
  }
  reindexAgent(state, agent);
}

/**
 * Gives back the capacity an item held. `finished` marks work done (completion, transfer
 * away), which starts the agent's idle time; a returned offer does not. A caller that drains
 * the agent straight after may leave the reindexing to the drain.
 */
export function releaseSlot(
  ctx: DecisionContext,
  agent: AgentRecord,
  item: ItemRecord,
  finished: boolean,
  reindex = true,
): void {
  if (item.offerId) {
    agent.offers.delete(item.offerId);
    ctx.state.offers.delete(item.offerId);
  }
  agent.work.delete(item.workItemId);
  agent.load[item.group] = Math.max(0, (agent.load[item.group] ?? 0) - 1);
  if (finished) agent.idleSinceMs = ctx.now;
  if (reindex) reindexAgent(ctx.state, agent);
}

/**
 * Puts an item back in line with its original enqueue time and, unless the caller moved it,
 * its step; time spent on the offer still counts, so a step that ended meanwhile applies now.
 * It is keyed afresh: its queue's policy may have changed while an agent held it, and a
 * waiting item's keys must follow from its queue alone, as a restore computes them.
 */
export function requeue(
  ctx: DecisionContext,
  item: ItemRecord,
  reason: RequeueReason,
  from: { agent?: AgentRecord | undefined; finished?: boolean },
): void {
  const offerId = item.state === 'offered' ? item.offerId : undefined;
  if (from.agent) releaseSlot(ctx, from.agent, item, from.finished ?? false);
  item.state = 'queued';
  item.agentId = undefined;
  item.offerId = undefined;
  keyItem(ctx.state, item);
  ctx.emit({
    type: 'requeue',
    workItemId: item.workItemId,
    reason,
    queueId: item.queueId,
    step: item.step,
    ...(from.agent ? { fromAgentId: from.agent.agentId } : {}),
    ...(offerId ? { offerId } : {}),
    ...(item.targetAgentId ? { targetAgentId: item.targetAgentId } : {}),
  });
  catchUp(ctx, item);
  settle(ctx, item);
}

/** Removes an item from routing for good. */
export function forgetItem(ctx: DecisionContext, item: ItemRecord): void {
  const { state } = ctx;
  unpoolItem(item);
  state.items.delete(item.workItemId);
  state.membersOf(item.queueId).delete(item);
  if (state.openByConversation.get(item.conversationId) === item)
    state.openByConversation.delete(item.conversationId);
}
