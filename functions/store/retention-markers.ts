import type { AttributeValue, DynamoDBRecord } from 'aws-lambda';
import { InteractionSchema } from '#core/model.ts';
import { removedEntry } from '#core/retention.ts';
import { logger } from '#shared/observability.ts';
import type { TableClient } from './dynamo.ts';
import { keys, TTL_DELETION_IDENTITY } from './table.ts';
import { putIfAbsent } from './writes.ts';

const INTERACTION_PREFIX = keys.interaction('').pk;

/** The entry's own attributes a marker keeps: where and when it was, never what it said. */
const KEPT = [
  'interactionId',
  'customerId',
  'conversationId',
  'channel',
  'direction',
  'kind',
  'at',
  'providerMessageId',
  'threadKey',
  'recordedAt',
] as const;

function isTtlRemoval(record: DynamoDBRecord): boolean {
  const identity = record.userIdentity as { type?: unknown; principalId?: unknown } | undefined;
  return (
    record.eventName === 'REMOVE' &&
    identity?.type === TTL_DELETION_IDENTITY.type &&
    identity.principalId === TTL_DELETION_IDENTITY.principalId &&
    Boolean(record.dynamodb?.Keys?.pk?.S?.startsWith(INTERACTION_PREFIX))
  );
}

/** The marker that stands in for a deleted timeline entry, from the item as it was. */
function markerOf(image: Record<string, AttributeValue>): Record<string, unknown> | undefined {
  const text = (name: string) => image[name]?.S;
  const fields = Object.fromEntries(KEPT.flatMap((name) => (text(name) ? [[name, text(name)]] : [])));
  const parsed = InteractionSchema.safeParse({ ...fields, attachments: [] });
  const expiresAt = Number(image.expiresAt?.N);
  const [pk, sk, gsi1pk, gsi1sk] = ['pk', 'sk', 'gsi1pk', 'gsi1sk'].map(text);
  if (!parsed.success || !Number.isFinite(expiresAt) || !pk || !sk || !gsi1pk || !gsi1sk) return undefined;
  // No expiresAt: the marker is kept until the customer is erased.
  return { pk, sk, entity: 'interaction', gsi1pk, gsi1sk, ...removedEntry(parsed.data, expiresAt * 1000) };
}

/**
 * Keeps a trace of each timeline entry DynamoDB's TTL deleted, so the timeline shows it as
 * removed instead of silently missing. Reads the table stream's REMOVE records (old images).
 */
export class RetentionMarkers {
  constructor(private readonly table: TableClient) {}

  /** Writes a marker for every TTL deletion of a timeline entry among the records; idempotent. */
  async record(records: readonly DynamoDBRecord[]): Promise<void> {
    for (const record of records.filter(isTtlRemoval)) {
      const marker = markerOf(record.dynamodb?.OldImage ?? {});
      if (!marker) {
        logger.warn('no retention marker for a deleted entry', { pk: record.dynamodb?.Keys?.pk?.S });
        continue;
      }
      await this.put(marker);
    }
  }

  private async put(marker: Record<string, unknown>): Promise<void> {
    // A redelivered record finds its marker already there.
    await putIfAbsent(this.table, marker);
  }
}
