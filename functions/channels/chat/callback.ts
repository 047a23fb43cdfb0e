import * as z from 'zod';
import {
  CALLBACK_REQUESTS_PER_HOUR,
  type CallbackRequest,
  callbackClientToken,
} from '#core/callback-request.ts';
import { type ChatSession, chatThreadKey } from '#core/chat-session.ts';
import { DomainError, InvalidIdentityError } from '#core/errors.ts';
import { normalizePhone } from '#core/identity.ts';
import { callbackNotice } from '#core/templates.ts';
import type { AppDeps } from '#deps/app.ts';
import { badRequest } from '#http/errors.ts';
import { CallbackLimits } from '#store/callback-limits.ts';
import { QueueTemplatesRepo } from '#store/queue-templates-repo.ts';
import type { WaitBoards } from './queue-status.ts';

export const ChatCallbackBodySchema = z.strictObject({
  /** The number to call; the customer's verified number when absent. */
  phone: z.string().min(3).max(64).optional(),
});

export interface ChatCallbackAnswer {
  workItemId: string;
  phone: string;
  estimatedWaitSeconds: number | null;
  /** What the widget shows the visitor: when to expect the call. */
  message: string;
}

/**
 * A waiting visitor asks to be called back instead of waiting. Their work item keeps its place
 * in line and carries the request; when an agent accepts it, the call is placed through the
 * paced Connect requests queue (see the routing follower). A number the visitor types is a claim:
 * it is dialled for this callback only and never attached to the customer.
 */
export async function requestChatCallback(
  session: ChatSession,
  body: z.infer<typeof ChatCallbackBodySchema>,
  deps: Pick<AppDeps, 'conversations' | 'workItems' | 'customers' | 'table' | 'clock' | 'config'>,
  boards: WaitBoards,
): Promise<ChatCallbackAnswer> {
  const conversationId = await deps.conversations.threadConversation(chatThreadKey(session.sessionId));
  const conversation = conversationId ? await deps.conversations.get(conversationId) : undefined;
  const item = conversation?.openWorkItemId
    ? await deps.workItems.get(conversation.openWorkItemId)
    : undefined;
  if (!item || (item.state !== 'queued' && item.state !== 'offered')) {
    throw new DomainError('not_waiting', 'nothing of this chat is waiting for an agent');
  }
  const { phone, trust } = await numberToCall(body.phone, item.customerId, deps);
  const now = deps.clock.now();
  if (!(await new CallbackLimits(deps.table, CALLBACK_REQUESTS_PER_HOUR).take(session.sessionId, now))) {
    throw new DomainError(
      'too_many_callbacks',
      `at most ${CALLBACK_REQUESTS_PER_HOUR} callback requests an hour`,
      {},
      { retryAfterSeconds: CallbackLimits.retryAfterSeconds(now) },
    );
  }
  const request: CallbackRequest = {
    phone,
    via: 'chat',
    trust,
    requestedAt: now.toISOString(),
    clientToken: callbackClientToken(item.workItemId),
  };
  const outcome = await deps.workItems.requestCallback(item.workItemId, request);
  if (outcome === 'taken') {
    throw new DomainError('not_waiting', 'an agent already has this chat');
  }
  const stored = outcome === 'already' ? (await deps.workItems.get(item.workItemId))?.callback : request;
  const estimate = await boards.forQueue(item.queueId).read(item.workItemId);
  const seconds = estimate?.estimatedWaitSeconds;
  return {
    workItemId: item.workItemId,
    phone: stored?.phone ?? phone,
    estimatedWaitSeconds: seconds ?? null,
    message: callbackNotice(
      await new QueueTemplatesRepo(deps.table).get(item.queueId),
      seconds,
      item.language,
    ),
  };
}

/** The number given (a claim, E.164 or national), else a phone number the customer proved. */
async function numberToCall(
  given: string | undefined,
  customerId: string,
  deps: Pick<AppDeps, 'customers' | 'config'>,
): Promise<{ phone: string; trust: CallbackRequest['trust'] }> {
  if (given) {
    try {
      return { phone: normalizePhone(given, deps.config.defaultCountry), trust: 'claimed' };
    } catch (error) {
      if (error instanceof InvalidIdentityError) throw badRequest('phone', 'phone: not a phone number');
      throw error;
    }
  }
  const customer = await deps.customers.get(customerId);
  const verified = customer?.identities.find((identity) => identity.startsWith('phone:'));
  if (!verified) {
    throw new DomainError('no_phone_number', 'no verified phone number on record; give one as `phone`');
  }
  return { phone: verified.slice('phone:'.length), trust: 'verified' };
}
