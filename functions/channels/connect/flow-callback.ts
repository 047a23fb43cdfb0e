import type { CallEvent } from '#core/call-model.ts';
import { type CallbackRequest, callbackClientToken } from '#core/callback-request.ts';
import { applyCallEvent, type CallStore, callInteractionId } from '#core/calls.ts';
import { queueForEntryPoint } from '#core/entry-points.ts';
import type { Interaction, WorkItem } from '#core/model.ts';
import type { WaitEstimate } from '#core/routing/index.ts';
import { callbackNotice } from '#core/templates.ts';
import { newWorkItem } from '#core/work-item.ts';
import type { AppDeps } from '#deps/app.ts';
import { announceNewWorkItem } from '#routing/announce.ts';
import type { PartitionMap } from '#routing/partitions.ts';
import type { RoutingQueues } from '#routing/routing-queue.ts';
import { logger } from '#shared/observability.ts';
import { QueueTemplatesRepo } from '#store/queue-templates-repo.ts';
import { phoneNumber } from './events.ts';
import type { WaitReader } from './flow-lookup.ts';
import { type ContactFlowEvent, ContactFlowEventSchema } from './schemas.ts';

/** The flow's `action` parameter that asks for a callback instead of waiting. */
export const REQUEST_CALLBACK = 'requestCallback';

/** What the flow gets back, read as `$.External.<key>`; every value a string. */
export interface FlowCallbackAnswer extends Record<string, string> {
  /**
   * `registered` (or `already`, asked before): the caller may hang up and keeps their place;
   * `with-agent`: an agent already has their issue, so the call stays in the queue;
   * `unavailable`: no number to call, or the call is not on the timeline yet; `error`.
   */
  callbackStatus: 'registered' | 'already' | 'with-agent' | 'unavailable' | 'error';
  workItemId: string;
  estimatedWaitSeconds: string;
  estimatedWaitMinutes: string;
  /** When to expect the call, for the flow to say. */
  callbackMessage: string;
}

export interface FlowCallbackDeps
  extends Pick<AppDeps, 'conversations' | 'workItems' | 'timeline' | 'clock' | 'config' | 'table'> {
  calls: CallStore;
  waits?: { forQueue(queueId: string): WaitReader } | undefined;
  routingQueues?: RoutingQueues | undefined;
  partitions?: Pick<PartitionMap, 'ofQueue'> | undefined;
  /** How long to wait for the call's first report to reach the timeline, and how often to look. */
  recordWait?: { attempts: number; intervalMs: number } | undefined;
}

/** The answer when no callback was taken; its keys are every key the answer has. */
export const NO_CALLBACK: FlowCallbackAnswer = {
  callbackStatus: 'unavailable',
  workItemId: '',
  estimatedWaitSeconds: '',
  estimatedWaitMinutes: '',
  callbackMessage: '',
};

/**
 * The caller pressed 1 to be called back instead of waiting. The request goes on the work item of
 * the call's conversation, as a chat's does: the caller's open item (their chat or email about
 * the same issue), or, when there is none, a new voice item in the call's queue that keeps the
 * place the call had (its enqueue time). When an agent accepts the item, the call is placed
 * through the paced Connect requests queue, exactly as for a chat. Never throws.
 */
export async function requestCallbackFromFlow(
  raw: unknown,
  deps: FlowCallbackDeps,
): Promise<FlowCallbackAnswer> {
  try {
    return await registerCallback(ContactFlowEventSchema.parse(raw), deps);
  } catch (error) {
    logger.warn('callback request from the flow failed', { error: (error as Error).name });
    return { ...NO_CALLBACK, callbackStatus: 'error' };
  }
}

async function registerCallback(
  event: ContactFlowEvent,
  deps: FlowCallbackDeps,
): Promise<FlowCallbackAnswer> {
  const contact = event.Details.ContactData;
  const phone = phoneNumber(
    { address: contact.CustomerEndpoint?.Address, type: contact.CustomerEndpoint?.Type },
    deps.config.defaultCountry,
  );
  const call = phone ? await recordedCall(callInteractionId(contact.ContactId), deps) : undefined;
  if (!phone || !call?.conversationId) return NO_CALLBACK;
  const verified =
    event.Details.Parameters?.callerVerified === 'true' || contact.Attributes?.callerVerified === 'true';
  const item = await callbackItem(call, deps);
  // An agent (or Connect) already has the issue: the call goes on to them instead.
  if (item.state !== 'queued' && item.state !== 'offered')
    return { ...NO_CALLBACK, callbackStatus: 'with-agent', workItemId: item.workItemId };
  const request: CallbackRequest = {
    phone,
    via: 'voice',
    // The number the call came from; the customer's own only when the flow verified the caller.
    trust: verified ? 'verified' : 'claimed',
    requestedAt: deps.clock.now().toISOString(),
    clientToken: callbackClientToken(item.workItemId),
  };
  const outcome = await deps.workItems.requestCallback(item.workItemId, request);
  if (outcome === 'taken')
    return { ...NO_CALLBACK, callbackStatus: 'with-agent', workItemId: item.workItemId };
  await linkCall(contact.ContactId, call, item, deps);
  await announceNewWorkItem({ interaction: call, created: false, workItemId: item.workItemId }, deps);
  const wait = await estimate(item, deps);
  const seconds = wait?.estimatedWaitSeconds;
  return {
    callbackStatus: outcome === 'already' ? 'already' : 'registered',
    workItemId: item.workItemId,
    estimatedWaitSeconds: seconds === undefined ? '' : String(Math.round(seconds)),
    estimatedWaitMinutes: seconds === undefined ? '' : String(Math.max(1, Math.ceil(seconds / 60))),
    callbackMessage: callbackNotice(
      await new QueueTemplatesRepo(deps.table).get(item.queueId),
      seconds,
      item.language,
    ),
  };
}

/**
 * The call as the timeline holds it. The flow's lookup reported it a few seconds before, through
 * the ingest queue; a request that comes first waits a moment for it.
 */
async function recordedCall(interactionId: string, deps: FlowCallbackDeps): Promise<Interaction | undefined> {
  const { attempts, intervalMs } = deps.recordWait ?? { attempts: 4, intervalMs: 500 };
  for (let attempt = 1; ; attempt++) {
    const call = await deps.timeline.get(interactionId);
    if (call || attempt >= attempts) return call;
    await new Promise((done) => setTimeout(done, intervalMs));
  }
}

/**
 * The conversation's open item, or a new voice item for the call in the queue the lookup named,
 * waiting since the call joined the queue. Routing hears of a new item only once it carries the
 * request; a conversation that got an item meanwhile keeps that one.
 */
async function callbackItem(call: Interaction, deps: FlowCallbackDeps): Promise<WorkItem> {
  const conversationId = String(call.conversationId);
  const openItem = async () => {
    const conversation = await deps.conversations.get(conversationId);
    if (!conversation) throw new Error(`conversation ${conversationId} not found`);
    const id = conversation.openWorkItemId;
    return { conversation, item: id ? await deps.workItems.get(id) : undefined };
  };
  const { conversation, item } = await openItem();
  if (item) return item;
  // The queue the lookup named (the one the caller was told about), at the dialled number's priority.
  const choice = queueForEntryPoint(deps.config.routingRules, 'voice', call.call?.systemNumber);
  const queueId = call.call?.routingQueueId ?? choice.queueId;
  const fresh = newWorkItem(call, conversation, { ...choice, queueId });
  const waiting: WorkItem = { ...fresh, enqueuedAt: call.call?.enqueuedAt ?? fresh.enqueuedAt };
  if ((await deps.workItems.open(waiting)).opened) return waiting;
  const other = (await openItem()).item;
  if (!other) throw new Error(`conversation ${conversationId} has no open item`);
  return other;
}

/**
 * Names the item on the call and lists the call on the item, now: the flow hangs up next, and the
 * call's end must find the callback request on its item, so it abandons nothing.
 */
async function linkCall(contactId: string, call: Interaction, item: WorkItem, deps: FlowCallbackDeps) {
  const event: CallEvent = {
    eventId: `callback:${contactId}`,
    type: 'CONTACT_FLOW',
    at: deps.clock.now().toISOString(),
    workItemId: item.workItemId,
    conversationId: String(call.conversationId),
  };
  await applyCallEvent(call.interactionId, contactId, event, { timeline: deps.timeline, calls: deps.calls });
  await deps.workItems.joinCall(item.workItemId, call.interactionId, String(call.conversationId));
}

/** The item's place on the wait board, else a newcomer's to its queue while the board catches up. */
async function estimate(item: WorkItem, deps: FlowCallbackDeps): Promise<WaitEstimate | undefined> {
  const board = deps.waits?.forQueue(item.queueId);
  return (await board?.read(item.workItemId)) ?? (await board?.readNewcomer(item.queueId, 'voice'));
}
