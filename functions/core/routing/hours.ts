import { afterOpenSeconds, isOpen, nextChange, openSecondsBetween } from '../business-hours.ts';
import type { DecisionContext } from './context.ts';
import type { CompiledQueue, ItemRecord } from './records.ts';
import type { RoutingState } from './state.ts';

/**
 * Opening hours in the engine. A closed queue's waiting items leave every line, so no agent is
 * offered them, and come back when it opens. The engine learns of an opening or closing from
 * the clock of the events themselves: before any event at or past the next change, the queues
 * due are looked at again, and a timer at each change wakes the engine then. So a late, early or
 * repeated timer changes nothing, and a replay decides alike.
 */

/** Whether the item waits for its queue to open (an item sent to a named agent never does). */
export function isHeld(state: RoutingState, item: ItemRecord): boolean {
  return item.targetAgentId === undefined && state.hours.get(item.queueId)?.open === false;
}

/** Whether a queue is open as the engine last found it. */
export function queueOpen(state: RoutingState, queueId: string): boolean {
  return state.hours.get(queueId)?.open !== false;
}

/**
 * Looks again at the queue's hours at `now` and asks for a timer at its next change. Returns
 * whether it opened or closed; moving its items is the caller's.
 */
export function lookAtHours(ctx: DecisionContext, queueId: string): boolean {
  const { state, now } = ctx;
  const hours = state.queues.get(queueId)?.queue.hours;
  const before = queueOpen(state, queueId);
  if (!hours) {
    state.hours.delete(queueId);
  } else {
    const until = nextChange(hours, now) ?? Number.POSITIVE_INFINITY;
    const known = state.hours.get(queueId);
    state.hours.set(queueId, { open: isOpen(hours, now), until });
    if (Number.isFinite(until) && known?.until !== until) {
      const event = { type: 'hoursTimerExpired' as const, queueId, at: until };
      ctx.emit({ type: 'timer', id: `hours:${queueId}:${until}`, at: until, event });
    }
  }
  state.nextHoursChange = Math.min(
    Number.POSITIVE_INFINITY,
    ...[...state.hours.values()].map((entry) => entry.until),
  );
  return before !== queueOpen(state, queueId);
}

/**
 * The queues whose hours changed by `now`, looked at again, in id order. Returns those that
 * opened or closed, with the closed queues that overflow into one that just opened.
 */
export function dueHourChanges(ctx: DecisionContext): string[] {
  const { state, now } = ctx;
  if (now < state.nextHoursChange) return [];
  const due = [...state.hours]
    .filter(([, entry]) => entry.until <= now)
    .map(([queueId]) => queueId)
    .sort();
  const changed = due.filter((queueId) => lookAtHours(ctx, queueId));
  const opened = new Set(changed.filter((queueId) => queueOpen(state, queueId)));
  const overflowing = [...state.queues.values()]
    .filter(({ queue }) => !queueOpen(state, queue.queueId) && opened.has(queue.closedOverflowQueueId ?? ''))
    .map(({ queue }) => queue.queueId);
  return [...new Set([...changed, ...overflowing])].sort();
}

/** How long the item has been in its queue, counting only open time where the queue has hours. */
export function timeInQueue(compiled: CompiledQueue, item: ItemRecord, now: number): number {
  const hours = compiled.queue.hours;
  if (!hours) return now - item.queueEnteredMs;
  return openSecondsBetween(hours, item.queueEnteredMs, now) * 1000;
}

/** The instant the item will have been `ms` in its queue, by the same clock. */
export function instantInQueue(compiled: CompiledQueue, item: ItemRecord, ms: number): number {
  const hours = compiled.queue.hours;
  if (!hours || !Number.isFinite(ms)) return item.queueEnteredMs + ms;
  return afterOpenSeconds(hours, item.queueEnteredMs, ms / 1000);
}
