import { callWait } from '#core/call-wait.ts';
import type { Interaction, WorkItem } from '#core/model.ts';
import type { PartitionMap } from './partitions.ts';
import type { RoutingQueues } from './routing-queue.ts';

export interface CallWaitDeps {
  routingQueues?: Pick<RoutingQueues, 'publish'> | undefined;
  partitions?: Pick<PartitionMap, 'ofQueue'> | undefined;
  workItems: { get(workItemId: string): Promise<WorkItem | undefined> };
  calls: {
    waitReported(interactionId: string): Promise<boolean>;
    markWaitReported(interactionId: string, at: string): Promise<void>;
  };
}

/**
 * Tells routing how a queued call's wait ended, once the call's reports settle it.
 *
 * A call that joined an open work item is part of that item: the item's own answer or
 * abandonment is what counts, once. So a caller who hangs up while their chat still waits
 * abandons nothing (they are still waiting, on the chat); only a call-only item — a voice item
 * with no callback asked for — is abandoned with its call. A call with no work item of ours
 * (Connect routes calls) is counted in the queue its flow lookup named, answered or abandoned;
 * a mark on the call's interaction, set after the routing event is sent (whose deduplication
 * covers a retry in between), keeps it to once.
 */
export async function settleCallWait(interaction: Interaction, deps: CallWaitDeps): Promise<void> {
  const { call } = interaction;
  const wait = call ? callWait(call) : undefined;
  if (!call || !wait || !deps.routingQueues) return;
  if (call.workItemId) {
    if (wait.outcome !== 'abandoned') return;
    const item = await deps.workItems.get(call.workItemId);
    if (!item || !isCallOnly(item) || (item.state !== 'queued' && item.state !== 'offered')) return;
    await deps.routingQueues.publish(
      { type: 'itemAbandoned', workItemId: item.workItemId },
      `call-abandoned:${call.contactId}`,
      partitionOf(item.queueId, deps),
    );
    return;
  }
  if (await deps.calls.waitReported(interaction.interactionId)) return;
  await deps.routingQueues.publish(
    { type: 'callWaitEnded', ...wait },
    `call-wait:${call.contactId}`,
    partitionOf(wait.queueId, deps),
  );
  await deps.calls.markWaitReported(interaction.interactionId, wait.endedAt);
}

/** An item that is the call: a voice item, and not one the customer asked to be called back on. */
function isCallOnly(item: WorkItem): boolean {
  return item.channel === 'voice' && !item.callback;
}

function partitionOf(queueId: string, deps: CallWaitDeps): string {
  return deps.partitions?.ofQueue(queueId) ?? 'default';
}
