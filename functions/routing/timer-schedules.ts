import { createHash } from 'node:crypto';
import { ConflictException, CreateScheduleCommand, type SchedulerClient } from '@aws-sdk/client-scheduler';
import type { TimerMessage } from './routing-queue.ts';

/** Where one-time schedules deliver timers: the timer queue, through Scheduler's own role. */
export interface TimerScheduleTarget {
  groupName: string;
  roleArn: string;
  timerQueueArn: string;
  /** Timers Scheduler could not deliver after its retries land here. */
  deadLetterQueueArn?: string | undefined;
}

/**
 * A one-time schedule fires within about a minute of its time, so it is set this much early;
 * the timer consumer delays the rest on the timer queue and the timer comes due on time.
 */
export const SCHEDULE_LEAD_MS = 60_000;

/**
 * Timers further out than SQS's longest delay (15 minutes): one EventBridge Scheduler
 * one-time schedule each, deleted by Scheduler once it has fired. The schedule's name is derived
 * from the timer, so scheduling the same timer twice (a redelivered decision) creates one.
 */
export class TimerSchedules {
  constructor(
    private readonly scheduler: SchedulerClient,
    private readonly target: TimerScheduleTarget,
  ) {}

  async schedule(timer: TimerMessage): Promise<void> {
    try {
      await this.scheduler.send(
        new CreateScheduleCommand({
          Name: scheduleName(timer),
          GroupName: this.target.groupName,
          ScheduleExpression: atExpression(timer.at - SCHEDULE_LEAD_MS),
          ScheduleExpressionTimezone: 'UTC',
          FlexibleTimeWindow: { Mode: 'OFF' },
          ActionAfterCompletion: 'DELETE',
          Target: {
            Arn: this.target.timerQueueArn,
            RoleArn: this.target.roleArn,
            Input: JSON.stringify(timer),
            RetryPolicy: { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 3_600 },
            ...(this.target.deadLetterQueueArn
              ? { DeadLetterConfig: { Arn: this.target.deadLetterQueueArn } }
              : {}),
          },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConflictException)) throw error;
    }
  }
}

/** Scheduler names allow 64 characters of `[0-9a-zA-Z-_.]`. */
export function scheduleName(timer: Pick<TimerMessage, 'id' | 'at'>): string {
  return `timer-${createHash('sha256').update(`${timer.id}@${timer.at}`).digest('hex').slice(0, 48)}`;
}

/** `at(yyyy-mm-ddThh:mm:ss)` in UTC, whole seconds. */
export function atExpression(epochMs: number): string {
  return `at(${new Date(Math.floor(epochMs / 1000) * 1000).toISOString().slice(0, 19)})`;
}
