import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { type RoutingEvent, RoutingEventSchema } from '#core/routing/index.ts';
import { QueueRetries } from '#queue/retries.ts';
import { loadRoutingSettings } from '#routing/config.ts';
import { type RoutingDeps, withRouting } from '#routing/deps.ts';
import { loadConfig } from '#shared/config.ts';
import { createDeps, lazyHandler } from '#shared/deps.ts';
import { safeJson } from '#shared/json.ts';
import { logger } from '#shared/observability.ts';
import { outageLabel } from '#shared/outage.ts';

/**
 * Consumer of the routing FIFO queue: one message group per partition, so each partition's
 * events arrive in order. Each partition's events in a batch become one entry of its log; if
 * that fails they all come back after a growing backoff, and their message group waits for
 * them, which keeps the order FIFO promised.
 */
export function makeHandler(deps: RoutingDeps) {
  const retries = new QueueRetries(deps.sqs, { source: 'router' });
  return middy<SQSEvent, SQSBatchResponse>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async (event) => {
      const byPartition = new Map<string, { events: RoutingEvent[]; records: SQSRecord[] }>();
      for (const record of event.Records) {
        const parsed = RoutingEventSchema.safeParse(safeJson(record.body));
        // A malformed event can never succeed, and retrying it would hold up its whole group:
        // it goes straight to the dead-letter queue, with the reason, before anything is decided.
        if (!parsed.success) {
          const reason = `not a routing event: ${parsed.error.issues[0]?.path.join('.') || 'body'} ${parsed.error.issues[0]?.message ?? ''}`;
          logger.error('parking malformed routing event', { messageId: record.messageId, reason });
          await deps.routingDeadLetters?.park(record.body, reason, 'router');
          continue;
        }
        // The message group is the partition; a batch may hold several groups, each in order.
        const partition = record.attributes.MessageGroupId ?? deps.partitions.home;
        const group = byPartition.get(partition) ?? { events: [], records: [] };
        group.events.push(parsed.data);
        group.records.push(record);
        byPartition.set(partition, group);
      }
      const failed: SQSRecord[] = [];
      for (const [partition, { events, records }] of byPartition) {
        try {
          const decisions = await deps.routingFor(partition).routing.dispatch(events);
          logger.info('routed', {
            partition,
            events: events.length,
            decisions: decisions.map((d) => d.type).join(','),
          });
        } catch (error) {
          logger.warn('routing failed; retrying later', { partition, error: outageLabel(error) });
          for (const record of records) await retries.later(record);
          failed.push(...records);
        }
      }
      return { batchItemFailures: failed.map((record) => ({ itemIdentifier: record.messageId })) };
    });
}

export const handler = lazyHandler(() =>
  makeHandler(withRouting(createDeps(loadConfig(process.env)), loadRoutingSettings(process.env))),
);
