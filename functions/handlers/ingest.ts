import { fetchProviderMedia } from '#channels/common/media.ts';
import { handleNotice, type NoticeDeps } from '#channels/notices/deps.ts';
import type { AttachmentStorage } from '#core/attachments.ts';
import { ingestCallEvent } from '#core/calls.ts';
import { releaseHeldContact } from '#core/deflection.ts';
import { ingestDeliveryStatus, ingestReadWatermark } from '#core/delivery.ts';
import { ingestInteraction } from '#core/ingest.ts';
import { type IngestQueueMessage, IngestQueueMessageSchema } from '#core/ingest-message.ts';
import { messageLanguage } from '#core/language-detection.ts';
import type { Attachment } from '#core/model.ts';
import type { BlobStore } from '#core/ports.ts';
import { type AppDeps, customerEraser, ingestDeps } from '#deps/app.ts';
import { sqsHandler } from '#queue/sqs-handler.ts';
import { announceNewWorkItem } from '#routing/announce.ts';
import { settleCallWait } from '#routing/call-waits.ts';
import type { PartitionMap } from '#routing/partitions.ts';
import type { RoutingQueues } from '#routing/routing-queue.ts';
import { logger } from '#shared/observability.ts';
import { CallsRepo } from '#store/calls-repo.ts';
import type { CustomerEraser } from '#store/customer-erasure.ts';
import { PlacedCallsRepo } from '#store/placed-calls-repo.ts';
import { WebCallsRepo } from '#store/web-calls-repo.ts';

/** Well inside the function's 30 s, with a batch's other records around it. */
const ERASE_SLICE_MS = 15_000;

/**
 * Ingest queue consumer: contacts go onto timelines, delivery statuses onto the outbound
 * interactions they are about, call reports onto the call they describe. Each record succeeds or
 * fails on its own: one that met an outage returns after a growing backoff, one that can never be
 * stored goes to the dead-letter queue with the reason (see `sqsHandler`).
 */
export function makeHandler(
  deps: AppDeps & {
    routingQueues?: RoutingQueues | undefined;
    partitions?: PartitionMap | undefined;
    /** Queued notices and surveys; without them, such requests are dropped. */
    notices?: NoticeDeps | undefined;
    /** Where email files are kept, which erasures delete; without it, an erasure fails and retries. */
    blobs?: BlobStore | undefined;
    /** Where inbound provider media is fetched into; without it, media stays a reference. */
    attachments?: AttachmentStorage | undefined;
  },
) {
  const core = { ...ingestDeps(deps, messageLanguage), automaticReplies: deps.notices?.replies };
  const calls = new CallsRepo(deps.table);
  const webCalls = new WebCallsRepo(deps.table);
  const placedCalls = new PlacedCallsRepo(deps.table);
  const eraser = customerEraser(deps, deps.blobs);
  const processMessage = async (message: IngestQueueMessage) => {
    if (message.type === 'status') {
      const status = await ingestDeliveryStatus(message, core);
      logger.info('delivery status', { ...status, channel: message.channel, status: message.status });
      return;
    }
    if (message.type === 'read') {
      const { read } = await ingestReadWatermark(message, core);
      logger.info('read watermark', { channel: message.channel, read });
      return;
    }
    if (message.type === 'call') {
      const call = await ingestCallEvent(message, {
        ...core,
        calls,
        webCalls,
        placedCalls,
        workItemCalls: deps.workItems,
      });
      logger.info('call event', {
        interactionId: call.interactionId,
        outcome: call.outcome,
        event: message.event.type,
        customerId: call.interaction?.customerId,
        conversationId: call.interaction?.conversationId,
      });
      // A repeat is looked at again too: the wait may not have been told before a crash.
      if (call.outcome === 'held' || !deps.routingQueues) return;
      const recorded = await deps.timeline.get(call.interactionId);
      if (recorded) await settleCallWait(recorded, { ...deps, calls });
      return;
    }
    if (message.type === 'notice') {
      if (deps.notices) await handleNotice(message, deps.notices);
      else logger.warn('notice dropped: not configured here', { kind: message.kind });
      return;
    }
    if (message.type === 'erase') {
      await eraseSlice(eraser, message.customerId, deps);
      return;
    }
    if (message.type === 'release') {
      const released = await releaseHeldContact(message, core);
      await announceNewWorkItem(released, deps);
      logger.info('held contact released', {
        interactionId: released.interaction.interactionId,
        workItemId: released.workItemId,
      });
      return;
    }
    const result = await ingestInteraction(await withMedia(message, deps), core);
    await announceNewWorkItem(result, deps);
    logger.info(result.created ? 'interaction stored' : 'redelivery ignored', {
      interactionId: result.interaction.interactionId,
      customerId: result.interaction.customerId,
      conversationId: result.interaction.conversationId,
      channel: result.interaction.channel,
      workItemId: result.workItemId,
    });
  };
  return sqsHandler(IngestQueueMessageSchema, processMessage, { sqs: deps.sqs, source: 'ingest' });
}

/** An inbound message's provider media, fetched into the private bucket first where it can be. */
async function withMedia<
  M extends { direction?: string; providerMessageId: string; channel: string; attachments: Attachment[] },
>(message: M, deps: AppDeps & { attachments?: AttachmentStorage | undefined }): Promise<M> {
  if (!deps.attachments || message.direction !== 'inbound' || message.attachments.length === 0)
    return message;
  const media = { table: deps.table, attachments: deps.attachments, clock: deps.clock };
  const settings = { settings: deps.config.channels, secrets: deps.config.secrets };
  return { ...message, attachments: await fetchProviderMedia(message, { ...media, ...settings }) };
}

/**
 * An erasure runs for a slice of the function's time, then hands the rest to a new message:
 * the job item says where it stopped, so a record of any size finishes over several calls.
 */
async function eraseSlice(eraser: CustomerEraser, customerId: string, deps: AppDeps): Promise<void> {
  const job = await eraser.run(customerId, { until: deps.clock.now().getTime() + ERASE_SLICE_MS });
  if (job.phase !== 'done') {
    await deps.ingestQueue.send({ type: 'erase', customerId });
    logger.info('erasure continues', { customerId, phase: job.phase, counts: job.counts });
    return;
  }
  logger.info('customer erased', { customerId, counts: job.counts });
}
