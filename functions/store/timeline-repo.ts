import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { DeliveryState } from '#core/delivery.ts';
import {
  type Channel,
  type DeliveryEvent,
  DeliveryEventSchema,
  type Interaction,
  InteractionSchema,
} from '#core/model.ts';
import type { AppendOutcome, SplitGuard, TimelineStore } from '#core/ports.ts';
import {
  entryExpiresAt,
  isExpired,
  KEEP_EVERYTHING,
  type RetentionPolicy,
  removedEntry,
} from '#core/retention.ts';
import { decodeCursor, encodeCursor, type PartitionBounds } from '#core/timeline-cursor.ts';
import { cancellationReasons, getRecord, type TableClient } from './dynamo.ts';
import { keys, TABLE_KEYS, withoutLayout } from './table.ts';
import { putIfAbsent, updateIf } from './writes.ts';

const { timeline: TIMELINE_INDEX } = TABLE_KEYS.indexes;

/** Held status reports outlive any plausible race with the write they wait for. */
const HELD_DELIVERY_SECONDS = 7 * 24 * 3600;
const HeldDeliveriesSchema = z.array(DeliveryEventSchema);

/** Holds a write to a customer as read: not split (unmerged) or merged away since. */
function splitCheck(table: TableClient, guard: SplitGuard) {
  return {
    ConditionCheck: {
      TableName: table.tableName,
      Key: keys.customer(guard.customerId),
      ConditionExpression:
        'attribute_not_exists(mergedInto) AND (splitVersion = :split OR (attribute_not_exists(splitVersion) AND :split = :zero))',
      ExpressionAttributeValues: { ':split': guard.splitVersion, ':zero': 0 },
    },
  };
}

/** An interaction as stored; with `expiresAt` (epoch seconds) DynamoDB's TTL deletes it then. */
export function interactionItem(interaction: Interaction, expiresAt?: number): Record<string, unknown> {
  return {
    ...keys.interaction(interaction.interactionId),
    entity: 'interaction',
    gsi1pk: keys.timelinePartition(interaction.customerId),
    gsi1sk: keys.timelineSort(interaction.at, interaction.interactionId),
    ...interaction,
    ...(expiresAt === undefined ? {} : { expiresAt }),
  };
}

/**
 * A stored interaction as the timeline shows it. TTL deletes lag expiry by up to two days, so
 * an entry past its `expiresAt` already reads as removed.
 */
export function interactionOf(item: Record<string, unknown>, now: Date): Interaction {
  const interaction = InteractionSchema.parse(withoutLayout(item));
  // A marker is read through the same filter: nothing written onto it later (a late delivery
  // or call report) shows.
  if (interaction.removed) return removedEntry(interaction, interaction.removed.at);
  if (!isExpired(item.expiresAt, now)) return interaction;
  return removedEntry(interaction, item.expiresAt * 1000);
}

export interface TimelinePage {
  items: Interaction[];
  nextCursor?: string | undefined;
}

export interface TimelineQuery {
  limit: number;
  cursor?: string | undefined;
  channel?: Channel | undefined;
}

interface PartitionResult {
  owner: string;
  items: { sortKey: string; interaction: Interaction }[];
  more: boolean;
}

/** Interactions, stored once each and read as one newest-first timeline per customer. */
export class TimelineRepo implements TimelineStore {
  /** `retention` decides when new entries expire; none keeps them forever. */
  constructor(
    private readonly table: TableClient,
    private readonly retention: RetentionPolicy = KEEP_EVERYTHING,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async get(interactionId: string): Promise<Interaction | undefined> {
    const { Item } = await this.table.doc.send(
      new GetCommand({
        TableName: this.table.tableName,
        Key: keys.interaction(interactionId),
        ConsistentRead: true,
      }),
    );
    return Item ? interactionOf(Item, this.now()) : undefined;
  }

  async append(interaction: Interaction, guard?: SplitGuard): Promise<AppendOutcome> {
    const item = interactionItem(interaction, entryExpiresAt(this.retention, interaction));
    if (!guard) return (await putIfAbsent(this.table, item)) ? 'appended' : 'exists';
    const put = {
      TableName: this.table.tableName,
      Item: item,
      ConditionExpression: 'attribute_not_exists(pk)',
    };
    try {
      await this.table.doc.send(
        new TransactWriteCommand({ TransactItems: [{ Put: put }, splitCheck(this.table, guard)] }),
      );
      return 'appended';
    } catch (error) {
      // Which part failed says why: the entry is there already, or the customer was split.
      const reasons = cancellationReasons(error);
      if (reasons?.[0] === 'ConditionalCheckFailed') return 'exists';
      if (reasons?.[1] === 'ConditionalCheckFailed') return 'split';
      throw error;
    }
  }

  async setDelivery(
    interactionId: string,
    delivery: DeliveryState,
    expectedHistoryLength: number,
  ): Promise<boolean> {
    const values: Record<string, unknown> = {
      ':status': delivery.status,
      ':history': delivery.history,
    };
    let update = 'SET deliveryStatus = :status, deliveryHistory = :history';
    if (delivery.reason !== undefined) {
      update += ', deliveryReason = :reason';
      values[':reason'] = delivery.reason;
    }
    let condition = 'attribute_exists(pk) AND attribute_not_exists(deliveryHistory)';
    if (expectedHistoryLength > 0) {
      condition = 'size(deliveryHistory) = :expected';
      values[':expected'] = expectedHistoryLength;
    }
    const written = await updateIf(this.table, {
      Key: keys.interaction(interactionId),
      UpdateExpression: update,
      ConditionExpression: condition,
      ExpressionAttributeValues: values,
    });
    return written !== undefined;
  }

  async holdDelivery(interactionId: string, event: DeliveryEvent): Promise<void> {
    await this.table.doc.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: keys.heldDelivery(interactionId),
        UpdateExpression:
          'SET updates = list_append(if_not_exists(updates, :none), :event), expiresAt = :expires, entity = :entity',
        ExpressionAttributeValues: {
          ':none': [],
          ':event': [event],
          ':expires': Math.floor(Date.now() / 1000) + HELD_DELIVERY_SECONDS,
          ':entity': 'heldDelivery',
        },
      }),
    );
  }

  async heldDeliveries(interactionId: string): Promise<DeliveryEvent[]> {
    const held = await getRecord(this.table, keys.heldDelivery(interactionId), (item) =>
      HeldDeliveriesSchema.parse(item.updates ?? []),
    );
    return held ?? [];
  }

  async recent(owners: readonly string[], channel: Channel, limit: number): Promise<Interaction[]> {
    return (await this.query(owners, { limit, channel })).items;
  }

  /**
   * Newest first across every customer id that makes up this customer (after merges). The cursor
   * remembers, per id, the last entry handed out, so pages never repeat or skip an entry.
   */
  async query(owners: readonly string[], query: TimelineQuery): Promise<TimelinePage> {
    const bounds: PartitionBounds = query.cursor ? decodeCursor(query.cursor) : {};
    const active = owners.filter((owner) => bounds[owner] !== null);
    const results = await Promise.all(
      active.map((owner) =>
        this.readPartition(owner, bounds[owner] ?? undefined, query.limit, query.channel, owners),
      ),
    );
    const merged = results
      .flatMap((result) => result.items.map((item) => ({ ...item, owner: result.owner })))
      .sort((a, b) => b.sortKey.localeCompare(a.sortKey))
      .slice(0, query.limit);

    const next: PartitionBounds = { ...bounds };
    let more = false;
    for (const result of results) {
      const taken = merged.filter((item) => item.owner === result.owner);
      const last = taken.at(-1);
      if (last) next[result.owner] = last.sortKey;
      const left = result.more || taken.length < result.items.length;
      if (!left) next[result.owner] = null;
      more ||= left;
    }
    return {
      items: merged.map((item) => item.interaction),
      nextCursor: more ? encodeCursor(next) : undefined,
    };
  }

  /** Every interaction bound to a thread key (a chat session), oldest first. */
  async thread(owners: readonly string[], threadKey: string, max = 500): Promise<Interaction[]> {
    const all: Interaction[] = [];
    for (const owner of owners) {
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await this.table.doc.send(
          new QueryCommand({
            TableName: this.table.tableName,
            IndexName: TIMELINE_INDEX.name,
            KeyConditionExpression: '#pk = :pk',
            FilterExpression: 'threadKey = :thread',
            ExpressionAttributeNames: { '#pk': TIMELINE_INDEX.partitionKey },
            ExpressionAttributeValues: { ':pk': keys.timelinePartition(owner), ':thread': threadKey },
            ScanIndexForward: true,
            ExclusiveStartKey: startKey,
          }),
        );
        for (const item of page.Items ?? []) all.push(interactionOf(item, this.now()));
        startKey = page.LastEvaluatedKey;
      } while (startKey && all.length < max);
    }
    return all.sort((a, b) => a.at.localeCompare(b.at)).slice(0, max);
  }

  private async readPartition(
    owner: string,
    before: string | undefined,
    limit: number,
    channel: Channel | undefined,
    owners: readonly string[],
  ): Promise<PartitionResult> {
    const items: PartitionResult['items'] = [];
    let startKey: Record<string, unknown> | undefined;
    const names: Record<string, string> = { '#pk': TIMELINE_INDEX.partitionKey };
    const values: Record<string, unknown> = { ':pk': keys.timelinePartition(owner) };
    if (before) {
      names['#sk'] = TIMELINE_INDEX.sortKey;
      values[':before'] = before;
    }
    if (channel) values[':channel'] = channel;
    do {
      const page = await this.table.doc.send(
        new QueryCommand({
          TableName: this.table.tableName,
          IndexName: TIMELINE_INDEX.name,
          KeyConditionExpression: before ? '#pk = :pk AND #sk < :before' : '#pk = :pk',
          FilterExpression: channel ? 'channel = :channel' : undefined,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ScanIndexForward: false,
          Limit: limit + 1,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) {
        const interaction = interactionOf(item, this.now());
        // A copy whose original this timeline also reads would show one merge twice.
        if (interaction.mirrorOf && owners.includes(interaction.mirrorOf)) continue;
        items.push({ sortKey: String(item[TIMELINE_INDEX.sortKey]), interaction });
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey && items.length <= limit);
    return { owner, items: items.slice(0, limit + 1), more: Boolean(startKey) };
  }
}
