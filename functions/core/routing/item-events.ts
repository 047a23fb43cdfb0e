import { drainAgent, forgetItem, matchItem, releaseSlot, requeue } from './actions.ts';
import { startWrapUp } from './agent-events.ts';
import { channelGroupIndex } from './capacity.ts';
import type { DecisionContext } from './context.ts';
import type { RoutingDecision } from './decisions.ts';
import { repeatHandoff, settle } from './delivery.ts';
import type { RoutableItem, RoutingEvent, TransferTarget } from './events.ts';
import { isHeld } from './hours.ts';
import { keyItem } from './indexes.ts';
import { watchPresence } from './presence.ts';
import type { Queue } from './queue.ts';
import type { ItemRecord } from './records.ts';
import { catchUp, enterQueue, scheduleStep } from './steps.ts';

/** A new work item. A second contact on an issue that already has an open item joins it instead. */
export function onEnqueued(ctx: DecisionContext, input: RoutableItem): void {
  const { state } = ctx;
  const known = state.items.get(input.workItemId);
  if (known) {
    if (!repeatHandoff(ctx, known))
      ctx.emit({ type: 'ignored', reason: `work item ${input.workItemId} is already routed` });
    return;
  }
  const open = state.openByConversation.get(input.conversationId);
  if (open) {
    ctx.emit({
      type: 'join',
      workItemId: open.workItemId,
      joinedWorkItemId: input.workItemId,
      conversationId: input.conversationId,
      channel: input.channel,
    });
    return;
  }
  if (!state.queues.has(input.queueId)) {
    ctx.emit({ type: 'rejected', code: 'not_found', message: `queue ${input.queueId} not found` });
    return;
  }
  const item = newItemRecord(input);
  keyItem(state, item);
  state.items.set(item.workItemId, item);
  state.openByConversation.set(item.conversationId, item);
  state.membersOf(item.queueId).add(item);
  catchUp(ctx, item);
  settle(ctx, item);
  watchPresence(ctx, item);
  matchItem(ctx, item);
}

/** A fresh record from its routable fields; ordering keys are set by the caller. */
export function newItemRecord(input: RoutableItem): ItemRecord {
  const enqueuedMs = Date.parse(input.enqueuedAt);
  return itemRecord({
    workItemId: input.workItemId,
    conversationId: input.conversationId,
    customerId: input.customerId,
    channel: input.channel,
    priority: input.priority,
    enqueuedMs,
    language: input.language,
    queueId: input.queueId,
    queueEnteredMs: input.queueEnteredAt ? Date.parse(input.queueEnteredAt) : enqueuedMs,
    step: input.routingStep ?? 0,
    previousAgent: input.previousAgent
      ? { agentId: input.previousAgent.agentId, atMs: Date.parse(input.previousAgent.at) }
      : undefined,
  });
}

type ItemFields = Pick<
  ItemRecord,
  | 'workItemId'
  | 'conversationId'
  | 'customerId'
  | 'channel'
  | 'priority'
  | 'enqueuedMs'
  | 'language'
  | 'queueId'
  | 'queueEnteredMs'
  | 'step'
  | 'previousAgent'
>;

/** A waiting record, unkeyed; every record is made here, so all share one shape. */
export function itemRecord(fields: ItemFields): ItemRecord {
  return {
    workItemId: fields.workItemId,
    conversationId: fields.conversationId,
    customerId: fields.customerId,
    channel: fields.channel,
    group: channelGroupIndex(fields.channel),
    priority: fields.priority,
    enqueuedMs: fields.enqueuedMs,
    language: fields.language,
    queueId: fields.queueId,
    queueEnteredMs: fields.queueEnteredMs,
    step: fields.step,
    state: 'queued',
    agentId: undefined,
    offerId: undefined,
    targetAgentId: undefined,
    previousAgent: fields.previousAgent,
    seenMs: fields.enqueuedMs,
    leftMs: undefined,
    rank: 0,
    late: 0,
    deadline: 0,
    pool: undefined,
    heapIndex: -1,
  };
}

/** A step ended: relax the item (or overflow it) and look for an agent under the new demands. */
export function onStepTimer(ctx: DecisionContext, workItemId: string, queueId: string, step: number): void {
  const item = ctx.state.items.get(workItemId);
  if (
    item?.state !== 'queued' ||
    item.queueId !== queueId ||
    item.step !== step ||
    item.targetAgentId ||
    isHeld(ctx.state, item)
  ) {
    ctx.emit({ type: 'ignored', reason: `stale step timer for ${workItemId}` });
    return;
  }
  const before = ctx.decisions.length;
  catchUp(ctx, item);
  if (ctx.decisions.length === before) {
    // Early (clock skew between scheduler and engine): ask again for the real end.
    scheduleStep(ctx, item);
    return;
  }
  settle(ctx, item);
  matchItem(ctx, item);
}

/** A second look at an item an agent turned down, with nobody left out this time. */
export function onRetry(ctx: DecisionContext, workItemId: string): void {
  const item = ctx.state.items.get(workItemId);
  if (item?.state !== 'queued') {
    ctx.emit({ type: 'ignored', reason: `${workItemId} is no longer waiting` });
    return;
  }
  matchItem(ctx, item);
}

export function onCompleted(ctx: DecisionContext, workItemId: string, disposition?: string): void {
  const item = ctx.state.items.get(workItemId);
  const agent = item?.agentId ? ctx.state.agents.get(item.agentId) : undefined;
  if (item?.state !== 'assigned' || !agent) {
    rejectState(ctx, workItemId, item, 'assigned');
    return;
  }
  const refusal = dispositionRefusal(ctx.state.queues.get(item.queueId)?.queue, disposition);
  if (refusal) {
    ctx.emit({ type: 'rejected', code: 'invalid_input', message: refusal, field: 'disposition' });
    return;
  }
  releaseSlot(ctx, agent, item, true, false);
  ctx.state.rememberAgent(item.customerId, agent.agentId, ctx.now);
  forgetItem(ctx, item);
  ctx.emit({ type: 'close', workItemId, reason: 'completed', agentId: agent.agentId });
  const afterContactWork = ctx.state.queues.get(item.queueId)?.queue.afterContactWorkSeconds;
  if (afterContactWork) startWrapUp(ctx, agent, afterContactWork);
  else drainAgent(ctx, agent);
}

/** A call Connect routed stopped waiting: counted against its queue, which must be one we know. */
export function onCallWaitEnded(
  ctx: DecisionContext,
  event: Extract<RoutingEvent, { type: 'callWaitEnded' }>,
): void {
  const { queueId, outcome, enqueuedAt, endedAt } = event;
  if (!ctx.state.queues.has(queueId)) {
    ctx.emit({ type: 'rejected', code: 'not_found', message: `queue ${queueId} not found` });
    return;
  }
  ctx.emit({ type: 'callWait', queueId, outcome, enqueuedAt, endedAt });
}

/** The Connect task of an item handed to Connect ended: the item is done. A repeat finds nothing. */
export function onConnectTaskEnded(ctx: DecisionContext, workItemId: string): void {
  const item = ctx.state.items.get(workItemId);
  if (item?.state !== 'connect') {
    ctx.emit({ type: 'ignored', reason: `${workItemId} is not with Amazon Connect` });
    return;
  }
  forgetItem(ctx, item);
  ctx.emit({ type: 'close', workItemId, reason: 'completed' });
}

/** The customer left while waiting or while the offer was out; an offer is withdrawn. */
export function onAbandoned(ctx: DecisionContext, workItemId: string): void {
  const item = ctx.state.items.get(workItemId);
  if (!item || item.state === 'assigned') {
    rejectState(ctx, workItemId, item, 'queued or offered');
    return;
  }
  const agent = item.agentId ? ctx.state.agents.get(item.agentId) : undefined;
  const offerId = item.offerId;
  if (agent) releaseSlot(ctx, agent, item, false, false);
  forgetItem(ctx, item);
  ctx.emit({
    type: 'close',
    workItemId,
    reason: 'abandoned',
    queueId: item.queueId,
    channel: item.channel,
    ...(agent ? { agentId: agent.agentId } : {}),
    ...(offerId ? { offerId } : {}),
  });
  if (agent) drainAgent(ctx, agent);
}

/**
 * To a queue: the item starts that queue's steps now but keeps its enqueue time, so it does
 * not lose its place. To an agent: it waits for that agent alone, who must be available and
 * take the channel at all.
 */
export function onTransfer(ctx: DecisionContext, workItemId: string, to: TransferTarget): void {
  const { state } = ctx;
  const item = state.items.get(workItemId);
  // A task in Connect is moved by Connect's agents; moving it here would leave the task behind.
  if (!item || item.state === 'connect') {
    rejectState(ctx, workItemId, item, 'open');
    return;
  }
  const problem = transferProblem(ctx, item, to);
  if (problem) {
    ctx.emit(problem);
    return;
  }
  const holder = item.agentId ? state.agents.get(item.agentId) : undefined;
  if ('queueId' in to) enterQueue(ctx, item, to.queueId);
  else item.targetAgentId = to.agentId;
  requeue(ctx, item, 'transfer', { agent: holder, finished: item.state === 'assigned' });
  matchItem(ctx, item, holder?.agentId);
  if (holder) drainAgent(ctx, holder, item);
}

function transferProblem(
  ctx: DecisionContext,
  item: ItemRecord,
  to: TransferTarget,
): RoutingDecision | undefined {
  if ('queueId' in to) {
    if (ctx.state.queues.has(to.queueId)) return undefined;
    return { type: 'rejected', code: 'not_found', message: `queue ${to.queueId} not found` };
  }
  const target = ctx.state.agents.get(to.agentId);
  if (!target) return { type: 'rejected', code: 'not_found', message: `agent ${to.agentId} not found` };
  if (target.status !== 'available' || !target.capacity[item.group] || item.agentId === target.agentId) {
    return { type: 'rejected', code: 'conflict', message: `agent ${to.agentId} cannot take this item now` };
  }
  return undefined;
}

function rejectState(
  ctx: DecisionContext,
  workItemId: string,
  item: ItemRecord | undefined,
  wanted: string,
): void {
  if (!item) ctx.emit({ type: 'rejected', code: 'not_found', message: `work item ${workItemId} not found` });
  else
    ctx.emit({
      type: 'rejected',
      code: 'conflict',
      message: `work item ${workItemId} is ${item.state}, not ${wanted}`,
    });
}

/** Why a completion's disposition is refused: missing where the queue requires one, or not its own. */
function dispositionRefusal(queue: Queue | undefined, disposition: string | undefined): string | undefined {
  const codes = (queue?.dispositions ?? []).map((d) => d.code);
  if (disposition === undefined) {
    return queue?.dispositionRequired
      ? `disposition: ${queue.queueId} needs one of ${codes.join(', ')}`
      : undefined;
  }
  return codes.includes(disposition)
    ? undefined
    : `disposition: one of ${codes.join(', ') || 'none (the queue has none)'}`;
}
