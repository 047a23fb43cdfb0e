import { type RoutingEvent, RoutingEventSchema } from '#core/routing/index.ts';
import { sqsHandler } from '#queue/sqs-handler.ts';
import type { RoutingDeps } from '#routing/deps.ts';
import { logger } from '#shared/observability.ts';
import { outageLabel } from '#shared/outage.ts';

/**
 * Consumer of the routing FIFO queue: one message group per partition, so each partition's
 * events arrive in order and are decided in that order. If one fails, it and the rest of its
 * group in the batch come back after a growing backoff, and the group waits for them, which
 * keeps the order FIFO promised. A malformed event can never succeed, and retrying it would
 * hold up its whole group: it goes straight to the dead-letter queue, with the reason.
 */
export function makeHandler(deps: RoutingDeps) {
  const route = async (event: RoutingEvent, record: { attributes: { MessageGroupId?: string } }) => {
    // The message group is the partition; a batch may hold several groups, each in order.
    const partition = record.attributes.MessageGroupId ?? deps.partitions.home;
    try {
      const decisions = await deps.routingFor(partition).routing.dispatch([event]);
      logger.info('routed', { partition, events: 1, decisions: decisions.map((d) => d.type).join(',') });
    } catch (error) {
      logger.warn('routing failed; retrying later', { partition, error: outageLabel(error) });
      throw error;
    }
  };
  return sqsHandler(RoutingEventSchema, route, {
    sqs: deps.sqs,
    source: 'router',
    fifo: true,
    deadLetters: deps.routingDeadLetters,
    invalid: 'not a routing event',
  });
}
