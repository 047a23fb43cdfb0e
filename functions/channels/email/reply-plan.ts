import * as z from 'zod';
import type { EmailMetadataInput } from '#core/email.ts';
import { DomainError } from '#core/errors.ts';
import type { InteractionFlag } from '#core/flags.ts';
import { ReplyTranslationSchema } from '#core/language.ts';
import type { Attachment, Conversation, Interaction } from '#core/model.ts';
import { displayMailbox, formatMailbox, parseMailbox, usableAddress, withPlusTag } from './addresses.ts';
import {
  estimatedMailBytes,
  type MailFile,
  type OutgoingMail,
  SES_MAX_MESSAGE_BYTES,
} from './mime-message.ts';
import { sanitizeHtml } from './sanitize-html.ts';
import { replyHeaders, replySubject, replyToken } from './threading.ts';

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
export type ParsedEmailReply = z.output<typeof EmailReplySchema>;

/** A file an agent attached: the timeline's entry for it, and its bytes for the mail. */
export interface ReplyFile extends MailFile {
  attachment: Attachment;
}

/** Where the mail goes out: one send, with SES's configuration set and tags. */
export interface EmailSender {
  /** The id SES gave the message; throws SES's error when it refused or could not be reached. */
  send(mail: OutgoingMail, options: SendOptions): Promise<string>;
}

export interface SendOptions {
  configurationSet?: string | undefined;
  tags: ReadonlyArray<{ name: string; value: string }>;
}

export function parseReply(input: EmailReply): ParsedEmailReply {
  const parsed = EmailReplySchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new DomainError('invalid_input', `${issue?.path.join('.') || 'reply'}: ${issue?.message}`, {
    field: issue?.path.join('.'),
  });
}

const FILES_FIELD = 'attachmentIds';

/**
 * Files that together with the text would make a mail SES refuses (40 MB, encoding included):
 * a 413 naming the attachments, before any file is read or anything sent.
 */
export function ensureMailFits(fileSizes: readonly number[], textBytes: number): void {
  const bytes = estimatedMailBytes(fileSizes, textBytes);
  if (bytes > SES_MAX_MESSAGE_BYTES) throw tooLarge(bytes);
}

/** The mail's real size, once built: the same refusal when the estimate fell short. */
export function ensureBuiltMailFits(bytes: number): void {
  if (bytes > SES_MAX_MESSAGE_BYTES) throw tooLarge(bytes);
}

function tooLarge(bytes: number): DomainError {
  const mb = (n: number) => Math.ceil(n / 1024 / 1024);
  return new DomainError(
    'payload_too_large',
    `${FILES_FIELD}: with these files the mail would have about ${mb(bytes)} MB; SES takes at most ${mb(SES_MAX_MESSAGE_BYTES)} MB`,
    { field: FILES_FIELD },
  );
}

/** What a reply sends and what the timeline keeps of it, decided before anything is sent. */
export interface ReplyPlan {
  mail: OutgoingMail;
  options: SendOptions;
  /** The conversation's reply token, bound before the send so the answer finds its way back. */
  token: string;
  /** The email fields of the reply's timeline entry (message ids follow from the send). */
  email: EmailMetadataInput;
}

export interface PlanSettings {
  fromName?: string | undefined;
  fromAddress?: string | undefined;
  configurationSet?: string | undefined;
}

/**
 * Answers the customer's email from the address they wrote to, to their Reply-To (else From),
 * threaded (In-Reply-To, References, `Re:` subject), with a plus-addressed Reply-To that leads
 * their answer back to this conversation.
 */
export function planReply(
  reply: ParsedEmailReply,
  context: { conversation: Conversation; answered: Interaction; files: readonly ReplyFile[] },
  settings: PlanSettings,
): ReplyPlan {
  const { conversation, answered } = context;
  const mailbox = answered.email?.mailbox ?? settings.fromAddress;
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
  const replyTo = withPlusTag(mailbox, token);
  const threading = replyHeaders({
    messageId: answered.email?.messageId,
    inReplyTo: answered.email?.inReplyTo ?? [],
    references: answered.email?.references ?? [],
  });
  const html = reply.html ? sanitizeHtml(reply.html) : undefined;
  const headers = [
    ...(threading.inReplyTo ? [{ name: 'In-Reply-To', value: threading.inReplyTo }] : []),
    ...(threading.references ? [{ name: 'References', value: threading.references }] : []),
    ...(reply.automatic ? [{ name: 'Auto-Submitted', value: 'auto-replied' }] : []),
  ];
  const mail: OutgoingMail = {
    from: formatMailbox({ name: settings.fromName, address: mailbox }),
    to: formatMailbox(recipient),
    replyTo,
    subject: replySubject(answered.subject),
    text: reply.text,
    html,
    headers,
    files: context.files,
  };
  const email: EmailMetadataInput = {
    inReplyTo: threading.inReplyTo ? [threading.inReplyTo] : [],
    references: threading.references?.split(' ') ?? [],
    from: displayMailbox({ name: settings.fromName, address: mailbox }),
    to: [displayMailbox(recipient)],
    replyTo: [replyTo],
    mailbox,
    html,
  };
  return { mail, options: sendOptions(conversation, settings), token, email };
}

/** EmailTags take only ASCII letters, digits, `_` and `-`. */
function sendOptions(conversation: Conversation, settings: PlanSettings): SendOptions {
  return {
    configurationSet: settings.configurationSet,
    tags: [{ name: 'conversationId', value: conversation.conversationId.replace(/[^\w-]/g, '_') }],
  };
}

const NEVER_ANSWERED: ReadonlySet<InteractionFlag> = new Set(['auto-reply', 'bounce', 'quarantined']);

/** Machines (autoresponders, bounces) and quarantined mail are never answered: no mail loops. */
export function isAnswerable(item: Interaction): boolean {
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
