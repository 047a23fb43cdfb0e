import { GetCommand } from '@aws-sdk/lib-dynamodb';
import {
  CODE_TTL_SECONDS,
  MAX_CODE_ATTEMPTS,
  type PendingEmailCode,
  PendingEmailCodeSchema,
  rateDecision,
} from '#core/email-code.ts';
import { getRecord, type TableClient } from './dynamo.ts';
import { keys } from './table.ts';
import { deleteIf, retryOnConflict, transactIf, updateIfExists } from './writes.ts';

/** A rate limit to pass: the key its uses are counted under, and how many per window. */
export interface RateRule {
  key: string;
  scope: string;
  limit: number;
  windowSeconds: number;
}

export type StartResult = { started: true } | { started: false; scope: string; retryAfterSeconds: number };

export type AttemptResult =
  | { state: 'counted'; pending: PendingEmailCode }
  | { state: 'none' }
  | { state: 'expired' }
  | { state: 'exhausted' };

/** An expired code is kept a while, so that typing it late says "expired" rather than "none sent". */
const EXPIRED_CODE_KEPT_SECONDS = 3600;
const MAX_ATTEMPTS = 5;

/** Email codes waiting to be typed back, and the rate limits on sending them. */
export class VerificationRepo {
  constructor(private readonly table: TableClient) {}

  /**
   * Stores a new code for the session (replacing any earlier one) if every rate rule lets one
   * more send through, counting the send against each in the same transaction: two sends racing
   * for the last slot cannot both get it.
   */
  async startCode(pending: PendingEmailCode, rules: readonly RateRule[], now: Date): Promise<StartResult> {
    const nowSeconds = Math.floor(now.getTime() / 1000);
    return retryOnConflict(
      `email code for ${pending.sessionId}`,
      async (): Promise<StartResult | undefined> => {
        const usage = await Promise.all(rules.map((rule) => this.readUsage(rule.key)));
        const writes = [];
        for (const [index, rule] of rules.entries()) {
          const used = usage[index] ?? { sentAt: [], version: 0 };
          const decision = rateDecision(used.sentAt, nowSeconds, rule);
          if (!decision.allowed) {
            return { started: false, scope: rule.scope, retryAfterSeconds: decision.retryAfterSeconds };
          }
          writes.push(this.usageWrite(rule, used.version, decision.recent, nowSeconds));
        }
        const written = await transactIf(this.table, [...writes, this.codeWrite(pending, nowSeconds)]);
        return written ? { started: true } : undefined;
      },
      { attempts: MAX_ATTEMPTS },
    );
  }

  /**
   * Counts one attempt at the session's code, atomically and before the code is compared, so
   * the sixth attempt is refused whatever it holds and parallel guesses cannot share a count.
   */
  async countAttempt(sessionId: string, now: Date): Promise<AttemptResult> {
    const counted = await updateIfExists(this.table, {
      Key: keys.emailCode(sessionId),
      UpdateExpression: 'SET attempts = attempts + :one',
      ConditionExpression: 'attempts < :max AND validUntil > :now',
      ExpressionAttributeValues: { ':one': 1, ':max': MAX_CODE_ATTEMPTS, ':now': now.toISOString() },
      ReturnValues: 'ALL_NEW',
    });
    if (counted) return { state: 'counted', pending: PendingEmailCodeSchema.parse(counted) };
    const pending = await getRecord(this.table, keys.emailCode(sessionId), (item) =>
      PendingEmailCodeSchema.parse(item),
    );
    if (!pending) return { state: 'none' };
    return { state: now.toISOString() >= pending.validUntil ? 'expired' : 'exhausted' };
  }

  /** A code that proved its address is spent; a newer code sent meanwhile is left alone. */
  async consume(pending: PendingEmailCode): Promise<void> {
    await deleteIf(this.table, {
      Key: keys.emailCode(pending.sessionId),
      ConditionExpression: 'codeDigest = :digest',
      ExpressionAttributeValues: { ':digest': pending.codeDigest },
    });
  }

  private async readUsage(key: string): Promise<{ sentAt: number[]; version: number } | undefined> {
    const { Item } = await this.table.doc.send(
      new GetCommand({ TableName: this.table.tableName, Key: keys.rateLimit(key), ConsistentRead: true }),
    );
    if (!Item) return undefined;
    return { sentAt: (Item.sentAt as number[] | undefined) ?? [], version: Number(Item.version ?? 0) };
  }

  private usageWrite(rule: RateRule, version: number, sentAt: number[], nowSeconds: number) {
    return {
      Put: {
        TableName: this.table.tableName,
        Item: {
          ...keys.rateLimit(rule.key),
          entity: 'rateLimit',
          sentAt,
          version: version + 1,
          expiresAt: nowSeconds + rule.windowSeconds,
        },
        ConditionExpression: version === 0 ? 'attribute_not_exists(pk)' : 'version = :version',
        ...(version === 0 ? {} : { ExpressionAttributeValues: { ':version': version } }),
      },
    };
  }

  private codeWrite(pending: PendingEmailCode, nowSeconds: number) {
    return {
      Put: {
        TableName: this.table.tableName,
        Item: {
          ...keys.emailCode(pending.sessionId),
          entity: 'emailCode',
          ...pending,
          expiresAt: nowSeconds + CODE_TTL_SECONDS + EXPIRED_CODE_KEPT_SECONDS,
        },
      },
    };
  }
}
