import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import {
  type WebCall,
  type WebCallAttempt,
  WebCallAttemptSchema,
  type WebCallLedger,
  WebCallSchema,
} from '#core/web-calls.ts';
import { getRecord, type TableClient } from './dynamo.ts';
import { keys } from './table.ts';
import { retryOnConflict, transactIf } from './writes.ts';

/** Connect keeps a client token for 7 days; a day more covers late contact events. */
const KEEP_SECONDS = 8 * 86_400;

const LedgerSchema = z.object({
  attempts: z.array(WebCallAttemptSchema).default([]),
  started: z.number().int().nonnegative().default(0),
  version: z.number().int().nonnegative().default(0),
});

const EMPTY_LEDGER: WebCallLedger = { attempts: [], started: 0, version: 0 };

/**
 * The in-app and web calls OneThread started: each session's ledger of requests (its limits),
 * and each call under our id and, once Connect has answered, under its contact id.
 */
export class WebCallsRepo {
  constructor(private readonly table: TableClient) {}

  async ledger(sessionId: string): Promise<WebCallLedger> {
    const ledger = await getRecord(this.table, keys.webCallLedger(sessionId), (item) =>
      LedgerSchema.parse(item),
    );
    return ledger ?? EMPTY_LEDGER;
  }

  async get(webCallId: string): Promise<WebCall | undefined> {
    return getRecord(this.table, keys.webCall(webCallId), (item) => WebCallSchema.parse(item));
  }

  async byContact(contactId: string): Promise<WebCall | undefined> {
    return getRecord(this.table, keys.webCallContact(contactId), (item) => WebCallSchema.parse(item));
  }

  /**
   * Records the request and the call together, only if the ledger is still the one read
   * (`expectedVersion`). False when another request got there first: read again and decide again.
   */
  async begin(call: WebCall, ledger: WebCallLedger, expectedVersion: number): Promise<boolean> {
    const expiresAt = this.expiry();
    return transactIf(this.table, [
      {
        Put: {
          TableName: this.table.tableName,
          Item: {
            ...keys.webCallLedger(call.sessionId),
            entity: 'webCallLedger',
            ...ledger,
            expiresAt,
          },
          ConditionExpression: 'attribute_not_exists(pk) OR version = :expected',
          ExpressionAttributeValues: { ':expected': expectedVersion },
        },
      },
      {
        Put: {
          TableName: this.table.tableName,
          Item: { ...keys.webCall(call.webCallId), entity: 'webCall', ...call, expiresAt },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ]);
  }

  /** Connect started the call: it is found by its contact id from now on. */
  async started(call: WebCall, contactId: string): Promise<WebCall> {
    const known = { ...call, contactId };
    const expiresAt = this.expiry();
    await this.table.doc.send(
      new PutCommand({
        TableName: this.table.tableName,
        Item: { ...keys.webCallContact(contactId), entity: 'webCallContact', ...known, expiresAt },
      }),
    );
    await this.table.doc.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: keys.webCall(call.webCallId),
        UpdateExpression: 'SET contactId = :contact',
        ExpressionAttributeValues: { ':contact': contactId },
      }),
    );
    return known;
  }

  /**
   * Connect refused the call: the request no longer counts against the session, and the call is
   * gone. A ledger changed meanwhile is read again; a few tries are plenty for one session.
   */
  async abandon(call: WebCall): Promise<void> {
    const step = async () => {
      const ledger = await this.ledger(call.sessionId);
      const attempts = ledger.attempts.filter((kept: WebCallAttempt) => kept.webCallId !== call.webCallId);
      const written = await transactIf(this.table, [
        {
          Update: {
            TableName: this.table.tableName,
            Key: keys.webCallLedger(call.sessionId),
            UpdateExpression: 'SET attempts = :attempts, version = :next',
            ConditionExpression: 'version = :expected',
            ExpressionAttributeValues: {
              ':attempts': attempts,
              ':next': ledger.version + 1,
              ':expected': ledger.version,
            },
          },
        },
        { Delete: { TableName: this.table.tableName, Key: keys.webCall(call.webCallId) } },
      ]);
      return written || undefined;
    };
    await retryOnConflict(`web call ${call.webCallId}`, step, { exhausted: () => false });
  }

  private expiry(): number {
    return Math.floor(Date.now() / 1000) + KEEP_SECONDS;
  }
}
