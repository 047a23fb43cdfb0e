import type { SQSClient } from '@aws-sdk/client-sqs';
import type { RoutingEvent } from '#core/routing/index.ts';
import { ConnectTasksRepo } from '#store/connect-tasks-repo.ts';
import { createTableClient, type TableClient } from '#store/dynamo.ts';
import { WorkItemsRepo } from '#store/work-items-repo.ts';
import { loadRoutingSettings } from './config.ts';
import type { PartitionMap } from './partitions.ts';
import { RoutingQueues } from './routing-queue.ts';

/**
 * The tasks OneThread started in Amazon Connect for work items, under each task's contact id.
 * Two reports meet here, in either order: the requests consumer's (the task started, for this
 * work item) and the contact events' (the task ended). Whichever arrives second ends the work
 * item, so an end reported before the start is not lost; an end of a task we never started is
 * kept until it expires and ends nothing. Repeats send the same routing event, which the engine
 * ignores once the item is closed.
 */
export class ConnectTasks {
  private readonly links: ConnectTasksRepo;
  private readonly workItems: WorkItemsRepo;

  constructor(
    table: TableClient,
    private readonly routing: {
      publish(event: RoutingEvent, dedupeKey: string, partition: string): Promise<void>;
    },
    private readonly partitions: Pick<PartitionMap, 'ofQueue'>,
  ) {
    this.links = new ConnectTasksRepo(table);
    this.workItems = new WorkItemsRepo(table);
  }

  /** The requests consumer started the task: record its contact id on the item and link them. */
  async started(workItemId: string, contactId: string, at: Date): Promise<void> {
    await this.workItems.recordConnectTask(workItemId, contactId, at.toISOString());
    const link = await this.links.started(contactId, workItemId, at);
    if (link.endedAt) await this.end(workItemId, contactId);
  }

  /** Connect reported the task contact completed or disconnected. Returns whether it is ours. */
  async ended(contactId: string, at: Date): Promise<boolean> {
    const link = await this.links.ended(contactId, at);
    if (typeof link.workItemId !== 'string') return false;
    await this.end(link.workItemId, contactId);
    return true;
  }

  /** Tells the partition of the item's queue (read off the item) that its task ended. */
  private async end(workItemId: string, contactId: string): Promise<void> {
    const item = await this.workItems.raw(workItemId, 'queueId');
    const partition = this.partitions.ofQueue(String(item?.queueId ?? ''));
    await this.routing.publish(
      { type: 'connectTaskEnded', workItemId },
      `connect-task-ended:${contactId}`,
      partition,
    );
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
