import { PutCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import {
  type AuditEntry,
  AuditEntrySchema,
  type AuditQuery,
  type AuditRecord,
  auditEntry,
} from '#core/audit.ts';
import { newId } from '#core/ids.ts';
import type { TableClient } from './dynamo.ts';
import { decodePageCursor, encodePageCursor } from './page-cursor.ts';
import { AUDIT_TABLE_KEYS, auditKeys } from './table.ts';

export interface AuditPage {
  entries: AuditEntry[];
  nextCursor?: string | undefined;
}

/** A cursor names the partition it pages through, so it cannot be replayed against another. */
const LAYOUT = [
  'pk',
  'sk',
  AUDIT_TABLE_KEYS.indexes.actor.partitionKey,
  AUDIT_TABLE_KEYS.indexes.actor.sortKey,
];

/**
 * The append-only access audit. Entries are only ever put, each under a new id and never over
 * another; erasure and every other clean-up leave this table alone.
 */
export class AuditLog {
  constructor(
    /** Unset where the function was given no audit table: every write then fails. */
    private readonly table: TableClient | undefined,
    private readonly now: () => Date,
  ) {}

  /** Stores one entry; a failure is thrown, never swallowed, so the request it audits fails too. */
  async record(record: AuditRecord): Promise<AuditEntry> {
    const table = this.requireTable();
    const at = this.now();
    const entry = auditEntry(record, newId('aud', at), at);
    const sort = auditKeys.sort(entry.at, entry.id);
    const actor = entry.actor.agentId
      ? auditKeys.agentPartition(entry.actor.agentId)
      : auditKeys.principalPartition(entry.actor.principal as string);
    await table.doc.send(
      new PutCommand({
        TableName: table.tableName,
        Item: {
          pk: entry.customerId
            ? auditKeys.customerPartition(entry.customerId)
            : auditKeys.dayPartition(entry.at),
          sk: sort,
          [AUDIT_TABLE_KEYS.indexes.actor.partitionKey]: actor,
          [AUDIT_TABLE_KEYS.indexes.actor.sortKey]: sort,
          ...entry,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return entry;
  }

  /**
   * A customer's entries (those an agent took, when both are given) or an agent's, newest
   * first, between `from` and `to` inclusive. Both are a Query of one partition, never a Scan.
   */
  async query(query: AuditQuery): Promise<AuditPage> {
    const table = this.requireTable();
    const { actor } = AUDIT_TABLE_KEYS.indexes;
    const byCustomer = query.customerId !== undefined;
    const partition = byCustomer
      ? auditKeys.customerPartition(query.customerId as string)
      : auditKeys.agentPartition(query.agentId as string);
    const [pkName, skName] = byCustomer ? ['pk', 'sk'] : [actor.partitionKey, actor.sortKey];
    const range = sortRange(query);
    const input: QueryCommandInput = {
      TableName: table.tableName,
      ...(byCustomer ? {} : { IndexName: actor.name }),
      KeyConditionExpression: `#pk = :pk${range.condition}`,
      ExpressionAttributeNames: { '#pk': pkName, ...(range.condition ? { '#sk': skName } : {}) },
      ExpressionAttributeValues: { ':pk': partition, ...range.values },
      ScanIndexForward: false,
      Limit: query.limit,
      ExclusiveStartKey: query.cursor ? decodePageCursor(query.cursor, partition) : undefined,
    };
    if (byCustomer && query.agentId) {
      input.FilterExpression = 'actor.agentId = :agent';
      input.ExpressionAttributeValues = { ...input.ExpressionAttributeValues, ':agent': query.agentId };
    }
    const { Items = [], LastEvaluatedKey } = await table.doc.send(new QueryCommand(input));
    return {
      entries: Items.map(toEntry),
      nextCursor: LastEvaluatedKey ? encodePageCursor(partition, LastEvaluatedKey) : undefined,
    };
  }

  private requireTable(): TableClient {
    // Failing closed: a function wired without the audit table must not serve what it audits.
    if (!this.table) throw new Error('no audit table is configured (AUDIT_TABLE_NAME)');
    return this.table;
  }
}

/** Sort keys are `<at>#<id>`: `~` sorts after every id character, so `to` is inclusive. */
function sortRange(query: AuditQuery): { condition: string; values: Record<string, string> } {
  const { from, to } = query;
  if (from && to)
    return { condition: ' AND #sk BETWEEN :from AND :to', values: { ':from': from, ':to': `${to}~` } };
  if (from) return { condition: ' AND #sk >= :from', values: { ':from': from } };
  if (to) return { condition: ' AND #sk <= :to', values: { ':to': `${to}~` } };
  return { condition: '', values: {} };
}

function toEntry(item: Record<string, unknown>): AuditEntry {
  const entry = { ...item };
  for (const attribute of LAYOUT) delete entry[attribute];
  return AuditEntrySchema.parse(entry);
}
