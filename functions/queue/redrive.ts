import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';

export interface RedriveResult {
  moved: number;
}

/** Empty receives in a row, with the queue reporting no visible message, before the DLQ counts as drained. */
const EMPTY_RECEIVES = 3;

/**
 * Moves every message from a dead-letter queue back to its source queue, keeping bodies and
 * attributes (and, for FIFO queues, message group and deduplication id). Each batch is sent
 * before it is deleted, so a crash can duplicate (harmless: ingest is idempotent) but never lose
 * a message. SQS answers a receive from a sample of its servers, so an empty answer proves
 * nothing: it stops only after several empty long polls and once the queue reports no message.
 */
export async function redrive(
  sqs: SQSClient,
  deadLetterQueueUrl: string,
  sourceQueueUrl: string,
  onProgress: (moved: number) => void = () => undefined,
): Promise<RedriveResult> {
  let moved = 0;
  let empty = 0;
  while (empty < EMPTY_RECEIVES || (await visibleMessages(sqs, deadLetterQueueUrl)) > 0) {
    const batch = await moveBatch(sqs, deadLetterQueueUrl, sourceQueueUrl);
    empty = batch ? 0 : empty + 1;
    if (!batch) continue;
    moved += batch;
    onProgress(moved);
  }
  return { moved };
}

/** Moves up to ten messages; returns how many (0 when the receive came back empty). */
async function moveBatch(
  sqs: SQSClient,
  deadLetterQueueUrl: string,
  sourceQueueUrl: string,
): Promise<number> {
  const { Messages = [] } = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: deadLetterQueueUrl,
      MaxNumberOfMessages: 10,
      WaitTimeSeconds: 1,
      VisibilityTimeout: 60,
      MessageAttributeNames: ['All'],
      MessageSystemAttributeNames: ['MessageGroupId', 'MessageDeduplicationId'],
    }),
  );
  if (!Messages.length) return 0;
  const entries = Messages.map((message, index) => ({
    Id: String(index),
    MessageBody: message.Body ?? '',
    MessageAttributes: message.MessageAttributes,
    // A FIFO queue needs the group (order) and deduplication id the message came with.
    MessageGroupId: message.Attributes?.MessageGroupId,
    MessageDeduplicationId: message.Attributes?.MessageDeduplicationId,
  }));
  const sent = await sqs.send(new SendMessageBatchCommand({ QueueUrl: sourceQueueUrl, Entries: entries }));
  const ok = new Set((sent.Successful ?? []).map((entry) => entry.Id));
  const toDelete = Messages.map((message, index) => ({
    Id: String(index),
    ReceiptHandle: message.ReceiptHandle,
  })).filter((entry) => ok.has(entry.Id));
  if (toDelete.length)
    await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: deadLetterQueueUrl, Entries: toDelete }));
  if (sent.Failed?.length)
    throw new Error(`could not move ${sent.Failed.length} messages: ${sent.Failed[0]?.Message}`);
  return toDelete.length;
}

async function visibleMessages(sqs: SQSClient, queueUrl: string): Promise<number> {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }),
  );
  return Number(Attributes?.ApproximateNumberOfMessages ?? 0);
}

export async function queueDepth(sqs: SQSClient, queueUrl: string): Promise<number> {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return (
    Number(Attributes?.ApproximateNumberOfMessages ?? 0) +
    Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0)
  );
}
