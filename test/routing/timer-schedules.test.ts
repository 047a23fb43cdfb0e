import { randomUUID } from 'node:crypto';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localClientConfig, localSqsConfig } from '#local/emulators.ts';
import { ensureQueueWithDlq } from '#local/provision.ts';
import { type SchedulerEmulator, startSchedulerEmulator } from '#local/scheduler-emulator.ts';
import { loadRoutingSettings } from '#routing/config.ts';
import { RoutingQueues, type TimerMessage } from '#routing/routing-queue.ts';
import { atExpression, SCHEDULE_LEAD_MS, scheduleName, TimerSchedules } from '#routing/timer-schedules.ts';
import { ConfigError } from '#shared/env.ts';
import { sqsEndpoint } from '../support/local-aws.ts';

const MINUTE = 60_000;
const timer = (at: number, id = `step:wi_${randomUUID().slice(0, 8)}:1`): TimerMessage => ({
  id,
  at,
  event: { type: 'stepTimerExpired', workItemId: 'wi_1', queueId: 'billing', step: 1 },
});

describe('schedule names and times', () => {
  it('derives one valid Scheduler name per timer and time', () => {
    const name = scheduleName({ id: 'offer:of_1', at: 1_700_000_000_000 });
    expect(name).toMatch(/^[0-9a-zA-Z_.-]{1,64}$/);
    expect(scheduleName({ id: 'offer:of_1', at: 1_700_000_000_000 })).toBe(name);
    expect(scheduleName({ id: 'offer:of_1', at: 1_700_000_001_000 })).not.toBe(name);
  });

  it('writes one-time expressions in UTC to the second', () => {
    expect(atExpression(Date.UTC(2026, 10, 22, 19, 5, 7, 900))).toBe('at(2026-11-22T19:05:07)');
  });
});

describe('long routing timers', () => {
  let sqs: SQSClient;
  let scheduler: SchedulerEmulator;
  let queues: RoutingQueues;
  let timerQueueUrl: string;

  beforeAll(async () => {
    sqs = new SQSClient(localSqsConfig(sqsEndpoint()));
    scheduler = await startSchedulerEmulator(sqs);
    const timers = await ensureQueueWithDlq(sqs, `long-timers-${randomUUID().slice(0, 8)}`, {
      maxReceiveCount: 5,
      visibilityTimeoutSeconds: 5,
    });
    timerQueueUrl = timers.queueUrl;
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: timerQueueUrl, AttributeNames: ['QueueArn'] }),
    );
    const schedules = new TimerSchedules(new SchedulerClient(localClientConfig(scheduler.endpoint)), {
      groupName: 'onethread-routing-timers',
      roleArn: 'arn:aws:iam::000000000000:role/scheduler',
      timerQueueArn: Attributes?.QueueArn as string,
    });
    queues = new RoutingQueues(sqs, { timers: timerQueueUrl }, schedules);
  });

  afterAll(async () => {
    await scheduler.stop();
    sqs.destroy();
  });

  const receive = async (waitSeconds: number) => {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: timerQueueUrl,
        WaitTimeSeconds: waitSeconds,
        MaxNumberOfMessages: 10,
      }),
    );
    return Messages.map((message) => JSON.parse(message.Body ?? '') as TimerMessage);
  };

  it('keeps timers within 15 minutes on the timer queue, with no schedule', async () => {
    const now = Date.now();
    const soon = timer(now + 200);
    await queues.schedule(soon, now);
    expect(scheduler.pending()).not.toContain(scheduleName(soon));
    expect(await receive(5)).toEqual([soon]);
  });

  it('gives a timer beyond 15 minutes one schedule, however often it is scheduled', async () => {
    const now = Date.now();
    const later = timer(now + 40 * MINUTE);
    await queues.schedule(later, now);
    await queues.schedule(later, now);
    expect(scheduler.pending().filter((name) => name === scheduleName(later))).toHaveLength(1);
    expect(await receive(1)).toEqual([]);
  });

  it('delivers the timer to the timer queue when its schedule fires, a minute ahead of time', async () => {
    // Seen from 20 minutes before, the timer needs a schedule; it fires its lead ahead of `at`.
    const at = Date.now() + SCHEDULE_LEAD_MS + 1_500;
    const due = timer(at);
    await queues.schedule(due, at - 20 * MINUTE);
    expect(scheduler.pending()).toContain(scheduleName(due));
    const delivered = await receive(10);
    expect(delivered).toEqual([due]);
    expect(scheduler.pending()).not.toContain(scheduleName(due));
  });
});

describe('routing settings for long timers', () => {
  it('needs the role and the timer queue ARN with a schedule group', () => {
    expect(() => loadRoutingSettings({ ROUTING_SCHEDULE_GROUP: 'timers' })).toThrow(ConfigError);
    const settings = loadRoutingSettings({
      ROUTING_SCHEDULE_GROUP: 'timers',
      ROUTING_SCHEDULER_ROLE_ARN: 'arn:aws:iam::123456789012:role/scheduler',
      ROUTING_TIMER_QUEUE_ARN: 'arn:aws:sqs:eu-west-1:123456789012:timers',
    });
    expect(settings.longTimers).toMatchObject({ groupName: 'timers' });
    expect(loadRoutingSettings({}).longTimers).toBeUndefined();
  });
});
