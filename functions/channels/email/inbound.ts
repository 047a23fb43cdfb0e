import { createHash } from 'node:crypto';
import type { Attachment as ParsedAttachment } from 'mailparser';
import type { EmailConfig } from '#channels/email/config.ts';
import type { EmailMetadataInput } from '#core/email.ts';
import { DomainError } from '#core/errors.ts';
import type { InteractionFlag } from '#core/flags.ts';
import type { IngestMessageInput, IngestQueueMessageInput } from '#core/ingest-message.ts';
import type { Attachment } from '#core/model.ts';
import type { BlobStore } from '#core/ports.ts';
import { aliasOf, baseAddress, displayMailbox, type Mailbox, usableAddress } from './addresses.ts';
import { type Classification, classify, type SenderProof, senderProof, type Verdicts } from './classify.ts';
import { fitForQueue } from './fit.ts';
import { emailFromHeaders, type ParsedEmail, parseEmail, type RawHeader } from './parse.ts';
import { splitQuoted } from './quoted.ts';
import { sanitizeHtml } from './sanitize-html.ts';
import { parseMsgIds, relatedThreadKeys, threadKeys } from './threading.ts';

/** A message as it reached us, from SES (S3 + notification) or from the local SMTP listener. */
export interface InboundEmail {
  /** The dedupe key: SES's `mail.messageId`, or a digest of the bytes for SMTP. */
  providerMessageId: string;
  /** The original message; absent when it was too large to read. */
  raw?: Buffer | undefined;
  /** Where the original is kept. */
  rawRef?: string | undefined;
  receivedAt: Date;
  /** Envelope: MAIL FROM (empty string for the null sender) and the recipients that are ours. */
  envelope: { sender?: string | undefined; recipients: readonly string[] };
  verdicts?: Verdicts | undefined;
  /** What proves the From address when the transport knows better than SES's verdicts. */
  senderProof?: SenderProof | undefined;
  /** Headers known without the body (SES lists them in every notification). */
  headers?: readonly RawHeader[] | undefined;
  /** What the transport already found wrong (too large to read, …). */
  problems?: readonly string[] | undefined;
  flags?: readonly InteractionFlag[] | undefined;
}

export interface InboundDeps {
  ingestQueue: { send(message: IngestQueueMessageInput): Promise<void> };
  blobs: BlobStore;
  config: Pick<EmailConfig, 'maxAttachmentBytes'>;
}

/** A message that can never be ingested (nobody to attribute it to); retrying will not help. */
export class EmailRejectedError extends DomainError {
  constructor(reason: string) {
    super('email_rejected', reason);
    this.name = 'EmailRejectedError';
  }
}

const TEXT_LIMIT = 64 * 1024;
const HTML_LIMIT = 256 * 1024;

/**
 * The one path every inbound email takes, whatever carried it: parse, classify, store the
 * attachments, normalise to an ingest message and enqueue it. Broken input is kept and flagged,
 * never thrown, unless there is no sender at all to put it on the timeline of.
 */
export async function acceptInboundEmail(
  deps: InboundDeps,
  input: InboundEmail,
): Promise<IngestMessageInput> {
  const flags = new Set<InteractionFlag>(input.flags);
  const problems = [...(input.problems ?? [])];
  const email = await readEmail(input, flags, problems);
  const verdicts = input.verdicts ?? {};
  const classification = classify({
    header: email.header,
    verdicts,
    fromAddress: email.from?.address,
    envelopeSender: input.envelope.sender,
    contentType: email.contentType,
    reportType: email.reportType,
    subject: email.subject,
  });
  if (classification.quarantined) flags.add('quarantined');
  if (classification.autoReply) flags.add('auto-reply');
  if (classification.bounce) flags.add('bounce');
  problems.push(...classification.reasons);

  const sender = senderOf(email, input, classification);
  const recipients = ourRecipients(input, email);
  const stored = classification.quarantined
    ? { attachments: [], inlineImages: {}, omitted: omitAll(email.attachments, 'quarantined') }
    : await storeAttachments(deps, input.providerMessageId, email.attachments);
  if (stored.omitted.some((item) => item.reason !== 'quarantined')) {
    flags.add('attachment-too-large');
    problems.push(`attachments over ${deps.config.maxAttachmentBytes} bytes were not extracted`);
  }

  const text = textOf(email, flags, problems);
  const html = email.html ? sanitizeHtml(email.html, { inlineImages: stored.inlineImages }) : undefined;
  if (html && html.length > HTML_LIMIT) {
    flags.add('truncated');
    problems.push('the HTML was too large to show; the original is kept');
  }
  const threadHeaders = {
    messageId: email.messageId,
    inReplyTo: email.inReplyTo,
    // The returned original is the most specific: last, so it is looked up first.
    references: [...email.references, ...bounceOriginals(email, classification)],
  };
  const metadata: EmailMetadataInput = {
    messageId: email.messageId,
    inReplyTo: email.inReplyTo.slice(0, 10),
    references: email.references.slice(-50),
    from: email.from ? displayMailbox(email.from) : undefined,
    to: email.to.slice(0, 100).map(displayMailbox),
    cc: email.cc.slice(0, 100).map(displayMailbox),
    replyTo: email.replyTo.slice(0, 10).map(displayMailbox),
    recipients: recipients.slice(0, 100),
    mailbox: recipients[0] ? baseAddress(recipients[0]) : undefined,
    sentAt: email.date?.toISOString(),
    html: html && html.length <= HTML_LIMIT ? html : undefined,
    fullText: text.quoted ? clip(text.full, flags) : undefined,
    rawRef: input.rawRef,
    sesMessageId: input.providerMessageId.startsWith('smtp-') ? undefined : input.providerMessageId,
    verdicts: Object.keys(verdicts).length ? verdicts : undefined,
    problems: [...new Set(problems)].slice(0, 20).map((problem) => problem.slice(0, 512)),
    inlineImages: Object.keys(stored.inlineImages).length ? stored.inlineImages : undefined,
    omittedAttachments: stored.omitted.slice(0, 100),
  };
  const message: IngestMessageInput = {
    type: 'interaction',
    channel: 'email',
    direction: 'inbound',
    providerMessageId: input.providerMessageId,
    at: input.receivedAt.toISOString(),
    identities: [{ identity: `email:${sender.address}`, ...(input.senderProof ?? senderProof(verdicts)) }],
    text: text.shown,
    subject: email.subject?.slice(0, 1024),
    threadKey: email.messageId ? threadKeys.messageId(email.messageId) : undefined,
    relatedThreadKeys: relatedThreadKeys(recipients, threadHeaders),
    entryPoint: recipients[0] ? aliasOf(recipients[0]).slice(0, 256) : undefined,
    profile: { name: sender.name?.slice(0, 256) },
    attachments: stored.attachments,
    flags: [...flags],
    email: metadata,
  };
  const fitted = fitForQueue(message);
  await deps.ingestQueue.send(fitted);
  return fitted;
}

async function readEmail(input: InboundEmail, flags: Set<InteractionFlag>, problems: string[]) {
  let email: ParsedEmail | undefined;
  if (input.raw) {
    try {
      email = await parseEmail(input.raw);
    } catch (error) {
      flags.add('malformed');
      problems.push(`the message could not be parsed (${(error as Error).message}); the original is kept`);
    }
  }
  email ??= emailFromHeaders(input.headers ?? []);
  if (email.problems.some((problem) => /^no |holds no usable/.test(problem))) flags.add('malformed');
  if (email.unknownCharsets.length) flags.add('unknown-charset');
  problems.push(...email.problems);
  return email;
}

/**
 * Who the message is from. A delivery report is about the recipient it failed for, so it goes
 * on that customer's timeline; anything else is the From address, or failing that the Sender
 * or the envelope sender.
 */
function senderOf(email: ParsedEmail, input: InboundEmail, classification: Classification): Mailbox {
  if (classification.bounce) {
    const failed = failedRecipient(email);
    if (failed) return { address: failed };
  }
  const candidates: Array<Mailbox | undefined> = [
    email.from,
    email.sender,
    input.envelope.sender ? { address: input.envelope.sender } : undefined,
  ];
  for (const candidate of candidates) {
    const address = usableAddress(candidate?.address);
    if (address) return { name: candidate?.name, address };
  }
  throw new EmailRejectedError('no usable sender address (From, Sender or envelope sender)');
}

function failedRecipient(email: ParsedEmail): string | undefined {
  const reported = /^(?:Final|Original)-Recipient:\s*rfc822;\s*<?([^\s<>]+)>?/im.exec(email.text ?? '')?.[1];
  return usableAddress(reported) ?? usableAddress(email.header('x-failed-recipients')[0]?.split(',')[0]);
}

/** Msg-ids of the message a delivery report returns, so the report joins that conversation. */
function bounceOriginals(email: ParsedEmail, classification: Classification): string[] {
  if (!classification.bounce) return [];
  const ids: string[] = [];
  for (const attachment of email.attachments) {
    if (!/^(message\/rfc822|text\/rfc822-headers|message\/global-headers)$/i.test(attachment.contentType))
      continue;
    const head = attachment.content.subarray(0, 64 * 1024).toString('latin1');
    const headerEnd = head.search(/\r?\n\r?\n/);
    const block = headerEnd < 0 ? head : head.slice(0, headerEnd);
    const value = /^Message-ID:[ \t]*(.*(?:\r?\n[ \t].*)*)/im.exec(block)?.[1];
    ids.push(...parseMsgIds(value));
  }
  return ids;
}

/** Our addresses it was delivered to: the envelope's, else what the headers addressed. */
function ourRecipients(input: InboundEmail, email: ParsedEmail): string[] {
  const envelope = input.envelope.recipients.map(usableAddress).filter((a): a is string => Boolean(a));
  if (envelope.length) return [...new Set(envelope)];
  return [...new Set([...email.to, ...email.cc].map((mailbox) => mailbox.address))];
}

function textOf(email: ParsedEmail, flags: Set<InteractionFlag>, problems: string[]) {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
  const full = (email.text ?? '').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').trim();
  if (!full && !email.html) problems.push('no text');
  const { newText, quoted } = splitQuoted(full);
  return { full, quoted, shown: newText ? clip(newText, flags) : undefined };
}

function clip(text: string, flags: Set<InteractionFlag>): string {
  if (text.length <= TEXT_LIMIT) return text;
  flags.add('truncated');
  return `${text.slice(0, TEXT_LIMIT - 1)}…`;
}

interface StoredAttachments {
  attachments: Attachment[];
  inlineImages: Record<string, string>;
  omitted: Array<{ name?: string | undefined; contentType?: string; size: number; reason: string }>;
}

async function storeAttachments(
  deps: InboundDeps,
  providerMessageId: string,
  parts: readonly ParsedAttachment[],
): Promise<StoredAttachments> {
  const folder = createHash('sha256').update(providerMessageId).digest('hex').slice(0, 32);
  const result: StoredAttachments = { attachments: [], inlineImages: {}, omitted: [] };
  for (const [index, part] of parts.slice(0, 100).entries()) {
    if (part.size > deps.config.maxAttachmentBytes) {
      result.omitted.push({
        name: part.filename,
        contentType: part.contentType,
        size: part.size,
        reason: 'over the attachment size limit',
      });
      continue;
    }
    const key = `attachments/${folder}/${index + 1}-${safeFileName(part.filename, part.contentType)}`;
    const ref = await deps.blobs.put(key, part.content, part.contentType);
    result.attachments.push({ ref, name: part.filename, contentType: part.contentType, size: part.size });
    if (part.cid) result.inlineImages[part.cid] = ref;
  }
  return result;
}

function omitAll(parts: readonly ParsedAttachment[], reason: string): StoredAttachments['omitted'] {
  return parts.map((part) => ({
    name: part.filename,
    contentType: part.contentType,
    size: part.size,
    reason,
  }));
}

/** A name safe as an object key; the real name stays in the attachment record. */
function safeFileName(name: string | undefined, contentType: string): string {
  const cleaned = (name ?? '')
    .normalize('NFKD')
    .replace(/[^\w.-]+/g, '_')
    .replace(/^[._]+/, '')
    .slice(-80);
  if (cleaned) return cleaned;
  return contentType === 'message/rfc822' ? 'message.eml' : 'attachment';
}
