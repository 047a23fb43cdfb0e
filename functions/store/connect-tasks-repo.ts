import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { TableClient } from './dynamo.ts';
import { keys } from './table.ts';

/** Connect disconnects an open task after 7 days; a day more covers late and repeated events. */
const KEEP_SECONDS = 8 * 86_400;

/**
 * The link between an Amazon Connect task and the work item it was started for, under the task's
 * contact id. Either half may be written first; each write answers the link as it now is.
 */
export class ConnectTasksRepo {
  constructor(private readonly table: TableClient) {}

  /** The task was started for the work item. */
  started(contactId: string, workItemId: string, at: Date): Promise<Record<string, unknown>> {
    return this.link(contactId, 'SET workItemId = :workItem', { ':workItem': workItemId }, at);
  }

  /** Connect reported the task ended; the first report's time stands. */
  ended(contactId: string, at: Date): Promise<Record<string, unknown>> {
    return this.link(contactId, 'SET endedAt = if_not_exists(endedAt, :at)', {}, at);
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
}
