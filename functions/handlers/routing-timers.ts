import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { QueueRetries } from '#queue/retries.ts';
import { loadRoutingSettings } from '#routing/config.ts';
import { type RoutingDeps, withRouting } from '#routing/deps.ts';
import { TimerMessageSchema } from '#routing/routing-queue.ts';
import { loadConfig } from '#shared/config.ts';
import { createDeps, lazyHandler } from '#shared/deps.ts';
import { logger } from '#shared/observability.ts';

/** Tolerance for clock skew between the timer queue's delay and our clock. */
const EARLY_MS = 500;

/**
 * Routing timers (step expiry, offer expiry, retries) come due here after their SQS delay or
 * their one-time schedule. A timer that arrives early (a schedule fires a minute ahead; without
 * a schedule group, long timers hop in 15-minute steps) is delayed again until its time; a due
 * one goes to the engine, which ignores it if the item has moved on meanwhile.
 */
export function makeHandler(deps: RoutingDeps) {
  const retries = new QueueRetries(deps.sqs, { source: 'routingTimers' });
  const processBatch = retries.batch(async (record: SQSRecord) => {
    const timer = TimerMessageSchema.parse(JSON.parse(record.body));
    const now = deps.clock.now().getTime();
    if (timer.at - now > EARLY_MS) return deps.routingQueues.schedule(timer, now);
    // The sweep names no partition: every partition sweeps.
    const partitions = timer.partition
      ? [timer.partition]
      : timer.event.type === 'sweep'
        ? deps.partitions.all()
        : [deps.partitions.home];
    for (const partition of partitions) await deps.routingFor(partition).routing.dispatch([timer.event]);
  });
  return middy<SQSEvent, SQSBatchResponse>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler((event, context) => processBatch(event, context));
}

export const handler = lazyHandler(() =>
  makeHandler(withRouting(createDeps(loadConfig(process.env)), loadRoutingSettings(process.env))),
);
