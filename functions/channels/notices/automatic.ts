import type { EmailDeps, EmailServices } from '#channels/email/deps.ts';
import { EmailSendError, sendEmailReply } from '#channels/email/send.ts';
import { automaticAllowed } from '#core/automatic-messages.ts';
import { chatReply } from '#core/chat-reply.ts';
import { DomainError } from '#core/errors.ts';
import { derivedId } from '#core/ids.ts';
import { ingestInteraction } from '#core/ingest.ts';
import type { IngestMessage } from '#core/ingest-message.ts';
import type { Customer, WorkItem } from '#core/model.ts';
import { REPLY_TEXT_LIMITS, type ReplyChannel, sendReply } from '#core/replies.ts';
import { timelineOwners } from '#core/resolution.ts';
import type { ChatSurveyCard } from '#core/survey.ts';
import { ingestDeps, replyDeps, type SendingDeps } from '#deps/app.ts';

/** Who the platform's own messages are sent as, where a sender must be named. */
export const PLATFORM_SENDER = 'onethread';

export type AutomaticOutcome =
  | { sent: true; interactionId: string }
  | { sent: false; retryable: boolean; reason: string };

export interface AutomaticDeps extends SendingDeps {
  email?: EmailServices | undefined;
}

/**
 * Sends one automatic message to the customer of a work item, on the item's channel, and puts
 * it on their timeline as outbound and `automatic` (it opens no work item and is no agent's
 * answer): chat through the session's thread, email as a reply in the customer's thread, the
 * messaging channels through their providers within what each channel allows. `key` names the
 * message (`queued:<item>`), so recording it twice stores it once.
 */
export async function sendAutomatic(
  deps: AutomaticDeps,
  item: WorkItem,
  customer: Customer,
  text: string,
  options: { key: string; surveyCard?: ChatSurveyCard | undefined },
): Promise<AutomaticOutcome> {
  try {
    if (item.channel === 'chat') return await toChat(deps, item, text, options);
    if (item.channel === 'email') return await toEmail(deps, item, text);
    if (item.channel in REPLY_TEXT_LIMITS) return await toMessaging(deps, item, customer, text);
    return { sent: false, retryable: false, reason: `no automatic messages on ${item.channel}` };
  } catch (error) {
    // No address to answer (the customer never wrote on the channel, or only machines did).
    if (error instanceof DomainError) return { sent: false, retryable: false, reason: error.message };
    throw error;
  }
}

async function toChat(
  deps: AutomaticDeps,
  item: WorkItem,
  text: string,
  options: { key: string; surveyCard?: ChatSurveyCard | undefined },
): Promise<AutomaticOutcome> {
  const reply = await chatReply(
    {
      conversationId: item.conversationId,
      text,
      agentId: PLATFORM_SENDER,
      replyId: options.key,
      at: deps.clock.now().toISOString(),
    },
    deps,
  );
  return record(deps, { ...reply, sentBy: undefined, surveyCard: options.surveyCard });
}

async function toEmail(deps: AutomaticDeps, item: WorkItem, text: string): Promise<AutomaticOutcome> {
  if (!deps.email) return { sent: false, retryable: false, reason: 'email is not configured' };
  try {
    const sent = await sendEmailReply(deps as EmailDeps, {
      conversationId: item.conversationId,
      text,
      agentId: PLATFORM_SENDER,
      automatic: true,
    });
    return { sent: true, interactionId: sent.interactionId };
  } catch (error) {
    if (!(error instanceof EmailSendError)) throw error;
    return { sent: false, retryable: error.retryable, reason: error.providerCode };
  }
}

async function toMessaging(
  deps: AutomaticDeps,
  item: WorkItem,
  customer: Customer,
  text: string,
): Promise<AutomaticOutcome> {
  const channel = item.channel as ReplyChannel;
  const recent = await deps.timeline.recent(timelineOwners(customer), channel, 20);
  const allowed = automaticAllowed(channel, recent, deps.clock.now());
  if (!allowed.ok) return { sent: false, retryable: false, reason: allowed.reason };
  const { record: outbound, failure } = await sendReply(
    {
      channel,
      text: text.slice(0, REPLY_TEXT_LIMITS[channel]),
      conversationId: item.conversationId,
      agentId: PLATFORM_SENDER,
    },
    replyDeps(deps),
  );
  // A refusal is recorded too, as an agent's is: the timeline shows what was tried.
  const recorded = await record(deps, outbound);
  if (!failure) return recorded;
  const retryable = failure.kind === 'unavailable' || failure.kind === 'rate_limited';
  return { sent: false, retryable, reason: failure.kind };
}

async function record(deps: AutomaticDeps, message: IngestMessage): Promise<AutomaticOutcome> {
  const automatic: IngestMessage = { ...message, sentBy: undefined, flags: ['automatic'] };
  await ingestInteraction(automatic, ingestDeps(deps));
  return { sent: true, interactionId: derivedId('int', message.channel, message.providerMessageId) };
}
