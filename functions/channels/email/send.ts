import { randomUUID } from 'node:crypto';
import { openSecondsBetween } from '#core/business-hours.ts';
import type { EmailMetadataInput, FirstResponse } from '#core/email.ts';
import { DomainError, NotFoundError } from '#core/errors.ts';
import { derivedId } from '#core/ids.ts';
import { ingestInteraction } from '#core/ingest.ts';
import { type IngestMessage, IngestMessageSchema } from '#core/ingest-message.ts';
import type { ReplyTranslation } from '#core/language.ts';
import type { Attachment, Conversation, Customer, Interaction, WorkItem } from '#core/model.ts';
import { timelineOwners } from '#core/resolution.ts';
import { ingestDeps } from '#deps/app.ts';
import { logger } from '#shared/observability.ts';
import { QueueHoursRepo } from '#store/queue-hours-repo.ts';
import { parseMailbox } from './addresses.ts';
import type { EmailDeps } from './deps.ts';
import {
  type EmailReply,
  type EmailSender,
  isAnswerable,
  type ParsedEmailReply,
  parseReply,
  planReply,
  type ReplyFile,
  type ReplyPlan,
} from './reply-plan.ts';
import { describeSesFailure, sesSender } from './ses-sender.ts';
import { sesMessageIdDomain, threadKeys } from './threading.ts';

export { type EmailReply, EmailReplySchema } from './reply-plan.ts';

export interface EmailReplyResult {
  interactionId: string;
  /** The id SES returned. */
  sesMessageId: string;
  /** The Message-ID the customer's mail program sees, and quotes when they answer. */
  messageId: string;
  from: string;
  to: string;
  replyTo: string;
  subject: string;
  /** `timeline`: on the timeline now; `queued`: on its way through the ingest queue; `failed`: sent but not recorded (logged). */
  recorded: 'timeline' | 'queued' | 'failed';
  firstResponse?: FirstResponse | undefined;
}

/**
 * SES refused the reply or could not be reached (after the client's own retries). The reply is
 * on the timeline with delivery status `failed` and SES's reason, so the agent's text is not
 * lost; `retryable` says whether sending again later may work.
 */
export class EmailSendError extends DomainError {
  constructor(
    /** SES's name for the failure (`MessageRejected`). */
    readonly providerCode: string,
    readonly reason: string,
    readonly retryable: boolean,
    /** The failed attempt on the timeline. */
    readonly interactionId: string,
    options?: { cause?: unknown },
  ) {
    super(
      retryable ? 'email_unavailable' : 'email_not_sent',
      reason,
      { providerCode, interactionId, retryable },
      options,
    );
    this.name = 'EmailSendError';
  }
}

const HISTORY_PAGES = 5;
const HISTORY_PAGE_SIZE = 50;

/**
 * Sends an agent's reply to the customer's latest email in a conversation (the plan: who, from
 * where, threaded how, with which files), then records it on the timeline with the msg-id SES
 * gives it, so the customer's next reply threads back too.
 */
export async function sendEmailReply(
  deps: EmailDeps,
  input: EmailReply & { files?: readonly ReplyFile[] | undefined },
  sender: EmailSender = sesSender(deps.email.ses),
): Promise<EmailReplyResult> {
  const reply = parseReply(input);
  const conversation = await deps.conversations.get(reply.conversationId);
  if (!conversation) throw new NotFoundError('conversation', reply.conversationId);
  const customer = await deps.customers.get(conversation.customerId);
  if (!customer) throw new NotFoundError('customer', conversation.customerId);
  const workItem = conversation.openWorkItemId
    ? await deps.workItems.get(conversation.openWorkItemId)
    : undefined;
  const history = await readHistory(deps, customer, conversation, workItem);
  if (!history.answered?.email) {
    throw new DomainError('conflict', 'this conversation has no email from the customer to answer', {
      conversationId: conversation.conversationId,
    });
  }
  const files = input.files ?? [];
  const plan = planReply(reply, { conversation, answered: history.answered, files }, deps.email.config);
  await deps.conversations.bindThread(threadKeys.replyToken(plan.token), conversation.conversationId);
  const base: Omit<Outbound, 'providerMessageId' | 'delivery'> = {
    conversation,
    customer,
    reply,
    subject: plan.mail.subject,
    attachments: files.map((file) => file.attachment),
    email: plan.email,
  };
  const sesMessageId = await sendOrRecordFailure(deps, sender, plan, base);
  const messageId = `<${sesMessageId}@${deps.email.config.messageIdDomain ?? sesMessageIdDomain(deps.email.config.region)}>`;
  await Promise.all([
    deps.conversations.bindThread(threadKeys.messageId(messageId), conversation.conversationId),
    deps.conversations.bindThread(threadKeys.sesMessage(sesMessageId), conversation.conversationId),
  ]);
  const firstResponse =
    workItem && !history.answeredSince && !reply.automatic
      ? await measure(workItem, deps, deps.email.config.firstResponseSeconds)
      : undefined;
  const recorded = await record(deps, {
    ...base,
    providerMessageId: sesMessageId,
    threadKey: threadKeys.messageId(messageId),
    delivery: { status: 'accepted' },
    email: { ...base.email, messageId, sesMessageId, firstResponse },
  });
  const { from, to, replyTo, subject } = plan.mail;
  return {
    interactionId: recorded.interactionId,
    sesMessageId,
    messageId,
    from,
    to,
    replyTo,
    subject,
    recorded: recorded.how,
    firstResponse,
  };
}

/**
 * The send; when SES refuses or cannot be reached, the reply goes on the timeline as failed with
 * SES's reason (the agent's text is not lost) and the refusal is thrown. A refusal of ours (a
 * mail too large) is thrown as it is: nothing was sent, nothing recorded.
 */
async function sendOrRecordFailure(
  deps: EmailDeps,
  sender: EmailSender,
  plan: ReplyPlan,
  base: Omit<Outbound, 'providerMessageId' | 'delivery'>,
): Promise<string> {
  try {
    return await sender.send(plan.mail, plan.options);
  } catch (error) {
    if (error instanceof DomainError) throw error;
    const failure = describeSesFailure(error);
    const recorded = await record(deps, {
      ...base,
      providerMessageId: `unsent:${randomUUID()}`,
      delivery: { status: 'failed', code: failure.code.slice(0, 64), reason: failure.reason },
    });
    logger.warn('email reply not sent', {
      conversationId: base.conversation.conversationId,
      code: failure.code,
      retryable: failure.retryable,
    });
    throw new EmailSendError(failure.code, failure.reason, failure.retryable, recorded.interactionId, {
      cause: error,
    });
  }
}

interface History {
  /** The customer's newest email in the conversation that a person wrote. */
  answered?: Interaction | undefined;
  /** Whether we already answered since the open work item was queued. */
  answeredSince: boolean;
}

/** Reads the conversation's recent entries on the customer's timeline, newest first. */
async function readHistory(
  deps: EmailDeps,
  customer: Customer,
  conversation: Conversation,
  workItem: WorkItem | undefined,
): Promise<History> {
  const history: History = { answeredSince: false };
  let cursor: string | undefined;
  for (let page = 0; page < HISTORY_PAGES; page++) {
    const result = await deps.timeline.query(timelineOwners(customer), { limit: HISTORY_PAGE_SIZE, cursor });
    for (const item of result.items) {
      if (item.conversationId !== conversation.conversationId) continue;
      if (
        item.direction === 'outbound' &&
        item.deliveryStatus !== 'failed' &&
        !(item.flags ?? []).includes('automatic') &&
        workItem &&
        item.at >= workItem.enqueuedAt
      )
        history.answeredSince = true;
      if (!history.answered && isAnswerable(item)) history.answered = item;
    }
    const older = result.items.at(-1);
    const pastWorkItem = !workItem || (older !== undefined && older.at < workItem.enqueuedAt);
    if (!result.nextCursor || (history.answered && pastWorkItem)) break;
    cursor = result.nextCursor;
  }
  return history;
}

/** The clock runs only while the queue is open: a mail that came in overnight is answered in time at 09:05. */
async function measure(workItem: WorkItem, deps: EmailDeps, targetSeconds: number): Promise<FirstResponse> {
  const now = deps.clock.now().getTime();
  const enqueued = Date.parse(workItem.enqueuedAt);
  const hours = await new QueueHoursRepo(deps.table).get(workItem.queueId);
  const seconds = Math.max(0, hours ? openSecondsBetween(hours, enqueued, now) : (now - enqueued) / 1000);
  return {
    workItemId: workItem.workItemId,
    queueId: workItem.queueId,
    enqueuedAt: workItem.enqueuedAt,
    seconds: Math.round(seconds),
    targetSeconds,
    met: seconds <= targetSeconds,
  };
}

interface Outbound {
  conversation: Conversation;
  customer: Customer;
  reply: Pick<ParsedEmailReply, 'agentId' | 'automatic' | 'text'> & {
    translation?: ReplyTranslation | undefined;
  };
  providerMessageId: string;
  threadKey?: string;
  subject: string;
  attachments: Attachment[];
  delivery: { status: 'accepted' | 'failed'; code?: string; reason?: string };
  email: EmailMetadataInput;
}

/**
 * Puts our reply on the timeline now (so the agent sees it and the thread is bound before the
 * customer can answer); if that fails, hands it to the ingest queue, which retries on its own.
 */
async function record(
  deps: EmailDeps,
  outbound: Outbound,
): Promise<{ interactionId: string; how: EmailReplyResult['recorded'] }> {
  // The id ingest derives for it, known before it is stored (see ingestInteraction).
  const interactionId = derivedId('int', 'email', outbound.providerMessageId);
  const at = deps.clock.now().toISOString();
  const message: IngestMessage = IngestMessageSchema.parse({
    type: 'interaction',
    channel: 'email',
    direction: 'outbound',
    providerMessageId: outbound.providerMessageId,
    at,
    identities: [
      outbound.customer.identities[0] ?? `email:${parseMailbox(outbound.email.to?.[0] ?? '')?.address}`,
    ],
    text: outbound.reply.text,
    translation: outbound.reply.translation,
    subject: outbound.subject,
    threadKey: outbound.threadKey,
    conversationId: outbound.conversation.conversationId,
    sentBy: outbound.reply.automatic ? undefined : outbound.reply.agentId,
    flags: outbound.reply.automatic ? ['automatic'] : [],
    attachments: outbound.attachments,
    delivery: { ...outbound.delivery, at },
    email: outbound.email,
  });
  try {
    await ingestInteraction(message, ingestDeps(deps));
    return { interactionId, how: 'timeline' };
  } catch (error) {
    logger.warn('email reply not yet on the timeline; queued', {
      conversationId: outbound.conversation.conversationId,
      error: (error as Error).message,
    });
  }
  try {
    await deps.ingestQueue.send(message);
    return { interactionId, how: 'queued' };
  } catch (error) {
    logger.error('email reply sent but not recorded', {
      conversationId: outbound.conversation.conversationId,
      providerMessageId: outbound.providerMessageId,
      error: (error as Error).message,
    });
    return { interactionId, how: 'failed' };
  }
}
