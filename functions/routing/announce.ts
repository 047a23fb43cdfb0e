import type { IngestResult } from '#core/ingest.ts';
import { workItemIdFor } from '#core/work-item.ts';
import type { WorkItemsRepo } from '#store/work-items-repo.ts';
import type { PartitionMap } from './partitions.ts';
import type { RoutingQueues } from './routing-queue.ts';

/**
 * Tells the router about a work item this interaction opened. It runs on every delivery of
 * that interaction, so a crash between opening the item and announcing it is healed by the
 * redelivery; the FIFO queue's deduplication and the engine absorb the repeats.
 */
export async function announceNewWorkItem(
  result: IngestResult,
  deps: {
    workItems: WorkItemsRepo;
    routingQueues?: RoutingQueues | undefined;
    partitions?: Pick<PartitionMap, 'ofQueue'> | undefined;
  },
): Promise<void> {
  if (!deps.routingQueues || result.workItemId !== workItemIdFor(result.interaction.interactionId)) return;
  // Opened by this delivery, the item is at hand; a redelivery reads what was stored.
  const item = result.workItem ?? (await deps.workItems.get(result.workItemId));
  if (item?.state !== 'queued') return;
  const { workItemId, conversationId, customerId, channel, queueId, priority, enqueuedAt, language } = item;
  await deps.routingQueues.publish(
    {
      type: 'itemEnqueued',
      item: { workItemId, conversationId, customerId, channel, queueId, priority, enqueuedAt, language },
    },
    `enqueued:${workItemId}`,
    deps.partitions?.ofQueue(queueId) ?? 'default',
  );
}
