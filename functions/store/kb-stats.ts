import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { countForQueue, type QueueCount } from '#shared/business-metrics.ts';
import type { TableClient } from './dynamo.ts';
import { keys } from './table.ts';

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
