import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { AttributeValue, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { loadRoutingSettings } from '#routing/config.ts';
import { withRouting } from '#routing/deps.ts';
import type { RoutingFollower } from '#routing/follower.ts';
import { entryOf, type LogEntry } from '#routing/routing-log.ts';
import { loadConfig } from '#shared/config.ts';
import { createDeps, lazyHandler } from '#shared/deps.ts';
import { logger } from '#shared/observability.ts';

export interface RoutingEffectsDeps {
  routingFollower: Pick<RoutingFollower, 'partition' | 'follow'>;
}

/**
 * The routing log's outbox: the table's stream brings each appended entry, in the order of its
 * partition (one partition's entries share a key, so one shard keeps their order), and the
 * follower carries it out. A failure fails the batch and the stream retries it; what was
 * carried out already is skipped by the version guards of the writes.
 */
export function makeHandler(deps: RoutingEffectsDeps) {
  return middy<DynamoDBStreamEvent, void>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async (event) => {
      const entries = event.Records.flatMap((record) => appended(record, deps.routingFollower.partition));
      if (entries.length > 0) await deps.routingFollower.follow(entries);
    });
}

/** The entry a record appended to this partition's log, if it is one. */
function appended(record: DynamoDBRecord, partition: string): LogEntry[] {
  const image = record.dynamodb?.NewImage;
  if (record.eventName !== 'INSERT' || image?.entity?.S !== 'routingLog') return [];
  if ((image.partition?.S ?? 'default') !== partition) return [];
  return [entryOf(plain(image))];
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

export const handler = lazyHandler(() =>
  makeHandler(withRouting(createDeps(loadConfig(process.env)), loadRoutingSettings(process.env))),
);
