import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import * as z from 'zod';

const attributes = z.record(z.string().min(1).max(128), z.string().max(32_000)).default({});

/** Work handed to agents inside Connect: a task in a Connect queue, linked to the timeline. */
export const StartTaskRequestSchema = z.object({
  operation: z.literal('startTask'),
  /** Connect's idempotency key: derive it from what asked for the task, so retries make one task. */
  clientToken: z.string().min(1).max(500),
  conversationId: z.string().min(1).max(256),
  customerId: z.string().min(1).max(256),
  /** The routed work item the task carries, when it is one: its contact id is recorded on it. */
  workItemId: z.string().min(1).max(256).optional(),
  name: z.string().min(1).max(512),
  description: z.string().max(4096).optional(),
  /** The customer's timeline, shown to the agent as a link on the task. */
  timelineUrl: z.url().max(4096).optional(),
  /** The flow the task starts in; the configured task flow when absent. */
  contactFlowId: z.string().min(1).max(500).optional(),
  attributes,
});

/** A call to the customer that joins their conversation (a callback asked for on chat or social). */
export const StartCallbackRequestSchema = z.object({
  operation: z.literal('startOutboundVoice'),
  clientToken: z.string().min(1).max(500),
  conversationId: z.string().min(1).max(256),
  customerId: z.string().min(1).max(256),
  /** The work item the customer asked for the call on: the call is recorded on it. */
  workItemId: z.string().min(1).max(256).optional(),
  destinationPhoneNumber: z.string().regex(/^\+[1-9]\d{6,14}$/, 'an E.164 phone number'),
  contactFlowId: z.string().min(1).max(500).optional(),
  queueId: z.string().min(1).max(500).optional(),
  attributes,
});

export const ConnectRequestSchema = z.discriminatedUnion('operation', [
  StartTaskRequestSchema,
  StartCallbackRequestSchema,
]);
export type ConnectRequest = z.infer<typeof ConnectRequestSchema>;
export type ConnectRequestInput = z.input<typeof ConnectRequestSchema>;

/**
 * The queue that paces requests into Connect: its API quotas are a few requests per second, so
 * nothing calls Connect straight from a burst of webhooks.
 */
export class ConnectRequestsQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string | undefined,
  ) {}

  async send(request: ConnectRequestInput): Promise<void> {
    if (!this.queueUrl) throw new Error('ONETHREAD_CONNECT_REQUESTS_QUEUE_URL is not set');
    const body = ConnectRequestSchema.parse(request);
    await this.sqs.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: JSON.stringify(body),
        MessageAttributes: { operation: { DataType: 'String', StringValue: body.operation } },
      }),
    );
  }
}
