import type { AttributeValue, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { RoutingFollower } from '#routing/follower.ts';
import { lambdaHandler } from '#shared/lambda-handler.ts';
import { entryOf, type LogEntry } from '#store/routing-log.ts';

export interface RoutingEffectsDeps {
  routingFor(partition: string): { routingFollower: Pick<RoutingFollower, 'follow'> };
}

/**
 * The routing log's outbox: the table's stream brings each appended entry, in the order of its
 * partition (one partition's entries share a key, so one shard keeps their order), and the
 * follower carries it out. A failure fails the batch and the stream retries it; what was
 * carried out already is skipped by the version guards of the writes.
 */
export function makeHandler(deps: RoutingEffectsDeps) {
  return lambdaHandler<DynamoDBStreamEvent, void>(async (event) => {
    const byPartition = new Map<string, LogEntry[]>();
    for (const record of event.Records) {
      const found = appended(record);
      if (found) byPartition.set(found.partition, [...(byPartition.get(found.partition) ?? []), found.entry]);
    }
    for (const [partition, entries] of byPartition)
      await deps.routingFor(partition).routingFollower.follow(entries);
  });
}

/** The entry a record appended to a partition's log, if it is one. */
function appended(record: DynamoDBRecord): { partition: string; entry: LogEntry } | undefined {
  const image = record.dynamodb?.NewImage;
  const partition = image?.partition?.S;
  if (record.eventName !== 'INSERT' || image?.entity?.S !== 'routingLog' || !partition) return undefined;
  return { partition, entry: entryOf(plain(image)) };
}

/** The attributes an entry is read from. Lambda's JSON carries binary as base64, locally it is bytes. */
function plain(image: Record<string, AttributeValue>): Record<string, unknown> {
  const raw = image.events?.B as unknown;
  return {
    version: image.version?.N,
    at: image.at?.N,
    events: typeof raw === 'string' ? Buffer.from(raw, 'base64') : raw,
  };
}
