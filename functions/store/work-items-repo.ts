import { gunzipSync } from 'node:zlib';
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { CallbackRequest } from '#core/callback-request.ts';
import { type WorkItem, WorkItemSchema } from '#core/model.ts';
import type { WorkItemStore } from '#core/ports.ts';
import { countFirstResponse } from '#shared/business-metrics.ts';
import { getRecord, isConditionFailure, type TableClient } from './dynamo.ts';
import { decodePageCursor, encodePageCursor } from './page-cursor.ts';
import { keys, TABLE_KEYS, withoutLayout } from './table.ts';

/** Zero-padded so the queue index sorts by priority (high first), then by wait. */
export function queueSortKey(item: WorkItem): string {
  return `${String(10 - item.priority).padStart(2, '0')}#${item.enqueuedAt}#${item.workItemId}`;
}

/** What the first-response figure needs of an item. */
const TimedItemSchema = WorkItemSchema.pick({ queueId: true, channel: true, enqueuedAt: true });

export class WorkItemsRepo implements WorkItemStore {
  constructor(private readonly table: TableClient) {}

  async open(item: WorkItem): Promise<{ opened: boolean }> {
    try {
      await this.table.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.table.tableName,
                Item: {
                  ...keys.workItem(item.workItemId),
                  entity: 'workItem',
                  gsi2pk: keys.queuePartition(item.queueId),
                  gsi2sk: queueSortKey(item),
                  ...item,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Update: {
                TableName: this.table.tableName,
                Key: keys.conversation(item.conversationId),
                UpdateExpression: 'SET openWorkItemId = :item',
                ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(openWorkItemId)',
                ExpressionAttributeValues: { ':item': item.workItemId },
              },
            },
          ],
        }),
      );
      return { opened: true };
    } catch (error) {
      // Already opened by an earlier delivery, or the conversation has its item: nothing to do.
      if (isConditionFailure(error)) return { opened: false };
      throw error;
    }
  }

  /**
   * Notes the first agent response, once (a redelivered or later reply finds it set), and counts
   * its time from the enqueue for the queue's first-response figure.
   */
  async markFirstResponse(workItemId: string, at: string): Promise<void> {
    try {
      const { Attributes } = await this.table.doc.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.workItem(workItemId),
          UpdateExpression: 'SET firstResponseAt = :at',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(firstResponseAt)',
          ExpressionAttributeValues: { ':at': at },
          ReturnValues: 'ALL_NEW',
        }),
      );
      const item = TimedItemSchema.safeParse(Attributes);
      if (!item.success) return;
      const seconds = Math.max(0, (Date.parse(at) - Date.parse(item.data.enqueuedAt)) / 1000);
      countFirstResponse(item.data.queueId, item.data.channel, seconds);
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
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
    try {
      await this.table.doc.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.workItem(workItemId),
          UpdateExpression: 'SET wrapUp = :wrapUp',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':wrapUp': wrapUp },
        }),
      );
    } catch (error) {
      // An item only the router knows (no stored record) has nowhere to keep a note.
      if (!isConditionFailure(error)) throw error;
    }
  }

  /** Appends what the agent passing the item on left for the next one; earlier notes stay. */
  async addTransferNote(
    workItemId: string,
    entry: NonNullable<WorkItem['transferNotes']>[number],
  ): Promise<void> {
    try {
      await this.table.doc.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.workItem(workItemId),
          UpdateExpression: 'SET transferNotes = list_append(if_not_exists(transferNotes, :empty), :entry)',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':empty': [], ':entry': [entry] },
        }),
      );
    } catch (error) {
      // As with a wrap-up note: an item with no stored record has nowhere to keep it.
      if (!isConditionFailure(error)) throw error;
    }
  }

  /**
   * Lists a call on the item it joined, once, and only when the item is of the call's conversation:
   * a call recorded elsewhere (another customer's number, a conversation closed since) joins nothing.
   */
  async joinCall(workItemId: string, interactionId: string, conversationId: string): Promise<void> {
    try {
      await this.table.doc.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.workItem(workItemId),
          UpdateExpression: 'SET #calls = list_append(if_not_exists(#calls, :empty), :call)',
          ConditionExpression:
            'attribute_exists(pk) AND conversationId = :conversation AND NOT contains(#calls, :id)',
          ExpressionAttributeNames: { '#calls': 'callInteractionIds' },
          ExpressionAttributeValues: {
            ':empty': [],
            ':call': [interactionId],
            ':id': interactionId,
            ':conversation': conversationId,
          },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
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
    try {
      await this.table.doc.send(
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
      return 'recorded';
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const item = (error as { Item?: Record<string, unknown> }).Item;
      return item?.callback ? 'already' : 'taken';
    }
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
