import { GetObjectCommand, NoSuchKey, type S3Client } from '@aws-sdk/client-s3';
import type { InteractionFlag } from '#core/flags.ts';
import { derivedId } from '#core/ids.ts';
import type { IngestMessageInput } from '#core/ingest-message.ts';
import { s3Ref } from '#store/blobs.ts';
import type { EmailDeps } from './deps.ts';
import { acceptInboundEmail, type InboundDeps } from './inbound.ts';
import { headersOf, headersTruncated, rawLocation, type SesNotification, verdictsOf } from './ses-event.ts';

export type Received = { status: 'enqueued'; message: IngestMessageInput } | { status: 'duplicate' };

export function inboundDeps(deps: EmailDeps): InboundDeps {
  return { ingestQueue: deps.ingestQueue, blobs: deps.email.blobs, config: deps.email.config };
}

/**
 * One SES receipt: fetch the original from S3 (or take it from the SNS content), then the
 * common inbound path. SES delivers at least once; a message already on the timeline (same
 * `mail.messageId`) is not fetched or parsed again, and ingest would store it once anyway.
 */
export async function receiveSesNotification(
  deps: EmailDeps,
  notification: SesNotification,
): Promise<Received> {
  const { config } = deps.email;
  const sesMessageId = notification.mail.messageId;
  // The interaction id ingest derives for this message (see ingestInteraction).
  if (await deps.timeline.get(derivedId('int', 'email', sesMessageId))) return { status: 'duplicate' };

  const problems: string[] = [];
  const flags: InteractionFlag[] = [];
  if (headersTruncated(notification)) problems.push('SES cut the header list short (over 10 KB)');
  const location = rawLocation(notification, { bucket: config.bucket, prefix: config.objectPrefix });
  let raw: Buffer | undefined;
  let rawRef: string | undefined;
  if (location.kind === 'inline') {
    raw = location.content;
    rawRef = await deps.email.blobs.put(`raw/${sesMessageId}.eml`, raw, 'message/rfc822');
  } else {
    rawRef = s3Ref(location.bucket, location.key);
    const fetched = await fetchRaw(deps.email.s3, location.bucket, location.key, config.maxMessageBytes);
    if (fetched.kind === 'ok') raw = fetched.body;
    else if (fetched.kind === 'too-large') {
      flags.push('too-large');
      problems.push(
        `the message is ${fetched.size} bytes, over the ${config.maxMessageBytes} byte limit: only its headers are shown`,
      );
    } else {
      flags.push('malformed');
      problems.push('the original message is not in the bucket: only its headers are shown');
    }
  }
  const message = await acceptInboundEmail(inboundDeps(deps), {
    providerMessageId: sesMessageId,
    raw,
    rawRef,
    receivedAt: receivedAt(notification),
    envelope: { sender: notification.mail.source, recipients: notification.receipt?.recipients ?? [] },
    verdicts: verdictsOf(notification),
    headers: headersOf(notification),
    problems,
    flags,
  });
  return { status: 'enqueued', message };
}

function receivedAt(notification: SesNotification): Date {
  for (const value of [notification.receipt?.timestamp, notification.mail.timestamp]) {
    const at = value ? new Date(value) : undefined;
    if (at && !Number.isNaN(at.getTime())) return at;
  }
  return new Date();
}

type Fetched = { kind: 'ok'; body: Buffer } | { kind: 'too-large'; size: number } | { kind: 'missing' };

/** Reads the object unless it is over the limit, in which case the download is abandoned. */
async function fetchRaw(s3: S3Client, bucket: string, key: string, maxBytes: number): Promise<Fetched> {
  try {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const size = object.ContentLength ?? 0;
    if (size > maxBytes) {
      (object.Body as { destroy?: () => void } | undefined)?.destroy?.();
      return { kind: 'too-large', size };
    }
    const body = object.Body ? Buffer.from(await object.Body.transformToByteArray()) : Buffer.alloc(0);
    return body.length > maxBytes ? { kind: 'too-large', size: body.length } : { kind: 'ok', body };
  } catch (error) {
    if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey')
      return { kind: 'missing' };
    throw error;
  }
}
