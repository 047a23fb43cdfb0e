import type { TableClient } from './dynamo.ts';
import { updateIf } from './writes.ts';

const HOUR_MS = 3_600_000;

/**
 * How many callbacks a chat session has asked for this clock hour: a number a visitor types is
 * dialled by us, so asking is limited whatever the number. One counter per session and hour,
 * expiring after a day.
 */
export class CallbackLimits {
  constructor(
    private readonly table: TableClient,
    private readonly perHour: number,
  ) {}

  /** Counts one request; false when the session has used up this hour's. */
  async take(sessionId: string, now: Date): Promise<boolean> {
    const hour = Math.floor(now.getTime() / HOUR_MS);
    const counted = await updateIf(this.table, {
      Key: { pk: `CALLBACKS#${sessionId}`, sk: `HOUR#${hour}` },
      UpdateExpression: 'ADD #count :one SET entity = :entity, expiresAt = :expires',
      ConditionExpression: 'attribute_not_exists(#count) OR #count < :max',
      ExpressionAttributeNames: { '#count': 'count' },
      ExpressionAttributeValues: {
        ':one': 1,
        ':max': this.perHour,
        ':entity': 'callbackLimit',
        ':expires': Math.floor(now.getTime() / 1000) + 86_400,
      },
    });
    return counted !== undefined;
  }

  /** Seconds until the next clock hour, for `Retry-After`. */
  static retryAfterSeconds(now: Date): number {
    return Math.ceil((HOUR_MS - (now.getTime() % HOUR_MS)) / 1000);
  }
}
