import type { ConnectConfig } from '#channels/connect/config.ts';
import { normalizeContactEvent } from '#channels/connect/events.ts';
import type { AppDeps } from '#deps/app.ts';
import type { ConnectTasks } from '#routing/connect-tasks.ts';
import { lambdaHandler } from '#shared/lambda-handler.ts';
import { logger } from '#shared/observability.ts';

export interface ContactEventResult {
  enqueued: boolean;
  ignored?: string | undefined;
}

/** Tasks OneThread started for work items: the end of one ends its work item. */
type TaskEnds = Pick<ConnectTasks, 'ended'>;

/**
 * Target of the EventBridge rule for `aws.connect` "Amazon Connect Contact Event": each call event
 * becomes a call report on the ingest queue, where it moves the call on the caller's timeline;
 * the end of a task OneThread started closes its work item (through the routing queue).
 * Events that can never be used (malformed, other channels, unknown types) are dropped with a
 * log line; a storage or queue failure throws, so EventBridge's retry (and the target's DLQ)
 * takes over.
 */
export function makeHandler(deps: AppDeps, connect: ConnectConfig, tasks?: TaskEnds) {
  return lambdaHandler<unknown, ContactEventResult>(async (event) => {
    const normalized = normalizeContactEvent(event, {
      defaultCountry: deps.config.defaultCountry,
      instanceArn: connect.instanceArn,
    });
    if ('ignored' in normalized) {
      logger.info('contact event ignored', { reason: normalized.ignored, detail: normalized.detail });
      return { enqueued: false, ignored: normalized.ignored };
    }
    if ('taskEnded' in normalized) {
      const { contactId, at } = normalized.taskEnded;
      if (!tasks) return { enqueued: false, ignored: 'no-task-links' };
      const ours = await tasks.ended(contactId, new Date(at));
      logger.info('task ended', { contactId, ours });
      return ours ? { enqueued: true } : { enqueued: false, ignored: 'not-our-task' };
    }
    await deps.ingestQueue.send(normalized.message);
    logger.info('contact event enqueued', {
      contactId: normalized.message.contactId,
      eventType: normalized.message.event.type,
    });
    return { enqueued: true };
  });
}
