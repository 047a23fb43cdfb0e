import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import * as z from 'zod';
import type { EmailDeps } from '#channels/email/deps.ts';
import { EmailRejectedError } from '#channels/email/inbound.ts';
import { receiveSesNotification } from '#channels/email/receive.ts';
import { SesEventError, type Unwrapped, unwrapRecord, unwrapSqsBody } from '#channels/email/ses-event.ts';
import { sqsBatch } from '#queue/sqs-handler.ts';
import { lambdaHandler } from '#shared/lambda-handler.ts';
import { logger } from '#shared/observability.ts';

/** What SES's Lambda action (or an SNS subscription) invokes the function with. */
interface DirectEvent {
  Records: unknown[];
}

export type EmailInboundEvent = SQSEvent | DirectEvent;
/** The synchronous Lambda action reads `disposition`; the other sources ignore the result. */
export type EmailInboundResult = SQSBatchResponse | { disposition: 'CONTINUE' };

/**
 * Inbound email from SES. Takes the receipt-rule notification however it arrives — S3 action →
 * SNS → SQS (with or without raw delivery), or the Lambda action, whose event carries no body
 * and whose S3 key is the configured prefix plus `mail.messageId` — reads the original message,
 * and puts it on the ingest queue. A message that can never be ingested is parked in the email
 * dead-letter queue with the reason; anything else that fails is retried after a backoff.
 */
export function makeHandler(deps: EmailDeps) {
  // The body is unwrapped here, SNS envelope or not, to say what was wrong with one that fails.
  const processBatch = sqsBatch(z.string(), (body) => handle(() => unwrapSqsBody(body), body, deps), {
    sqs: deps.sqs,
    source: 'email-inbound',
    body: 'text',
  });
  return lambdaHandler<EmailInboundEvent, EmailInboundResult>(async (event, context) => {
    if (isSqsEvent(event)) return processBatch(event, context);
    for (const record of event.Records) {
      await handle(() => unwrapRecord(record), JSON.stringify(record), deps);
    }
    return { disposition: 'CONTINUE' };
  });
}

function isSqsEvent(event: EmailInboundEvent): event is SQSEvent {
  const first = event.Records[0] as { eventSource?: string } | undefined;
  return first?.eventSource === 'aws:sqs';
}

function isRejected(error: unknown): error is EmailRejectedError | SesEventError {
  return error instanceof EmailRejectedError || error instanceof SesEventError;
}

async function handle(unwrap: () => Unwrapped, original: string, deps: EmailDeps): Promise<void> {
  try {
    const unwrapped = unwrap();
    if (unwrapped.kind === 'ignored') {
      logger.info('email notification ignored', { reason: unwrapped.reason });
      return;
    }
    const received = await receiveSesNotification(deps, unwrapped.notification);
    logger.info(received.status === 'duplicate' ? 'email redelivery ignored' : 'email enqueued', {
      sesMessageId: unwrapped.notification.mail.messageId,
      channel: 'email',
      ...(received.status === 'enqueued' ? { flags: received.message.flags } : {}),
    });
  } catch (error) {
    if (!isRejected(error)) throw error;
    const reason = error.message;
    if (!deps.email.deadLetter) {
      logger.error('email cannot be ingested', { reason });
      throw error;
    }
    await deps.email.deadLetter.park(original, reason, 'email-inbound');
    logger.warn('email parked in the dead-letter queue', { reason });
  }
}
