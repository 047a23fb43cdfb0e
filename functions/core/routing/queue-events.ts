import { drainAgent, matchItem } from './actions.ts';
import type { DecisionContext } from './context.ts';
import { settle } from './delivery.ts';
import { instantInQueue, lookAtHours } from './hours.ts';
import { keyItem, setQueue } from './indexes.ts';
import { onStepTimer } from './item-events.ts';
import { onExpired } from './offer-events.ts';
import { lineOrder, longestWaitFirst } from './ordering.ts';
import { type QueueInput, QueueSchema } from './queue.ts';
import type { ItemRecord } from './records.ts';
import { catchUp } from './steps.ts';

/**
 * A new or changed policy applies to the items already waiting in the queue: each is
 * re-keyed to its (possibly new) step, then offered, first in line first, if the new demands
 * let an agent take it. The queue's members are a set filled in an order a restore does not
 * repeat, so they are visited sorted.
 */
export function onQueueUpserted(ctx: DecisionContext, input: QueueInput): void {
  const parsed = QueueSchema.safeParse(input);
  if (!parsed.success) {
    ctx.emit({ type: 'rejected', code: 'invalid_input', message: parsed.error.message });
    return;
  }
  setQueue(ctx.state, parsed.data);
  lookAtHours(ctx, parsed.data.queueId);
  resettleQueue(ctx, parsed.data.queueId);
}

/**
 * Puts every waiting item of the queue where its queue's policy and hours now say — its line,
 * held for the opening, another queue — and offers those that can go, first in line first.
 */
export function resettleQueue(ctx: DecisionContext, queueId: string): void {
  const waiting = [...ctx.state.membersOf(queueId)]
    .filter((item) => item.state === 'queued')
    .sort(longestWaitFirst);
  for (const item of waiting) {
    keyItem(ctx.state, item);
    catchUp(ctx, item);
    settle(ctx, item);
  }
  for (const item of waiting.sort(lineOrder)) matchItem(ctx, item);
}

/**
 * The change itself was made before the event, as for any event past it; a timer that came
 * early asks to be woken again at the change.
 */
export function onHoursTimer(ctx: DecisionContext, queueId: string, at: number): void {
  const entry = ctx.state.hours.get(queueId);
  if (entry?.until !== at || at <= ctx.now) {
    if (ctx.decisions.length === 0)
      ctx.emit({ type: 'ignored', reason: `no change of hours for ${queueId}` });
    return;
  }
  const event = { type: 'hoursTimerExpired' as const, queueId, at };
  ctx.emit({ type: 'timer', id: `hours:${queueId}:${at}`, at, event });
}

/**
 * Offers waiting work to every agent with room (after restoring state from storage), and does
 * what timers that never came would have done: offers past their expiry expire, and waiting
 * items past the end of their step relax or overflow. Swept now and then, a timer lost between
 * saving the state and scheduling it delays its effect by one sweep, not forever.
 */
export function onSweep(ctx: DecisionContext): void {
  const overdueOffers = [...ctx.state.offers].filter(([, record]) => record.expiresMs <= ctx.now);
  for (const [offerId] of overdueOffers) onExpired(ctx, offerId);
  const overdueSteps = [...ctx.state.items.values()].filter((item) => stepEnded(ctx, item));
  for (const item of overdueSteps) onStepTimer(ctx, item.workItemId, item.queueId, item.step);
  for (const agent of ctx.state.agents.values()) {
    if (agent.indexedMask !== 0) drainAgent(ctx, agent);
  }
}

function stepEnded(ctx: DecisionContext, item: ItemRecord): boolean {
  if (item.state !== 'queued' || item.targetAgentId) return false;
  const compiled = ctx.state.queues.get(item.queueId);
  if (!compiled) return false;
  const isLast = item.step >= compiled.ends.length - 1;
  if (isLast && !compiled.queue.overflowQueueId) return false;
  return instantInQueue(compiled, item, compiled.ends[item.step] ?? Number.POSITIVE_INFINITY) <= ctx.now;
}
