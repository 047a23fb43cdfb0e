import { createHash } from 'node:crypto';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import * as z from 'zod';
import { type RoutingEvent, SweepEventSchema, TimerEventSchema } from '#core/routing/index.ts';
import type { TimerSchedules } from './timer-schedules.ts';

/**
 * A timer as it travels: on the timer queue, and as a schedule's input. It names its partition;
 * a timer without one is the home partition's, and the sweep without one is every partition's.
 */
export const TimerMessageSchema = z.object({
  id: z.string(),
  at: z.number(),
  event: z.union([TimerEventSchema, SweepEventSchema]),
  partition: z.string().min(1).optional(),
});
export type TimerMessage = z.infer<typeof TimerMessageSchema>;

/** How often the engine sweeps for work whose timer was lost. */
export const SWEEP_INTERVAL_SECONDS = 60;
/** The sweep, due whenever it arrives: sent to the timer queue every SWEEP_INTERVAL_SECONDS. */
export const SWEEP_MESSAGE: TimerMessage = { id: 'sweep', at: 0, event: { type: 'sweep' } };

/** Longest delay SQS allows on one message; longer timers go to a schedule, or else hop. */
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
    private readonly longTimers?: TimerSchedules,
  ) {}

  /** Sends an event to its partition's message group. */
  async publish(event: RoutingEvent, dedupeKey: string, partition: string): Promise<void> {
    if (!this.urls.events) throw new Error('ROUTING_QUEUE_URL is not configured for this function');
    await this.sqs.send(
      new SendMessageCommand({
        QueueUrl: this.urls.events,
        MessageBody: JSON.stringify(event),
        MessageGroupId: partition,
        MessageDeduplicationId: createHash('sha256').update(dedupeKey).digest('hex'),
      }),
    );
  }

  /**
   * Timers due within 15 minutes wait on the timer queue as a delayed message. Longer ones get
   * a one-time schedule when the deployment has a schedule group; without one they hop through
   * the timer queue in 15-minute steps.
   */
  async schedule(timer: TimerMessage, now: number): Promise<void> {
    if (!this.urls.timers) throw new Error('ROUTING_TIMER_QUEUE_URL is not configured for this function');
    const seconds = Math.max(0, Math.ceil((timer.at - now) / 1000));
    if (seconds > MAX_DELAY_SECONDS && this.longTimers) return this.longTimers.schedule(timer);
    const delay = Math.min(MAX_DELAY_SECONDS, seconds);
    await this.sqs.send(
      new SendMessageCommand({
        QueueUrl: this.urls.timers,
        MessageBody: JSON.stringify(timer),
        DelaySeconds: delay,
      }),
    );
  }
}
