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
    await this.sqs.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: body,
        MessageAttributes: {
          reason: { DataType: 'String', StringValue: reason.slice(0, 1024) || 'unknown' },
          source: { DataType: 'String', StringValue: source },
        },
      }),
    );
  }
}
