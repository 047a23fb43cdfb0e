import type { SQSClient } from '@aws-sdk/client-sqs';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { RoutingEvent } from '#core/routing/index.ts';
import { createTableClient, isConditionFailure, type TableClient } from '#store/dynamo.ts';
import { keys } from '#store/table.ts';
import { loadRoutingSettings } from './config.ts';
import type { PartitionMap } from './partitions.ts';
import { RoutingQueues } from './routing-queue.ts';

/** Connect disconnects an open task after 7 days; a day more covers late and repeated events. */
const KEEP_SECONDS = 8 * 86_400;

/**
 * The tasks OneThread started in Amazon Connect for work items, under each task's contact id.
 * Two reports meet here, in either order: the requests consumer's (the task started, for this
 * work item) and the contact events' (the task ended). Whichever arrives second ends the work
 * item, so an end reported before the start is not lost; an end of a task we never started is
 * kept until it expires and ends nothing. Repeats send the same routing event, which the engine
 * ignores once the item is closed.
 */
export class ConnectTasks {
  constructor(
    private readonly table: TableClient,
    private readonly routing: {
      publish(event: RoutingEvent, dedupeKey: string, partition: string): Promise<void>;
    },
    private readonly partitions: Pick<PartitionMap, 'ofQueue'>,
  ) {}

  /** The requests consumer started the task: record its contact id on the item and link them. */
  async started(workItemId: string, contactId: string, at: Date): Promise<void> {
    await this.recordOnItem(workItemId, contactId, at.toISOString());
    const link = await this.link(contactId, 'SET workItemId = :workItem', { ':workItem': workItemId }, at);
    if (link.endedAt) await this.end(workItemId, contactId);
  }

  /** Connect reported the task contact completed or disconnected. Returns whether it is ours. */
  async ended(contactId: string, at: Date): Promise<boolean> {
    const link = await this.link(contactId, 'SET endedAt = if_not_exists(endedAt, :at)', {}, at);
    if (typeof link.workItemId !== 'string') return false;
    await this.end(link.workItemId, contactId);
    return true;
  }

  /** Tells the partition of the item's queue (read off the item) that its task ended. */
  private async end(workItemId: string, contactId: string): Promise<void> {
    const { Item } = await this.table.doc.send(
      new GetCommand({
        TableName: this.table.tableName,
        Key: keys.workItem(workItemId),
        ProjectionExpression: 'queueId',
      }),
    );
    const partition = this.partitions.ofQueue(String(Item?.queueId ?? ''));
    await this.routing.publish(
      { type: 'connectTaskEnded', workItemId },
      `connect-task-ended:${contactId}`,
      partition,
    );
  }

  private async link(
    contactId: string,
    update: string,
    values: Record<string, unknown>,
    at: Date,
  ): Promise<Record<string, unknown>> {
    const { Attributes } = await this.table.doc.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: keys.connectTask(contactId),
        UpdateExpression: `${update}, entity = :entity, contactId = :contact, updatedAt = :at, expiresAt = :expires`,
        ExpressionAttributeValues: {
          ...values,
          ':at': at.toISOString(),
          ':entity': 'connectTask',
          ':contact': contactId,
          ':expires': Math.floor(at.getTime() / 1000) + KEEP_SECONDS,
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return Attributes ?? {};
  }

  /** The contact id on the item, and once in its routing log beside the handoff. */
  private async recordOnItem(workItemId: string, contactId: string, at: string): Promise<void> {
    try {
      await this.table.doc.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.workItem(workItemId),
          UpdateExpression:
            'SET connectContactId = :contact, routingLog = list_append(if_not_exists(routingLog, :empty), :entry)',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(connectContactId)',
          ExpressionAttributeValues: {
            ':contact': contactId,
            ':empty': [],
            ':entry': [{ at, type: 'connectTaskStarted', workItemId, contactId }],
          },
        }),
      );
    } catch (error) {
      // Recorded by an earlier delivery, or an item the table does not hold (tests, simulations).
      if (!isConditionFailure(error)) throw error;
    }
  }
}

/**
 * The links of a function that has the table and the routing queue (the Connect functions), on
 * its table client when it has one already.
 */
export function connectTasks(
  sqs: SQSClient,
  env: Record<string, string | undefined>,
  table?: TableClient,
): ConnectTasks | undefined {
  if (!env.TABLE_NAME) return undefined;
  const settings = loadRoutingSettings(env);
  const routing = new RoutingQueues(sqs, { events: settings.eventsQueueUrl });
  return new ConnectTasks(table ?? createTableClient(env.TABLE_NAME), routing, settings.partitions);
}
