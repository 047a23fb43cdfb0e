import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { countForQueue, type QueueCount } from '#shared/business-metrics.ts';
import type { TableClient } from './dynamo.ts';
import { keys } from './table.ts';
import { updateIf } from './writes.ts';

/**
 * One queue's figures of one UTC day, in one item: routing's answers and abandonments (the
 * service level) and the knowledge base's counts. Kept 35 days.
 */

/** A queue's day as counted so far; undefined before anything was counted that day. */
export async function queueDay(
  table: TableClient,
  queueId: string,
  day: string,
): Promise<Record<string, unknown> | undefined> {
  const { Item } = await table.doc.send(
    new GetCommand({ TableName: table.tableName, Key: keys.queueStats(queueId, day) }),
  );
  return Item;
}

/**
 * Adds one routing log entry's answers to the queue's day, once: the day remembers the last
 * version of each partition it took, so a redelivered entry is not counted again. False then.
 */
export async function countQueueAnswers(
  table: TableClient,
  queueId: string,
  day: string,
  entry: { partition: string; version: number; at: number },
  counts: { answered: number; withinTarget: number; abandoned: number },
): Promise<boolean> {
  const counted = await updateIf(table, {
    Key: keys.queueStats(queueId, day),
    UpdateExpression:
      'ADD answered :n, withinTarget :within, abandoned :abandoned SET #seen = :v, expiresAt = :expires',
    ConditionExpression: 'attribute_not_exists(#seen) OR #seen < :v',
    ExpressionAttributeNames: { '#seen': `version_${entry.partition}` },
    ExpressionAttributeValues: {
      ':n': counts.answered,
      ':within': counts.withinTarget,
      ':abandoned': counts.abandoned,
      ':v': entry.version,
      ':expires': Math.floor(entry.at / 1000) + RETENTION_SECONDS,
    },
  });
  return counted !== undefined;
}

/** What the knowledge base counts per queue and day, beside the queue's service level. */
export type KbCounter = 'kbDeflected' | 'kbEscalated' | 'kbArticleUses';

const RETENTION_SECONDS = 35 * 86_400;

const METRIC: Record<KbCounter, QueueCount> = {
  kbDeflected: 'Deflected',
  kbEscalated: 'Escalated',
  kbArticleUses: 'ArticleUsed',
};

/**
 * Adds one to a queue's count of the day (the day's item expires as its other figures do), and
 * the same to its CloudWatch metric.
 */
export async function countKb(
  table: TableClient,
  queueId: string,
  at: Date,
  counter: KbCounter,
): Promise<void> {
  await table.doc.send(
    new UpdateCommand({
      TableName: table.tableName,
      Key: keys.queueStats(queueId, at.toISOString().slice(0, 10)),
      UpdateExpression: 'ADD #c :one SET expiresAt = if_not_exists(expiresAt, :expires)',
      ExpressionAttributeNames: { '#c': counter },
      ExpressionAttributeValues: {
        ':one': 1,
        ':expires': Math.floor(at.getTime() / 1000) + RETENTION_SECONDS,
      },
    }),
  );
  countForQueue(METRIC[counter], queueId);
}

/** A queue's knowledge figures of a day, from the item `countKb` writes. */
export function kbFigures(item: Record<string, unknown> | undefined) {
  const deflected = Number(item?.kbDeflected ?? 0);
  const escalated = Number(item?.kbEscalated ?? 0);
  return {
    deflectedToday: deflected,
    escalatedToday: escalated,
    // Of the customers offered articles who answered, the share the articles answered.
    deflectionRateToday: deflected + escalated ? deflected / (deflected + escalated) : null,
    articleUsesToday: Number(item?.kbArticleUses ?? 0),
  };
}
