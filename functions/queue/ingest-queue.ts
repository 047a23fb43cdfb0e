import { SendMessageBatchCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import {
  type IngestQueueMessage,
  type IngestQueueMessageInput,
  IngestQueueMessageSchema,
} from '#core/ingest-message.ts';

/** SendMessageBatch takes at most ten entries. */
const BATCH_SIZE = 10;

/** The edge's only write: a normalised contact (or a delivery status) onto the ingest queue. */
export class IngestQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string | undefined,
  ) {}

  /** `delaySeconds` (up to 900, SQS's longest) holds the message back: a later check. */
  async send(message: IngestQueueMessageInput, options: { delaySeconds?: number } = {}): Promise<void> {
    const body = IngestQueueMessageSchema.parse(message);
    await this.sqs.send(
      new SendMessageCommand({
        QueueUrl: this.url(),
        MessageBody: queueBody(body),
        MessageAttributes: attributes(body),
        DelaySeconds: options.delaySeconds,
      }),
    );
  }

  /** Whether this function was given the queue (benchmarks and simulations run without one). */
  get configured(): boolean {
    return Boolean(this.queueUrl);
  }

  /**
   * Enqueues several messages (a webhook's batch) in batches of ten. Throws if any entry was
   * refused, so the provider redelivers; entries already enqueued are deduplicated by ingest.
   */
  async sendAll(messages: readonly IngestQueueMessageInput[]): Promise<void> {
    const bodies = messages.map((message) => IngestQueueMessageSchema.parse(message));
    for (let start = 0; start < bodies.length; start += BATCH_SIZE) {
      const chunk = bodies.slice(start, start + BATCH_SIZE);
      const { Failed = [] } = await this.sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: this.url(),
          Entries: chunk.map((body, index) => ({
            Id: String(index),
            MessageBody: queueBody(body),
            MessageAttributes: attributes(body),
          })),
        }),
      );
      if (Failed.length > 0) {
        throw new Error(`the ingest queue refused ${Failed.length} of ${chunk.length} messages`);
      }
    }
  }

  private url(): string {
    if (!this.queueUrl) throw new Error('INGEST_QUEUE_URL is not configured for this function');
    return this.queueUrl;
  }
}

/**
 * JSON with the characters SQS refuses (U+FFFE, U+FFFF, unpaired surrogates) written as `\uXXXX`
 * escapes, and those outside the Basic Multilingual Plane too (emoji), which SQS-compatible
 * emulators refuse. The consumer's JSON parser restores every one of them exactly.
 */
export function queueBody(body: IngestQueueMessage): string {
  return JSON.stringify(body).replace(
    /[\ud800-\udfff\ufffe\uffff]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function attributes(body: IngestQueueMessage) {
  return {
    channel: { DataType: 'String', StringValue: ('channel' in body ? body.channel : undefined) ?? 'unknown' },
    type: { DataType: 'String', StringValue: body.type },
  };
}
