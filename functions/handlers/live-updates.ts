import type { AttributeValue, DynamoDBStreamEvent } from 'aws-lambda';
import { type ChatFrame, type ChatFrameDeps, chatFrames } from '#channels/chat/live.ts';
import { type ChangedNotice, changedNotice, type Topic, topicsFor } from '#core/live-topics.ts';
import { type EventBus, publishTableChanges } from '#shared/event-bus.ts';
import { lambdaHandler } from '#shared/lambda-handler.ts';
import type { LiveConnections } from '#shared/live-connections.ts';
import { logger } from '#shared/observability.ts';
import { recordChange } from '#store/live-changes.ts';
import type { LiveSubscriptionsRepo } from '#store/live-subscriptions-repo.ts';
import type { RetentionMarkers } from '#store/retention-markers.ts';

export interface LiveUpdatesDeps {
  subscriptions: LiveSubscriptionsRepo;
  connections: Pick<LiveConnections, 'post'>;
  /** Timeline entries DynamoDB's TTL deleted leave a removed-entry marker. */
  markers: Pick<RetentionMarkers, 'record'>;
  /** Where the batch's domain events go (docs/events.md); none without a bus. */
  events?: Pick<EventBus, 'put'> | undefined;
  /**
   * Which chat sessions a conversation's typing and work item concern; without it visitors hear
   * of their session's messages only.
   */
  chat?: ChatFrameDeps | undefined;
}

/** Posts in flight at once: enough to fan out quickly, few enough to stay under throttling. */
const PARALLEL_POSTS = 10;

/** The stream images' string attributes: the keys and ids a change is recognised by. */
function strings(image: Record<string, AttributeValue> | undefined): Record<string, string> | undefined {
  if (!image) return undefined;
  const entries = Object.entries(image).filter(([, value]) => typeof value.S === 'string');
  return Object.fromEntries(entries.map(([name, value]) => [name, value.S as string]));
}

/**
 * Table changes to console notices: the stream's records name topics, each connection
 * listening to any of them is told which once per batch. A connection that is gone is
 * forgotten; any other failed post is logged and skipped, so no connection holds up the rest
 * (a missed notice only delays a refresh until the console's next slow poll). Reading the
 * subscriptions failing fails the batch, which the stream retries.
 *
 * The batch's domain events are published last (docs/events.md); a bus that refuses them fails
 * the batch too. Its redelivery repeats notices, which only ask consoles to refetch, and events,
 * which consumers deduplicate by `eventId`.
 */
export function makeHandler(deps: LiveUpdatesDeps) {
  const notify = async (connectionId: string, message: ChangedNotice | ChatFrame) => {
    const posted = await deps.connections.post(connectionId, message);
    if (posted.outcome === 'gone') {
      await deps.subscriptions.close(connectionId).catch((error: unknown) => {
        logger.warn('gone connection not cleaned up', { connectionId, error: (error as Error).name });
      });
    } else if (posted.outcome === 'failed') {
      logger.warn('notice not delivered', { connectionId, reason: posted.reason });
    }
  };

  return lambdaHandler<DynamoDBStreamEvent, void>(async (event) => {
    await deps.markers.record(event.Records);
    const changes = event.Records.flatMap((record) => {
      const change = recordChange(strings(record.dynamodb?.OldImage), strings(record.dynamodb?.NewImage));
      return change ? [change] : [];
    });
    const topics = topicsFor(changes);
    const byConnection = new Map<string, Topic[]>();
    for (const topic of topics) {
      for (const connectionId of await deps.subscriptions.listeners(topic)) {
        byConnection.set(connectionId, [...(byConnection.get(connectionId) ?? []), topic]);
      }
    }
    const pending: Array<[string, ChangedNotice]> = [...byConnection].map(([id, of]) => [
      id,
      changedNotice(of),
    ]);
    const worker = async () => {
      for (let next = pending.shift(); next; next = pending.shift()) await notify(...next);
    };
    await Promise.all(Array.from({ length: PARALLEL_POSTS }, worker));
    logger.debug('notified', { records: event.Records.length, topics, connections: byConnection.size });
    await tellVisitors(event.Records, deps, notify);
    await publishTableChanges(deps.events, event.Records);
  });
}

/**
 * Chat visitors hear each change as its own frame, in the batch's order, so a page sees
 * messages in the order they were written; a page that missed one reads the session again.
 */
async function tellVisitors(
  records: DynamoDBStreamEvent['Records'],
  deps: LiveUpdatesDeps,
  notify: (connectionId: string, frame: ChatFrame) => Promise<void>,
): Promise<void> {
  const listeners = new Map<Topic, string[]>();
  const chat = deps.chat ?? { threads: { of: async () => [] }, now: () => new Date() };
  for (const { topic, frame } of await chatFrames(records, chat)) {
    if (!listeners.has(topic)) listeners.set(topic, await deps.subscriptions.listeners(topic));
    await Promise.all((listeners.get(topic) ?? []).map((connectionId) => notify(connectionId, frame)));
  }
}
