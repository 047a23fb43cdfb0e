import type { DecisionContext } from './context.ts';
import { instantInQueue, timeInQueue } from './hours.ts';
import { keyItem, requirementOf } from './indexes.ts';
import type { ItemRecord } from './records.ts';

/**
 * Step changes follow the clock (in a queue with hours, its open time), not the timers: an item's step is whatever its time in the
 * queue says, so a late, early or duplicated timer, or one that fired during an offer, cannot
 * put it on the wrong step. Timers only say when to look again.
 */
export function catchUp(ctx: DecisionContext, item: ItemRecord): void {
  if (item.targetAgentId) return;
  const compiled = ctx.state.queues.get(item.queueId);
  if (!compiled) return;
  const elapsed = timeInQueue(compiled, item, ctx.now);
  const last = compiled.ends.length - 1;
  let step = Math.min(item.step, last);
  while (step < last && (compiled.ends[step] ?? Number.POSITIVE_INFINITY) <= elapsed) step++;
  if (step !== item.step) {
    item.step = step;
    const skills = requirementOf(ctx.state, item)?.skills ?? {};
    ctx.emit({ type: 'step', workItemId: item.workItemId, queueId: item.queueId, step, skills });
  }
  const overflowId = compiled.queue.overflowQueueId;
  const overflowAt = compiled.ends[last] ?? Number.POSITIVE_INFINITY;
  if (step === last && overflowId && overflowAt <= elapsed && ctx.state.queues.has(overflowId)) {
    const fromQueueId = item.queueId;
    enterQueue(ctx, item, overflowId);
    ctx.emit({ type: 'overflow', workItemId: item.workItemId, fromQueueId, toQueueId: overflowId });
  }
}

/** Moves an item to the first step of a queue, now; its enqueue time (its place in line) stays. */
export function enterQueue(ctx: DecisionContext, item: ItemRecord, queueId: string): void {
  ctx.state.membersOf(item.queueId).delete(item);
  item.queueId = queueId;
  item.step = 0;
  item.queueEnteredMs = ctx.now;
  item.targetAgentId = undefined;
  ctx.state.membersOf(queueId).add(item);
  keyItem(ctx.state, item);
}

/** Asks to be woken when the item's current step ends (or its last step overflows). */
export function scheduleStep(ctx: DecisionContext, item: ItemRecord): void {
  if (item.targetAgentId || item.state !== 'queued') return;
  const compiled = ctx.state.queues.get(item.queueId);
  if (!compiled) return;
  const isLast = item.step >= compiled.ends.length - 1;
  const end = compiled.ends[item.step] ?? Number.POSITIVE_INFINITY;
  if (!Number.isFinite(end) || (isLast && !compiled.queue.overflowQueueId)) return;
  const event = {
    type: 'stepTimerExpired' as const,
    workItemId: item.workItemId,
    queueId: item.queueId,
    step: item.step,
  };
  const at = instantInQueue(compiled, item, end);
  if (!Number.isFinite(at)) return;
  const id = `step:${item.workItemId}:${item.queueId}:${item.step}`;
  ctx.emit({ type: 'timer', id, at, event });
}
