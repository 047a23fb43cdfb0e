import { randomUUID } from 'node:crypto';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { CreateQueueCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { beforeEach, describe, expect, it } from 'vitest';
import { makeHandler } from '#handlers/email-inbound.ts';
import {
  createEmailStack,
  drainIngest,
  type EmailStack,
  fixture,
  jsonFixture,
  timelineOf,
  workItemOf,
} from '../channels/email/support.ts';
import { context } from '../support/events.ts';

const SES_ID = 'r7t1e5q3w9y2u8i4o6p0a1s3d5f7g9h2j4k6l8m0';

interface Notification {
  notificationType?: string;
  mail: { messageId: string };
  receipt: { spamVerdict: { status: string }; action: Record<string, string> };
}

/** The SNS-in-SQS fixture, with its notification pointed at this test's bucket. */
function sqsEventFor(
  bucket: string,
  change: (notification: Notification) => void = () => undefined,
): SQSEvent {
  const event = jsonFixture<SQSEvent>('sqs-sns-s3-event.json');
  const record = event.Records[0];
  if (!record) throw new Error('fixture has no record');
  const envelope = JSON.parse(record.body);
  const notification = JSON.parse(envelope.Message) as Notification;
  notification.receipt.action.bucketName = bucket;
  change(notification);
  envelope.Message = JSON.stringify(notification);
  record.body = JSON.stringify(envelope);
  return event;
}

describe('SES inbound handler', () => {
  let stack: EmailStack;
  let bucket: string;
  let deadLetterUrl: string;

  beforeEach(async () => {
    bucket = `mail-${randomUUID().slice(0, 8)}`;
    const { QueueUrl } = await (await createEmailStack()).sqs.send(
      new CreateQueueCommand({ QueueName: `email-dlq-${randomUUID().slice(0, 8)}` }),
    );
    deadLetterUrl = QueueUrl as string;
    stack = await createEmailStack({
      email: { bucket, objectPrefix: 'inbound/', deadLetterQueueUrl: deadLetterUrl },
      s3Blobs: true,
    });
    await stack.email.s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await stack.email.s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: `inbound/${SES_ID}`, Body: fixture('combined.eml') }),
    );
  });

  it('reads the message SES stored in S3 from an SNS notification on SQS and puts it on the timeline', async () => {
    const result = await makeHandler(stack)(sqsEventFor(bucket), context);
    expect(result).toEqual({ batchItemFailures: [] });
    await drainIngest(stack);
    const [entry] = await timelineOf(stack, 'email:zoe.muller@example.net');
    expect(entry).toMatchObject({
      channel: 'email',
      providerMessageId: SES_ID,
      subject: 'Rückerstattung für Bestellung #48213',
      at: '2025-03-11T10:41:06.087Z',
    });
    expect(entry?.email).toMatchObject({
      rawRef: `s3://${bucket}/inbound/${SES_ID}`,
      sesMessageId: SES_ID,
      verdicts: { spam: 'PASS', virus: 'PASS', spf: 'PASS', dkim: 'PASS', dmarc: 'PASS' },
      recipients: ['support@northwind.example'],
    });
    const receipt = entry?.attachments.find((a) => a.name === 'Quittung Müller.pdf');
    expect(receipt?.ref).toMatch(new RegExp(`^s3://${bucket}/attachments/`));
    const bytes = await stack.email.blobs.get(receipt?.ref as string);
    expect(
      Buffer.from(bytes ?? [])
        .subarray(0, 8)
        .toString(),
    ).toBe('%PDF-1.4');
    expect(await workItemOf(stack, entry)).toMatchObject({ queueId: 'general', channel: 'email' });
  });

  it('stores a notification delivered several times once', async () => {
    const handler = makeHandler(stack);
    const event = sqsEventFor(bucket);
    const twice = {
      Records: [...event.Records, ...event.Records.map((r) => ({ ...r, messageId: randomUUID() }))],
    };
    await handler(twice, context);
    await drainIngest(stack);
    await handler(sqsEventFor(bucket), context);
    await drainIngest(stack);
    expect(await timelineOf(stack, 'email:zoe.muller@example.net')).toHaveLength(1);
  });

  it('accepts raw message delivery (the SES notification as the SQS body)', async () => {
    const event = sqsEventFor(bucket);
    const record = event.Records[0];
    if (record) record.body = JSON.parse(record.body).Message;
    expect(await makeHandler(stack)(event, context)).toEqual({ batchItemFailures: [] });
    expect(await drainIngest(stack)).toBe(1);
  });

  it('takes the Lambda action event, finding the message at the configured prefix plus its SES id', async () => {
    const result = await makeHandler(stack)(jsonFixture('ses-lambda-event.json'), context);
    expect(result).toEqual({ disposition: 'CONTINUE' });
    await drainIngest(stack);
    const [entry] = await timelineOf(stack, 'email:zoe.muller@example.net');
    expect(entry?.email?.rawRef).toBe(`s3://${bucket}/inbound/${SES_ID}`);
  });

  it('skips the S3 setup probe and SNS subscription messages', async () => {
    const setup = sqsEventFor(bucket, (notification) => {
      notification.mail.messageId = 'AMAZON_SES_SETUP_NOTIFICATION';
      notification.receipt.action.objectKey = 'inbound/AMAZON_SES_SETUP_NOTIFICATION';
    });
    const subscription = sqsEventFor(bucket);
    const record = subscription.Records[0];
    if (record)
      record.body = JSON.stringify({ Type: 'SubscriptionConfirmation', Message: 'confirm', Token: 'x' });
    const handler = makeHandler(stack);
    expect(await handler(setup, context)).toEqual({ batchItemFailures: [] });
    expect(await handler(subscription, context)).toEqual({ batchItemFailures: [] });
    expect(await drainIngest(stack)).toBe(0);
  });

  it('quarantines a message SES judged to be spam', async () => {
    const event = sqsEventFor(bucket, (notification) => {
      notification.receipt.spamVerdict.status = 'FAIL';
    });
    await makeHandler(stack)(event, context);
    await drainIngest(stack);
    const [entry] = await timelineOf(stack, 'email:zoe.muller@example.net');
    expect(entry?.flags).toEqual(['quarantined']);
    expect(entry?.attachments).toEqual([]);
    expect(await workItemOf(stack, entry)).toBeUndefined();
  });

  it('shows only the headers of a message over the size limit, flagged, and keeps the original', async () => {
    const small = await createEmailStack({ email: { bucket, maxMessageBytes: 1000 }, s3Blobs: true });
    await makeHandler(small)(sqsEventFor(bucket), context);
    await drainIngest(small);
    const [entry] = await timelineOf(small, 'email:zoe.muller@example.net');
    expect(entry?.flags).toEqual(['too-large']);
    expect(entry?.subject).toBe('Rückerstattung für Bestellung #48213');
    expect(entry?.email?.rawRef).toBe(`s3://${bucket}/inbound/${SES_ID}`);
    expect(entry?.email?.messageId).toBe('<CAHx7qLm2Fz9kP0w8Rt3nV5bY1cJ6dS4gA@mail.example.net>');
  });

  it('keeps what the headers say when the original is missing from the bucket', async () => {
    const event = sqsEventFor(bucket, (notification) => {
      notification.receipt.action.objectKey = 'inbound/gone';
    });
    await makeHandler(stack)(event, context);
    await drainIngest(stack);
    const [entry] = await timelineOf(stack, 'email:zoe.muller@example.net');
    expect(entry?.flags).toEqual(['malformed']);
    expect(entry?.email?.problems).toContain(
      'the original message is not in the bucket: only its headers are shown',
    );
  });

  it('parks a message that can never be ingested in the dead-letter queue with the reason', async () => {
    const event = sqsEventFor(bucket);
    const record = event.Records[0];
    if (record) record.body = 'this is not a notification';
    expect(await makeHandler(stack)(event, context)).toEqual({ batchItemFailures: [] });
    const { Messages = [] } = await stack.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: deadLetterUrl,
        MessageAttributeNames: ['All'],
        WaitTimeSeconds: 1,
      }),
    );
    expect(Messages[0]?.Body).toBe('this is not a notification');
    expect(Messages[0]?.MessageAttributes?.reason?.StringValue).toBe('the queue message is not JSON');
  });

  it('fails the record, for the queue to retry, when there is no dead-letter queue to park it in', async () => {
    const plain = await createEmailStack({ email: { bucket }, s3Blobs: true });
    const good = sqsEventFor(bucket).Records[0];
    const bad = {
      ...sqsEventFor(bucket).Records[0],
      messageId: randomUUID(),
      body: '{"Type":"Notification","Message":"{}"}',
    };
    const event = { Records: [good, bad] } as SQSEvent;
    const result = await makeHandler(plain)(event, context);
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: bad.messageId }] });
  });
});
