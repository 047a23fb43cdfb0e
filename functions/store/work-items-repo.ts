import { gunzipSync } from 'node:zlib';
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { CallbackRequest } from '#core/callback-request.ts';
import { type WorkItem, WorkItemSchema } from '#core/model.ts';
import type { WorkItemStore } from '#core/ports.ts';
import { countFirstResponse } from '#shared/business-metrics.ts';
import { getRecord, type TableClient } from './dynamo.ts';
import { decodePageCursor, encodePageCursor } from './page-cursor.ts';
import { keys, TABLE_KEYS, withoutLayout } from './table.ts';
import { newItem, transactIf, unlessConditionFails, updateIfExists } from './writes.ts';

/** Zero-padded so the queue index sorts by priority (high first), then by wait. */
export function queueSortKey(item: WorkItem): string {
  return `${String(10 - item.priority).padStart(2, '0')}#${item.enqueuedAt}#${item.workItemId}`;
}

/** What the first-response figure needs of an item. */
const TimedItemSchema = WorkItemSchema.pick({ queueId: true, channel: true, enqueuedAt: true });

export class WorkItemsRepo implements WorkItemStore {
  constructor(private readonly table: TableClient) {}

  async open(item: WorkItem): Promise<{ opened: boolean }> {
    // Already opened by an earlier delivery, or the conversation has its item: nothing to do.
    const opened = await transactIf(this.table, [
      newItem(this.table, {
        ...keys.workItem(item.workItemId),
        entity: 'workItem',
        gsi2pk: keys.queuePartition(item.queueId),
        gsi2sk: queueSortKey(item),
        ...item,
      }),
      {
        Update: {
          TableName: this.table.tableName,
          Key: keys.conversation(item.conversationId),
          UpdateExpression: 'SET openWorkItemId = :item',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(openWorkItemId)',
          ExpressionAttributeValues: { ':item': item.workItemId },
        },
      },
    ]);
    return { opened };
  }

  /**
   * Notes the first agent response, once (a redelivered or later reply finds it set), and counts
   * its time from the enqueue for the queue's first-response figure.
   */
  async markFirstResponse(workItemId: string, at: string): Promise<void> {
    const updated = await updateIfExists(this.table, {
      Key: keys.workItem(workItemId),
      UpdateExpression: 'SET firstResponseAt = :at',
      ConditionExpression: 'attribute_not_exists(firstResponseAt)',
      ExpressionAttributeValues: { ':at': at },
      ReturnValues: 'ALL_NEW',
    });
    if (!updated) return;
    const item = TimedItemSchema.safeParse(updated);
    if (!item.success) return;
    const seconds = Math.max(0, (Date.parse(at) - Date.parse(item.data.enqueuedAt)) / 1000);
    countFirstResponse(item.data.queueId, item.data.channel, seconds);
  }

  /**
   * The items a queue holds that no agent has taken yet (waiting or offered), in service order:
   * highest priority first, then longest waiting. A page at a time, through the queue index.
   */
  async waiting(queueId: string, page: { limit: number; cursor?: string | undefined }) {
    const { Items = [], LastEvaluatedKey } = await this.table.doc.send(
      new QueryCommand({
        TableName: this.table.tableName,
        IndexName: TABLE_KEYS.indexes.queue.name,
        KeyConditionExpression: '#queue = :queue',
        FilterExpression: '#state IN (:queued, :offered)',
        ExpressionAttributeNames: { '#queue': TABLE_KEYS.indexes.queue.partitionKey, '#state': 'state' },
        ExpressionAttributeValues: {
          ':queue': keys.queuePartition(queueId),
          ':queued': 'queued',
          ':offered': 'offered',
        },
        Limit: page.limit,
        ExclusiveStartKey: page.cursor ? decodePageCursor(page.cursor, queueId) : undefined,
      }),
    );
    return {
      items: Items.flatMap((item) => {
        const parsed = WorkItemSchema.safeParse(withoutLayout(item));
        return parsed.success ? [parsed.data] : [];
      }),
      cursor: LastEvaluatedKey ? encodePageCursor(queueId, LastEvaluatedKey) : undefined,
    };
  }

  /** The agent's note on what was done, for whoever picks the customer up next. */
  async recordWrapUp(workItemId: string, wrapUp: NonNullable<WorkItem['wrapUp']>): Promise<void> {
    // An item only the router knows (no stored record) has nowhere to keep a note.
    await updateIfExists(this.table, {
      Key: keys.workItem(workItemId),
      UpdateExpression: 'SET wrapUp = :wrapUp',
      ExpressionAttributeValues: { ':wrapUp': wrapUp },
    });
  }

  /** Appends what the agent passing the item on left for the next one; earlier notes stay. */
  async addTransferNote(
    workItemId: string,
    entry: NonNullable<WorkItem['transferNotes']>[number],
  ): Promise<void> {
    // As with a wrap-up note: an item with no stored record has nowhere to keep it.
    await updateIfExists(this.table, {
      Key: keys.workItem(workItemId),
      UpdateExpression: 'SET transferNotes = list_append(if_not_exists(transferNotes, :empty), :entry)',
      ExpressionAttributeValues: { ':empty': [], ':entry': [entry] },
    });
  }

  /**
   * Lists a call on the item it joined, once, and only when the item is of the call's conversation:
   * a call recorded elsewhere (another customer's number, a conversation closed since) joins nothing.
   */
  async joinCall(workItemId: string, interactionId: string, conversationId: string): Promise<void> {
    await updateIfExists(this.table, {
      Key: keys.workItem(workItemId),
      UpdateExpression: 'SET #calls = list_append(if_not_exists(#calls, :empty), :call)',
      ConditionExpression: 'conversationId = :conversation AND NOT contains(#calls, :id)',
      ExpressionAttributeNames: { '#calls': 'callInteractionIds' },
      ExpressionAttributeValues: {
        ':empty': [],
        ':call': [interactionId],
        ':id': interactionId,
        ':conversation': conversationId,
      },
    });
  }

  /**
   * Keeps a callback request on the item while it still waits (queued or on offer), so it keeps its
   * place and the call is placed when an agent accepts it. `taken` when an agent already has it (or
   * it is closed or with Connect), `already` when a callback was asked for before (the first stands).
   */
  async requestCallback(
    workItemId: string,
    request: CallbackRequest,
  ): Promise<'recorded' | 'already' | 'taken'> {
    const update = this.table.doc.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: keys.workItem(workItemId),
        UpdateExpression: 'SET callback = :callback',
        ConditionExpression:
          'attribute_exists(pk) AND #state IN (:queued, :offered) AND attribute_not_exists(callback)',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':callback': request, ':queued': 'queued', ':offered': 'offered' },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return unlessConditionFails(
      update.then(() => 'recorded' as const),
      (failure) => ((failure as { Item?: Record<string, unknown> }).Item?.callback ? 'already' : 'taken'),
    );
  }

  /** Every routing decision taken on the item, oldest first, with offer explanations. */
  async routingLog(workItemId: string): Promise<unknown[]> {
    const { Item } = await this.table.doc.send(
      new GetCommand({
        TableName: this.table.tableName,
        Key: keys.workItem(workItemId),
        ProjectionExpression: 'routingLog, workItemId, customerId, conversationId, channel',
      }),
    );
    const lines = (Item?.routingLog as Array<Record<string, unknown>> | undefined) ?? [];
    const { workItemId: _log, routingLog: _lines, ...item } = Item ?? {};
    return lines.map((line) => withOffer(line, { workItemId, ...item }));
  }

  get(workItemId: string): Promise<WorkItem | undefined> {
    return getRecord(this.table, keys.workItem(workItemId), (item) => WorkItemSchema.parse(item));
  }

  /** The item as stored, every attribute (what routing's effects read back); undefined when unknown. */
  async raw(workItemId: string, projection?: string): Promise<Record<string, unknown> | undefined> {
    const { Item } = await this.table.doc.send(
      new GetCommand({
        TableName: this.table.tableName,
        Key: keys.workItem(workItemId),
        ProjectionExpression: projection,
      }),
    );
    return Item;
  }

  /**
   * Carries one routing log entry's change onto the item: its fields, its log lines, and the
   * entry's version, only if no later entry was applied. The item as it now is when asked for
   * (`returnItem`); `skipped` (with the item as it was, when `returnSkipped`) when the entry was
   * applied already, or the table does not hold the item (simulations).
   */
  async applyRouting(
    workItemId: string,
    change: RoutingChange,
    options: { returnItem: boolean; returnSkipped: boolean },
  ): Promise<{ item?: Record<string, unknown>; skipped?: Record<string, unknown> | true }> {
    const names: Record<string, string> = { '#log': 'routingLog' };
    const values: Record<string, unknown> = {
      ':entries': change.log,
      ':empty': [],
      ':at': change.at,
      ':v': change.version,
    };
    const sets = [
      '#log = list_append(if_not_exists(#log, :empty), :entries)',
      'updatedAt = :at',
      'routingVersion = :v',
    ];
    for (const [name, value] of Object.entries(change.set)) {
      names[`#${name}`] = name;
      values[`:${name}`] = value;
      sets.push(`#${name} = :${name}`);
    }
    const removed = [...change.remove];
    const update = this.table.doc.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: keys.workItem(workItemId),
        UpdateExpression: `SET ${sets.join(', ')}${removed.length ? ` REMOVE ${removed.join(', ')}` : ''}`,
        ConditionExpression:
          'attribute_exists(pk) AND (attribute_not_exists(routingVersion) OR routingVersion < :v)',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValues: options.returnItem ? 'ALL_NEW' : undefined,
        ReturnValuesOnConditionCheckFailure: options.returnSkipped ? 'ALL_OLD' : undefined,
      }),
    );
    return unlessConditionFails(
      update.then(({ Attributes }) => ({ item: Attributes })),
      (failure) => ({ skipped: (failure as { Item?: Record<string, unknown> }).Item ?? true }),
    );
  }

  /** The Amazon Connect task started for the item, once, and a line in its routing log beside the handoff. */
  async recordConnectTask(workItemId: string, contactId: string, at: string): Promise<void> {
    // Recorded by an earlier delivery, or an item the table does not hold (tests, simulations).
    await updateIfExists(this.table, {
      Key: keys.workItem(workItemId),
      UpdateExpression:
        'SET connectContactId = :contact, routingLog = list_append(if_not_exists(routingLog, :empty), :entry)',
      ConditionExpression: 'attribute_not_exists(connectContactId)',
      ExpressionAttributeValues: {
        ':contact': contactId,
        ':empty': [],
        ':entry': [{ at, type: 'connectTaskStarted', workItemId, contactId }],
      },
    });
  }

  /** The item follows its conversation to another customer (an unmerge). */
  async moveToCustomer(workItemId: string, customerId: string): Promise<void> {
    await updateIfExists(this.table, {
      Key: keys.workItem(workItemId),
      UpdateExpression: 'SET customerId = :to',
      ExpressionAttributeValues: { ':to': customerId },
    });
  }

  /** Notes that the waiting customer was seen now, unless they were within `everyMs`; false then. */
  async noteCustomerSeen(workItemId: string, nowMs: number, everyMs: number): Promise<boolean> {
    const noted = await updateIfExists(this.table, {
      Key: keys.workItem(workItemId),
      UpdateExpression: 'SET customerSeenMs = :now',
      ConditionExpression: 'attribute_not_exists(customerSeenMs) OR customerSeenMs < :due',
      ExpressionAttributeValues: { ':now': nowMs, ':due': nowMs - everyMs },
    });
    return noted !== undefined;
  }

  async forgetCustomerSeen(workItemId: string): Promise<void> {
    await updateIfExists(this.table, {
      Key: keys.workItem(workItemId),
      UpdateExpression: 'REMOVE customerSeenMs',
    });
  }

  /** Sets a once-only marker on the item (a notice sent); false when it is set already or there is no item. */
  async claimMarker(workItemId: string, marker: string, value: unknown): Promise<boolean> {
    const claimed = await updateIfExists(this.table, {
      Key: keys.workItem(workItemId),
      UpdateExpression: 'SET #marker = :value',
      ConditionExpression: 'attribute_not_exists(#marker)',
      ExpressionAttributeNames: { '#marker': marker },
      ExpressionAttributeValues: { ':value': value },
    });
    return claimed !== undefined;
  }

  /** Gives a marker back, so a retry may claim it again (an item gone meanwhile has none to give). */
  async releaseMarker(workItemId: string, marker: string): Promise<void> {
    await updateIfExists(this.table, {
      Key: keys.workItem(workItemId),
      UpdateExpression: 'REMOVE #marker',
      ExpressionAttributeNames: { '#marker': marker },
    });
  }
}

/** What one routing log entry changes on an item: fields set and removed, log lines, its version. */
export interface RoutingChange {
  set: Record<string, string | number>;
  remove: Iterable<string>;
  log: Array<Record<string, unknown>>;
  version: number;
  at: string;
}

/**
 * An offer's line keeps its explanation compressed beside the offer, and leaves out what the
 * item says itself; the log shows the whole offer.
 */
function withOffer(line: Record<string, unknown>, item: Record<string, unknown>): Record<string, unknown> {
  if (!(line.explanation instanceof Uint8Array)) return line;
  const { explanation, ...rest } = line;
  const offer = { ...item, ...(rest.offer as Record<string, unknown>) };
  return { ...rest, offer: { ...offer, explanation: JSON.parse(gunzipSync(explanation).toString('utf8')) } };
}
