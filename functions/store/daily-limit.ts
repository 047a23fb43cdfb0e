import type { TableClient } from './dynamo.ts';
import { keys } from './table.ts';
import { updateIf } from './writes.ts';

/**
 * Counts one use of `key` today (UTC) if fewer than `limit` were counted: one conditional write,
 * so parallel requests cannot share the last use. False when the day's uses are spent.
 */
export async function takeDailyUse(
  table: TableClient,
  key: string,
  limit: number,
  now: Date,
): Promise<boolean> {
  const day = now.toISOString().slice(0, 10);
  const counted = await updateIf(table, {
    Key: keys.rateLimit(`${key}#${day}`),
    UpdateExpression: 'ADD uses :one SET entity = :entity, expiresAt = :expires',
    ConditionExpression: 'attribute_not_exists(uses) OR uses < :limit',
    ExpressionAttributeValues: {
      ':one': 1,
      ':limit': limit,
      ':entity': 'rateLimit',
      ':expires': Math.floor(now.getTime() / 1000) + 2 * 86_400,
    },
  });
  return counted !== undefined;
}
