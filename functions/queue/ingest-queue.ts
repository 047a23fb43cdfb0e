import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { type IngestMessageInput, IngestMessageSchema } from '#core/ingest-message.ts';

/** The edge's only write: a normalised contact onto the ingest queue. */
export class IngestQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string | undefined,
  ) {}

  async send(message: IngestMessageInput): Promise<void> {
    if (!this.queueUrl) throw new Error('INGEST_QUEUE_URL is not configured for this function');
    const body = IngestMessageSchema.parse(message);
    await this.sqs.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: JSON.stringify(body),
        MessageAttributes: { channel: { DataType: 'String', StringValue: body.channel } },
      }),
    );
  }
}
