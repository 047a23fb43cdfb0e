import {
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { lambdaContext } from './api-gateway-event.ts';

export type SqsFunction = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | undefined>;

export interface PollerOptions {
  sqs: SQSClient;
  queueUrl: string;
  queueArn: string;
  handler: SqsFunction;
  functionName: string;
  /** Parallel pollers, like Lambda's concurrent batches. */
  concurrency?: number;
  batchSize?: number;
  onError?: (error: unknown) => void;
}

export interface Poller {
  stop(): Promise<void>;
  /** Stops and starts again, as Lambda replaces its pollers (a deployment, a fault drill). */
  restart(): Promise<void>;
}

/**
 * Lambda's SQS event source, locally: receive a batch, invoke the handler, delete what succeeded,
 * and leave failures alone, as Lambda does. They come back when their visibility ends — the
 * backoff the handler set, or the queue's timeout — and go to the DLQ once out of receives.
 */
export function startPoller(options: PollerOptions): Poller {
  const start = () => {
    const controller = new AbortController();
    const loops = Array.from({ length: options.concurrency ?? 4 }, () =>
      pollLoop(options, controller.signal),
    );
    return async () => {
      controller.abort();
      await Promise.allSettled(loops);
    };
  };
  let stop = start();
  return {
    stop: () => stop(),
    restart: async () => {
      await stop();
      stop = start();
    },
  };
}

async function pollLoop(options: PollerOptions, signal: AbortSignal): Promise<void> {
  while (!signal.aborted) {
    try {
      const { Messages = [] } = await options.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: options.queueUrl,
          MaxNumberOfMessages: options.batchSize ?? 10,
          WaitTimeSeconds: 1,
          MessageSystemAttributeNames: ['All'],
          MessageAttributeNames: ['All'],
        }),
        { abortSignal: signal },
      );
      if (Messages.length) await deliver(options, Messages);
    } catch (error) {
      if (signal.aborted) return;
      options.onError?.(error);
      await new Promise((done) => setTimeout(done, 500));
    }
  }
}

async function deliver(options: PollerOptions, messages: Message[]): Promise<void> {
  const records = messages.map((message) => toRecord(message, options.queueArn));
  let failed: Set<string>;
  try {
    const result = await options.handler({ Records: records }, lambdaContext(options.functionName));
    failed = new Set((result?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier));
  } catch (error) {
    // A thrown handler fails the whole batch, as on Lambda.
    options.onError?.(error);
    failed = new Set(records.map((record) => record.messageId));
  }
  const succeeded = messages.filter((message) => !failed.has(message.MessageId as string));
  if (succeeded.length) {
    await options.sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: options.queueUrl,
        Entries: succeeded.map((message, index) => ({
          Id: String(index),
          ReceiptHandle: message.ReceiptHandle,
        })),
      }),
    );
  }
}

/** A received message as Lambda hands it to the function. */
export function toRecord(message: Message, queueArn: string): SQSRecord {
  const attributes = message.Attributes ?? {};
  return {
    messageId: message.MessageId as string,
    receiptHandle: message.ReceiptHandle as string,
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
      SentTimestamp: attributes.SentTimestamp ?? String(Date.now()),
      SenderId: attributes.SenderId ?? 'local',
      ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
      // A FIFO queue's, as Lambda passes them on: the router reads its partition off the group.
      ...(attributes.MessageGroupId ? { MessageGroupId: attributes.MessageGroupId } : {}),
      ...(attributes.MessageDeduplicationId
        ? { MessageDeduplicationId: attributes.MessageDeduplicationId }
        : {}),
      ...(attributes.SequenceNumber ? { SequenceNumber: attributes.SequenceNumber } : {}),
    },
    messageAttributes: Object.fromEntries(
      Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [
        name,
        {
          dataType: value.DataType ?? 'String',
          stringValue: value.StringValue,
          stringListValues: [],
          binaryListValues: [],
        },
      ]),
    ),
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: queueArn.split(':')[3] ?? 'us-east-1',
  };
}
