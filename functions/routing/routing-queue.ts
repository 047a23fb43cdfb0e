import { createHash } from 'node:crypto';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { RoutingEvent, TimerEvent } from '#core/routing/index.ts';

/** Longest delay SQS allows on one message; longer timers hop. */
export const MAX_DELAY_SECONDS = 900;

/**
 * Routing events go through a FIFO queue with one message group per routing partition, so
 * one router at a time works a partition, in order. Timers go through a standard queue,
 * whose per-message delay FIFO queues lack.
 */
export class RoutingQueues {
  constructor(
    private readonly sqs: SQSClient,
    private readonly urls: { events?: string | undefined; timers?: string | undefined },
    private readonly partition = 'default',
  ) {}

  async publish(event: RoutingEvent, dedupeKey: string): Promise<void> {
    if (!this.urls.events) throw new Error('ROUTING_QUEUE_URL is not configured for this function');
    await this.sqs.send(
      new SendMessageCommand({
        QueueUrl: this.urls.events,
        MessageBody: JSON.stringify(event),
        MessageGroupId: this.partition,
        MessageDeduplicationId: createHash('sha256').update(dedupeKey).digest('hex'),
      }),
    );
  }

  async schedule(timer: { id: string; at: number; event: TimerEvent }, now: number): Promise<void> {
    if (!this.urls.timers) throw new Error('ROUTING_TIMER_QUEUE_URL is not configured for this function');
    const delay = Math.min(MAX_DELAY_SECONDS, Math.max(0, Math.ceil((timer.at - now) / 1000)));
    await this.sqs.send(
      new SendMessageCommand({
        QueueUrl: this.urls.timers,
        MessageBody: JSON.stringify(timer),
        DelaySeconds: delay,
      }),
    );
  }
}
