import * as z from 'zod';
import { DomainError } from '#core/errors.ts';
import type { Verdicts } from './classify.ts';
import type { RawHeader } from './parse.ts';

/**
 * SES receipt notifications (channel-formats §1.2–1.3), parsed tolerantly: providers add fields,
 * and a few are documented as strings but sent as numbers (or the other way round).
 */

const VerdictSchema = z.object({ status: z.string() }).partial().optional();

const SesMailSchema = z.object({
  messageId: z.string().min(1),
  timestamp: z.string().optional(),
  source: z.string().optional(),
  destination: z.array(z.string()).default([]),
  headersTruncated: z.union([z.boolean(), z.string()]).optional(),
  headers: z.array(z.object({ name: z.string(), value: z.string() })).default([]),
});

const SesReceiptSchema = z.object({
  timestamp: z.string().optional(),
  recipients: z.array(z.string()).default([]),
  spamVerdict: VerdictSchema,
  virusVerdict: VerdictSchema,
  spfVerdict: VerdictSchema,
  dkimVerdict: VerdictSchema,
  dmarcVerdict: VerdictSchema,
  dmarcPolicy: z.string().optional(),
  action: z
    .object({
      type: z.string(),
      bucketName: z.string().optional(),
      objectKeyPrefix: z.string().optional(),
      objectKey: z.string().optional(),
      encoding: z.string().optional(),
    })
    .optional(),
});

/** What an S3 or SNS receipt action publishes, and what the Lambda action's record carries. */
export const SesNotificationSchema = z.object({
  notificationType: z.string().optional(),
  mail: SesMailSchema,
  receipt: SesReceiptSchema.optional(),
  /** SNS action only: the raw message, base64 when the action's encoding says so. */
  content: z.string().optional(),
});
export type SesNotification = z.infer<typeof SesNotificationSchema>;

/** SNS's envelope as SQS receives it with raw message delivery off. */
const SnsEnvelopeSchema = z.object({
  Type: z.string(),
  MessageId: z.string().optional(),
  TopicArn: z.string().optional(),
  Message: z.string(),
});

/** The probe object SES writes when an S3 action is set up; not a message. */
export const SES_SETUP_OBJECT = 'AMAZON_SES_SETUP_NOTIFICATION';

export type Unwrapped =
  | { kind: 'notification'; notification: SesNotification }
  | { kind: 'ignored'; reason: string };

/**
 * The SES notification inside an SQS message body: an SNS envelope (raw delivery off) or the
 * notification itself (raw delivery on). Throws when the body is neither.
 */
export function unwrapSqsBody(body: string): Unwrapped {
  const outer = parseJson(body, 'the queue message is not JSON');
  const envelope = SnsEnvelopeSchema.safeParse(outer);
  if (envelope.success) {
    if (envelope.data.Type !== 'Notification') {
      return { kind: 'ignored', reason: `SNS ${envelope.data.Type}` };
    }
    return fromJson(parseJson(envelope.data.Message, 'the SNS message is not JSON'));
  }
  return fromJson(outer);
}

/** A Lambda-action record (`eventSource: aws:ses`) or an SNS record (`EventSource: aws:sns`). */
export function unwrapRecord(record: unknown): Unwrapped {
  const value = record as {
    eventSource?: string;
    EventSource?: string;
    ses?: unknown;
    Sns?: { Message?: string };
  };
  if (value.eventSource === 'aws:ses') return fromJson(value.ses);
  if (value.EventSource === 'aws:sns' && typeof value.Sns?.Message === 'string') {
    return fromJson(parseJson(value.Sns.Message, 'the SNS message is not JSON'));
  }
  throw new SesEventError('not an SES, SNS or SQS record');
}

function fromJson(value: unknown): Unwrapped {
  const parsed = SesNotificationSchema.safeParse(value);
  if (!parsed.success) {
    const type = (value as { notificationType?: unknown } | null)?.notificationType;
    if (typeof type === 'string' && type !== 'Received') return { kind: 'ignored', reason: `SES ${type}` };
    throw new SesEventError(
      `not an SES receipt notification (${parsed.error.issues[0]?.message ?? 'invalid'})`,
    );
  }
  const notification = parsed.data;
  if (notification.notificationType && notification.notificationType !== 'Received') {
    return { kind: 'ignored', reason: `SES ${notification.notificationType}` };
  }
  if (
    notification.mail.messageId === SES_SETUP_OBJECT ||
    notification.receipt?.action?.objectKey?.endsWith(SES_SETUP_OBJECT)
  ) {
    return { kind: 'ignored', reason: 'SES setup notification' };
  }
  return { kind: 'notification', notification };
}

export class SesEventError extends DomainError {
  constructor(message: string) {
    super('email_rejected', message);
    this.name = 'SesEventError';
  }
}

function parseJson(text: string, failure: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new SesEventError(failure);
  }
}

export function verdictsOf(notification: SesNotification): Verdicts {
  const receipt = notification.receipt;
  if (!receipt) return {};
  const verdicts: Verdicts = {
    spam: receipt.spamVerdict?.status,
    virus: receipt.virusVerdict?.status,
    spf: receipt.spfVerdict?.status,
    dkim: receipt.dkimVerdict?.status,
    dmarc: receipt.dmarcVerdict?.status,
    dmarcPolicy: receipt.dmarcPolicy,
  };
  return Object.fromEntries(Object.entries(verdicts).filter(([, value]) => value !== undefined));
}

/** Where the raw message is: inline (SNS action) or an S3 object (S3 action, or prefix + id). */
export type RawLocation = { kind: 'inline'; content: Buffer } | { kind: 's3'; bucket: string; key: string };

export function rawLocation(
  notification: SesNotification,
  defaults: { bucket?: string | undefined; prefix: string },
): RawLocation {
  const action = notification.receipt?.action;
  if (notification.content !== undefined) {
    const base64 = action?.encoding?.toUpperCase() === 'BASE64';
    return { kind: 'inline', content: Buffer.from(notification.content, base64 ? 'base64' : 'utf8') };
  }
  const bucket = action?.bucketName ?? defaults.bucket;
  if (!bucket) throw new SesEventError('no bucket: set ONETHREAD_EMAIL_BUCKET for the Lambda action');
  const key =
    action?.objectKey ?? `${action?.objectKeyPrefix ?? defaults.prefix}${notification.mail.messageId}`;
  return { kind: 's3', bucket, key };
}

export function headersOf(notification: SesNotification): RawHeader[] {
  return notification.mail.headers;
}

export function headersTruncated(notification: SesNotification): boolean {
  const value = notification.mail.headersTruncated;
  return value === true || value === 'true';
}
