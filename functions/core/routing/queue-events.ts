import { drainAgent, matchItem } from './actions.ts';
import type { DecisionContext } from './context.ts';
import { settle } from './delivery.ts';
import { keyItem, setQueue } from './indexes.ts';
import { type QueueInput, QueueSchema } from './queue.ts';
import { catchUp } from './steps.ts';

/**
 * A new or changed policy applies to the items already waiting in the queue: each is
 * re-keyed to its (possibly new) step and offered if the new demands let an agent take it.
 */
export function onQueueUpserted(ctx: DecisionContext, input: QueueInput): void {
  const parsed = QueueSchema.safeParse(input);
  if (!parsed.success) {
    ctx.emit({ type: 'rejected', code: 'invalid_input', message: parsed.error.message });
    return;
  }
  setQueue(ctx.state, parsed.data);
  const waiting = [...ctx.state.membersOf(parsed.data.queueId)].filter((item) => item.state === 'queued');
  for (const item of waiting) {
    keyItem(ctx.state, item);
    catchUp(ctx, item);
    settle(ctx, item);
  }
  for (const item of waiting) matchItem(ctx, item);
}

/** Offers waiting work to every agent with room: used after restoring state from storage. */
export function onSweep(ctx: DecisionContext): void {
  for (const agent of ctx.state.agents.values()) {
    if (agent.indexedMask !== 0) drainAgent(ctx, agent);
  }
}
