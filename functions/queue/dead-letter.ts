import { createHash } from 'node:crypto';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';

/**
 * Parks a message that can never succeed, with the reason attached, instead of letting it be
 * retried until the redrive policy moves it without one.
 */
export class DeadLetterQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async park(body: string, reason: string, source: string): Promise<void> {
    // A FIFO dead-letter queue (the routing queue's) wants a group and a deduplication id; each
    // parked message is a group of its own, so none waits for another to be looked at.
    const digest = createHash('sha256').update(body).digest('hex');
    const fifo = this.queueUrl.endsWith('.fifo')
      ? { MessageGroupId: `${source}-${digest.slice(0, 32)}`, MessageDeduplicationId: digest }
      : {};
    await this.sqs.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: body,
        ...fifo,
        MessageAttributes: {
          reason: { DataType: 'String', StringValue: reason.slice(0, 1024) || 'unknown' },
          source: { DataType: 'String', StringValue: source },
        },
      }),
    );
  }
}
