import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { SendingDeps } from '#deps/app.ts';
import { makeHandler as makeRouter } from '#handlers/router.ts';
import { makeHandler as makeRoutingEffects } from '#handlers/routing-effects.ts';
import { makeHandler as makeRoutingTimers } from '#handlers/routing-timers.ts';
import type { RoutingDeps } from '#routing/deps.ts';
import { SWEEP_INTERVAL_SECONDS, SWEEP_MESSAGE } from '#routing/routing-queue.ts';
import type { FunctionEnv } from '#shared/env-names.ts';
import type { localClientConfig } from './emulators.ts';
import { arnOf, ensureQueueWithDlq, type QueuePair } from './provision.ts';
import { startSchedulerEmulator } from './scheduler-emulator.ts';
import { type Poller, startPoller } from './sqs-poller.ts';
import { TABLE_NAME } from './start-data.ts';
import { startStreamReader } from './stream-reader.ts';

const ROUTING_QUEUE = 'onethread-routing';
const ROUTING_TIMER_QUEUE = 'onethread-routing-timers';

export interface RoutingFunctions {
  /** The router and the timers' consumer, in that order. */
  pollers: Poller[];
  stop(): Promise<void>;
}

export interface LocalRouting {
  queues: { events: QueuePair; timers: QueuePair };
  /** The queues, the schedule group and the Scheduler stand-in, as the stack sets them. */
  env: FunctionEnv;
  /** Where the functions' Scheduler client points. */
  schedulerEndpoint: string;
  /** Stops the Scheduler stand-in. */
  stop(): Promise<void>;
  /** The router, the timers, the effects and the sweep, once the functions' dependencies exist. */
  startFunctions(
    deps: RoutingDeps & SendingDeps,
    dynamo: ReturnType<typeof localClientConfig>,
  ): Promise<RoutingFunctions>;
}

/**
 * Routing (lib/routing.ts): the FIFO events queue, the timers queue, and timers beyond SQS's
 * 15-minute delay going to a Scheduler stand-in, as they go to EventBridge Scheduler on AWS.
 */
export async function startRouting(admin: SQSClient): Promise<LocalRouting> {
  const events = await ensureQueueWithDlq(admin, ROUTING_QUEUE, { visibilityTimeoutSeconds: 30, fifo: true });
  const timers = await ensureQueueWithDlq(admin, ROUTING_TIMER_QUEUE, { visibilityTimeoutSeconds: 30 });
  const scheduler = await startSchedulerEmulator(admin);
  try {
    const env: FunctionEnv = {
      ROUTING_QUEUE_URL: events.queueUrl,
      ROUTING_TIMER_QUEUE_URL: timers.queueUrl,
      ROUTING_DLQ_URL: events.deadLetterQueueUrl,
      ROUTING_SCHEDULE_GROUP: 'onethread-routing-timers',
      ROUTING_SCHEDULER_ROLE_ARN: 'arn:aws:iam::000000000000:role/onethread-local-scheduler',
      ROUTING_TIMER_QUEUE_ARN: await arnOf(admin, timers.queueUrl),
      SCHEDULER_ENDPOINT: scheduler.endpoint,
    };
    return {
      queues: { events, timers },
      env,
      schedulerEndpoint: scheduler.endpoint,
      stop: () => scheduler.stop(),
      startFunctions: (deps, dynamo) => startRoutingFunctions(deps, dynamo, { events, timers }),
    };
  } catch (error) {
    await scheduler.stop();
    throw error;
  }
}

async function startRoutingFunctions(
  deps: RoutingDeps & SendingDeps,
  dynamo: ReturnType<typeof localClientConfig>,
  queues: LocalRouting['queues'],
): Promise<RoutingFunctions> {
  // The routing log's outbox, as the effects function follows it on AWS. The reader starts
  // from now, so the follower first carries out what the log holds beyond its applied mark.
  const effects = await startStreamReader({
    dynamo,
    tableName: TABLE_NAME,
    handler: makeRoutingEffects(deps),
    functionName: 'routingEffects',
    idleMs: 5,
    maxIdleMs: 80,
    onError: (error) => console.error('routing effects:', (error as Error).message),
  });
  try {
    for (const partition of deps.partitions.all()) await deps.routingFor(partition).routingFollower.recover();
    const pollers = await startRoutingPollers(deps, queues);
    return {
      pollers: pollers.consumers,
      stop: () => pollers.stop().finally(() => effects.stop()),
    };
  } catch (error) {
    await effects.stop();
    throw error;
  }
}

async function startRoutingPollers(deps: RoutingDeps & SendingDeps, queues: LocalRouting['queues']) {
  const sqs = deps.sqs;
  // One poller on the FIFO queue, as Lambda runs one batch per message group at a time.
  const pollers: Poller[] = [
    startPoller({
      sqs,
      queueUrl: queues.events.queueUrl,
      queueArn: await arnOf(sqs, queues.events.queueUrl),
      handler: makeRouter(deps),
      functionName: 'router',
      concurrency: 1,
      onError: (error) => console.error('router:', (error as Error).message),
    }),
    startPoller({
      sqs,
      queueUrl: queues.timers.queueUrl,
      queueArn: await arnOf(sqs, queues.timers.queueUrl),
      handler: makeRoutingTimers(deps),
      functionName: 'routingTimers',
      concurrency: 2,
      onError: (error) => console.error('routing timers:', (error as Error).message),
    }),
  ];
  // On AWS a recurring schedule sends the routing sweep; here an interval does.
  const sweeper = setInterval(() => {
    sqs
      .send(
        new SendMessageCommand({
          QueueUrl: queues.timers.queueUrl,
          MessageBody: JSON.stringify(SWEEP_MESSAGE),
        }),
      )
      .catch((error: unknown) => console.error('routing sweep:', (error as Error).message));
  }, SWEEP_INTERVAL_SECONDS * 1000);
  return {
    consumers: pollers,
    stop: async () => {
      clearInterval(sweeper);
      await Promise.all(pollers.map((poller) => poller.stop()));
    },
  };
}
