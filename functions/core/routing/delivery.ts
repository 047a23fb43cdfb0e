import type { DecisionContext } from './context.ts';
import { isHeld, queueOpen } from './hours.ts';
import { poolItem, unpoolItem } from './indexes.ts';
import type { Delivery } from './queue.ts';
import type { ItemRecord } from './records.ts';
import { enterQueue, scheduleStep } from './steps.ts';

/**
 * Where a waiting item goes once its queue and step are current. In a queue delivered by Amazon
 * Connect it is handed off as a task and leaves every line, so no agent of ours is offered it;
 * it stays known here (one open item per conversation, closed when the task ends). An item
 * transferred to one of our agents by name waits for that agent whatever its queue's delivery.
 */
export function settle(ctx: DecisionContext, item: ItemRecord): void {
  if (isHeld(ctx.state, item)) {
    holdOrMove(ctx, item);
    return;
  }
  const queue = ctx.state.queues.get(item.queueId)?.queue;
  if (queue?.delivery.mode !== 'connect' || item.targetAgentId) {
    poolItem(ctx.state, item, ctx.now);
    scheduleStep(ctx, item);
    return;
  }
  unpoolItem(item);
  item.state = 'connect';
  emitHandoff(ctx, item, queue.delivery);
}

/**
 * A closed queue's item waits out of every line for the opening, unless the queue sends its
 * work to another queue while closed and that one is open: then it moves there, keeping its
 * wait, as an overflow does.
 */
function holdOrMove(ctx: DecisionContext, item: ItemRecord): void {
  const toQueueId = ctx.state.queues.get(item.queueId)?.queue.closedOverflowQueueId;
  if (!toQueueId || !ctx.state.queues.has(toQueueId) || !queueOpen(ctx.state, toQueueId)) {
    unpoolItem(item);
    return;
  }
  const fromQueueId = item.queueId;
  enterQueue(ctx, item, toQueueId);
  ctx.emit({ type: 'overflow', workItemId: item.workItemId, fromQueueId, toQueueId });
  settle(ctx, item);
}

/**
 * A retried arrival of an item already handed off asks for its task again, in case the first
 * request never left (the task's client token is the item's, so Connect still makes one task).
 */
export function repeatHandoff(ctx: DecisionContext, item: ItemRecord): boolean {
  const delivery = ctx.state.queues.get(item.queueId)?.queue.delivery;
  if (item.state !== 'connect' || delivery?.mode !== 'connect') return false;
  emitHandoff(ctx, item, delivery);
  return true;
}

function emitHandoff(
  ctx: DecisionContext,
  item: ItemRecord,
  { connectQueueId, contactFlowId }: Extract<Delivery, { mode: 'connect' }>,
): void {
  ctx.emit({
    type: 'handoff',
    workItemId: item.workItemId,
    conversationId: item.conversationId,
    customerId: item.customerId,
    channel: item.channel,
    queueId: item.queueId,
    connectQueueId,
    ...(contactFlowId ? { contactFlowId } : {}),
  });
}
