import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { type RoutingEvent, RoutingEventSchema } from '#core/routing/index.ts';
import { loadRoutingSettings } from '#routing/config.ts';
import { type RoutingDeps, withRouting } from '#routing/deps.ts';
import { loadConfig } from '#shared/config.ts';
import { createDeps, lazyHandler } from '#shared/deps.ts';
import { logger } from '#shared/observability.ts';

/**
 * Consumer of the routing FIFO queue: one message group per partition, so batches arrive in
 * order and one at a time. The whole batch is decided on one load of the state; if that
 * fails the batch is retried as a whole, which keeps the order FIFO promised.
 */
export function makeHandler(deps: RoutingDeps) {
  return middy<SQSEvent, SQSBatchResponse>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async (event) => {
      const events: RoutingEvent[] = [];
      for (const record of event.Records) {
        const parsed = RoutingEventSchema.safeParse(safeJson(record.body));
        // A malformed event can never succeed; retrying it would block its whole group.
        if (parsed.success) events.push(parsed.data);
        else logger.error('dropping malformed routing event', { messageId: record.messageId });
      }
      if (events.length === 0) return { batchItemFailures: [] };
      const decisions = await deps.routing.dispatch(events);
      logger.info('routed', { events: events.length, decisions: decisions.map((d) => d.type).join(',') });
      return { batchItemFailures: [] };
    });
}

function safeJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

export const handler = lazyHandler(() =>
  makeHandler(withRouting(createDeps(loadConfig(process.env)), loadRoutingSettings(process.env))),
);
