import type { DecisionContext } from './context.ts';
import type { ItemRecord } from './records.ts';

/**
 * Whether a waiting chat visitor is still there. The widget reports in while it is open
 * (`customerSeen`), and its page-hide beacon says the page went away (`customerLeft`). A visitor
 * not seen for their queue's `inactivitySeconds`, or not back within `LEAVE_GRACE_SECONDS` of
 * leaving (a visitor moving to another page of the site comes back at once), has gone: the item
 * is abandoned. Only the events' own times count, so a replay decides alike.
 */

/** Long enough for the next page of the same site to load and report in. */
export const LEAVE_GRACE_SECONDS = 60;

function waiting(item: ItemRecord | undefined): item is ItemRecord {
  return item?.state === 'queued' || item?.state === 'offered';
}

/** Asks to look again when the item's queue's inactivity time will have run out. */
export function watchPresence(ctx: DecisionContext, item: ItemRecord): void {
  const seconds = ctx.state.queues.get(item.queueId)?.queue.inactivitySeconds;
  if (seconds === undefined || item.channel !== 'chat' || !waiting(item)) return;
  const at = item.seenMs + seconds * 1000;
  const event = {
    type: 'presenceTimerExpired' as const,
    workItemId: item.workItemId,
    why: 'inactive' as const,
  };
  ctx.emit({ type: 'timer', id: `presence:${item.workItemId}:${at}`, at, event });
}

export function onSeen(ctx: DecisionContext, workItemId: string): void {
  const item = ctx.state.items.get(workItemId);
  if (!waiting(item)) {
    ctx.emit({ type: 'ignored', reason: `${workItemId} is not waiting` });
    return;
  }
  item.seenMs = Math.max(item.seenMs, ctx.now);
  item.leftMs = undefined;
}

export function onLeft(ctx: DecisionContext, workItemId: string): void {
  const item = ctx.state.items.get(workItemId);
  if (!waiting(item)) {
    ctx.emit({ type: 'ignored', reason: `${workItemId} is not waiting` });
    return;
  }
  item.leftMs = ctx.now;
  const at = ctx.now + LEAVE_GRACE_SECONDS * 1000;
  const event = { type: 'presenceTimerExpired' as const, workItemId, why: 'left' as const };
  ctx.emit({ type: 'timer', id: `presence:${workItemId}:${at}`, at, event });
}

/**
 * Whether the customer has gone; if not, and the timer was the inactivity one, asks to look again
 * when the inactivity time runs out counted from when they were last seen.
 */
export function presenceGone(ctx: DecisionContext, workItemId: string, why: 'left' | 'inactive'): boolean {
  const item = ctx.state.items.get(workItemId);
  if (!waiting(item)) {
    ctx.emit({ type: 'ignored', reason: `${workItemId} is not waiting` });
    return false;
  }
  const seconds = ctx.state.queues.get(item.queueId)?.queue.inactivitySeconds;
  const left = item.leftMs !== undefined && ctx.now - item.leftMs >= LEAVE_GRACE_SECONDS * 1000;
  const inactive =
    seconds !== undefined && item.channel === 'chat' && ctx.now - item.seenMs >= seconds * 1000;
  if (left || inactive) return true;
  if (why === 'inactive') watchPresence(ctx, item);
  else ctx.emit({ type: 'ignored', reason: `the customer of ${workItemId} is still there` });
  return false;
}
