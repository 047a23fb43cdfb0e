import { randomUUID } from 'node:crypto';
import { type MessageHeader, SendEmailCommand } from '@aws-sdk/client-sesv2';
import * as z from 'zod';
import { openSecondsBetween } from '#core/business-hours.ts';
import type { EmailMetadataInput, FirstResponse } from '#core/email.ts';
import { DomainError, NotFoundError } from '#core/errors.ts';
import type { InteractionFlag } from '#core/flags.ts';
import { derivedId } from '#core/ids.ts';
import { ingestInteraction } from '#core/ingest.ts';
import { type IngestMessage, IngestMessageSchema } from '#core/ingest-message.ts';
import { type ReplyTranslation, ReplyTranslationSchema } from '#core/language.ts';
import type { Conversation, Customer, Interaction, WorkItem } from '#core/model.ts';
import { timelineOwners } from '#core/resolution.ts';
import { ingestDeps } from '#deps/app.ts';
import { logger } from '#shared/observability.ts';
import { QueueHoursRepo } from '#store/queue-hours-repo.ts';
import { displayMailbox, formatMailbox, parseMailbox, usableAddress, withPlusTag } from './addresses.ts';
import type { EmailDeps } from './deps.ts';
import { sanitizeHtml } from './sanitize-html.ts';
import { replyHeaders, replySubject, replyToken, sesMessageIdDomain, threadKeys } from './threading.ts';

export const EmailReplySchema = z.object({
  conversationId: z.string().min(1).max(256),
  text: z
    .string()
    .trim()
    .min(1)
    .max(64 * 1024),
  html: z
    .string()
    .max(256 * 1024)
    .optional(),
  agentId: z.string().min(1).max(256),
  /**
   * Sent by the platform (a queued notice, a survey): marked `Auto-Submitted: auto-replied`
   * (RFC 3834) so the customer's own autoresponder stays quiet, flagged `automatic` on the
   * timeline, and no first response for the service level.
   */
  automatic: z.boolean().default(false),
  /** Sent in the customer's language: what the agent wrote, kept on the timeline. */
  translation: ReplyTranslationSchema.optional(),
});
export type EmailReply = z.input<typeof EmailReplySchema>;

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
 * Sends an agent's reply to the customer's latest email in a conversation through SES, threaded
 * (In-Reply-To, References, `Re:` subject) from the address the customer wrote to, with a
 * plus-addressed Reply-To that leads the answer back to this conversation; then records it on
 * the timeline with the msg-id SES gives it, so the customer's next reply threads back too.
 */
export async function sendEmailReply(deps: EmailDeps, input: EmailReply): Promise<EmailReplyResult> {
  const reply = parseReply(input);
  const conversation = await deps.conversations.get(reply.conversationId);
  if (!conversation) throw new NotFoundError('conversation', reply.conversationId);
  const customer = await deps.customers.get(conversation.customerId);
  if (!customer) throw new NotFoundError('customer', conversation.customerId);
  const workItem = conversation.openWorkItemId
    ? await deps.workItems.get(conversation.openWorkItemId)
    : undefined;
  const history = await readHistory(deps, customer, conversation, workItem);
  const answered = history.answered;
  if (!answered?.email) {
    throw new DomainError('conflict', 'this conversation has no email from the customer to answer', {
      conversationId: conversation.conversationId,
    });
  }

  const config = deps.email.config;
  const mailbox = answered.email.mailbox ?? config.fromAddress;
  if (!mailbox) {
    throw new DomainError('conflict', 'no address of ours to send from: set ONETHREAD_EMAIL_FROM_ADDRESS', {
      conversationId: conversation.conversationId,
    });
  }
  const recipient = recipientOf(answered);
  if (!recipient) {
    throw new DomainError('conflict', 'the email being answered has no address to reply to', {
      interactionId: answered.interactionId,
    });
  }
  const token = replyToken(conversation.conversationId);
  await deps.conversations.bindThread(threadKeys.replyToken(token), conversation.conversationId);
  const from = formatMailbox({ name: config.fromName, address: mailbox });
  const replyTo = withPlusTag(mailbox, token);
  const to = formatMailbox(recipient);
  const subject = replySubject(answered.subject);
  const threading = replyHeaders({
    messageId: answered.email.messageId,
    inReplyTo: answered.email.inReplyTo,
    references: answered.email.references,
  });
  const html = reply.html ? sanitizeHtml(reply.html) : undefined;
  const base = {
    conversation,
    customer,
    agentId: reply.agentId,
    automatic: reply.automatic,
    text: reply.text,
    translation: reply.translation,
    subject,
    email: {
      inReplyTo: threading.inReplyTo ? [threading.inReplyTo] : [],
      references: threading.references?.split(' ') ?? [],
      from: displayMailbox({ name: config.fromName, address: mailbox }),
      to: [displayMailbox(recipient)],
      replyTo: [replyTo],
      mailbox,
      html,
    } satisfies EmailMetadataInput,
  };

  let sesMessageId: string;
  try {
    const sent = await deps.email.ses.send(
      new SendEmailCommand({
        FromEmailAddress: from,
        Destination: { ToAddresses: [to] },
        ReplyToAddresses: [replyTo],
        Content: {
          Simple: {
            Subject: { Data: subject, Charset: 'UTF-8' },
            Body: {
              Text: { Data: reply.text, Charset: 'UTF-8' },
              ...(html ? { Html: { Data: html, Charset: 'UTF-8' } } : {}),
            },
            Headers: [
              ...headersFor(threading),
              ...(reply.automatic ? [{ Name: 'Auto-Submitted', Value: 'auto-replied' }] : []),
            ],
          },
        },
        ConfigurationSetName: config.configurationSet,
        EmailTags: [{ name: 'conversationId', value: conversation.conversationId }].map((tag) => ({
          Name: tag.name,
          Value: tag.value.replace(/[^\w-]/g, '_'),
        })),
      }),
    );
    if (!sent.MessageId) throw new Error('SES accepted the email but returned no MessageId');
    sesMessageId = sent.MessageId;
  } catch (error) {
    const failure = describeFailure(error);
    const recorded = await record(deps, {
      ...base,
      providerMessageId: `unsent:${randomUUID()}`,
      delivery: { status: 'failed', code: failure.code.slice(0, 64), reason: failure.reason },
      email: base.email,
    });
    logger.warn('email reply not sent', {
      conversationId: conversation.conversationId,
      code: failure.code,
      retryable: failure.retryable,
    });
    throw new EmailSendError(failure.code, failure.reason, failure.retryable, recorded.interactionId, {
      cause: error,
    });
  }

  const messageId = `<${sesMessageId}@${config.messageIdDomain ?? sesMessageIdDomain(config.region)}>`;
  await Promise.all([
    deps.conversations.bindThread(threadKeys.messageId(messageId), conversation.conversationId),
    deps.conversations.bindThread(threadKeys.sesMessage(sesMessageId), conversation.conversationId),
  ]);
  const firstResponse =
    workItem && !history.answeredSince && !reply.automatic
      ? await measure(workItem, deps, config.firstResponseSeconds)
      : undefined;
  const recorded = await record(deps, {
    ...base,
    providerMessageId: sesMessageId,
    threadKey: threadKeys.messageId(messageId),
    delivery: { status: 'accepted' },
    email: { ...base.email, messageId, sesMessageId, firstResponse },
  });
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

function parseReply(input: EmailReply) {
  const parsed = EmailReplySchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new DomainError('invalid_input', `${issue?.path.join('.') || 'reply'}: ${issue?.message}`, {
    field: issue?.path.join('.'),
  });
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

const NEVER_ANSWERED: ReadonlySet<InteractionFlag> = new Set(['auto-reply', 'bounce', 'quarantined']);

/** Machines (autoresponders, bounces) and quarantined mail are never answered: no mail loops. */
function isAnswerable(item: Interaction): boolean {
  return (
    item.channel === 'email' &&
    item.direction === 'inbound' &&
    item.kind === 'message' &&
    item.email !== undefined &&
    !(item.flags ?? []).some((flag) => NEVER_ANSWERED.has(flag))
  );
}

/** Reply-To when the customer set one, else From. */
function recipientOf(answered: Interaction) {
  for (const candidate of [...(answered.email?.replyTo ?? []), answered.email?.from]) {
    const mailbox = candidate ? parseMailbox(candidate) : undefined;
    if (mailbox && usableAddress(mailbox.address)) return mailbox;
  }
  return undefined;
}

function headersFor(threading: { inReplyTo?: string; references?: string }): MessageHeader[] {
  const headers: MessageHeader[] = [];
  if (threading.inReplyTo) headers.push({ Name: 'In-Reply-To', Value: threading.inReplyTo });
  if (threading.references) headers.push({ Name: 'References', Value: threading.references });
  return headers;
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

const PERMANENT = new Set([
  'MessageRejected',
  'MailFromDomainNotVerifiedException',
  'AccountSuspendedException',
  'BadRequestException',
  'NotFoundException',
  'SendingPausedException',
]);

function describeFailure(error: unknown): { code: string; reason: string; retryable: boolean } {
  const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const code = e.name ?? 'Error';
  const status = e.$metadata?.httpStatusCode;
  const retryable = !PERMANENT.has(code) && (status === undefined || status === 429 || status >= 500);
  return { code, reason: (e.message ?? String(error)).slice(0, 1000), retryable };
}

interface Outbound {
  conversation: Conversation;
  customer: Customer;
  agentId: string;
  automatic: boolean;
  providerMessageId: string;
  threadKey?: string;
  text: string;
  translation?: ReplyTranslation | undefined;
  subject: string;
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
    text: outbound.text,
    translation: outbound.translation,
    subject: outbound.subject,
    threadKey: outbound.threadKey,
    conversationId: outbound.conversation.conversationId,
    sentBy: outbound.automatic ? undefined : outbound.agentId,
    flags: outbound.automatic ? ['automatic'] : [],
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
