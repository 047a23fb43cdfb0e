import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { TableClient } from './dynamo.ts';
import { keys } from './table.ts';

type Board = 'routingQueues' | 'routingWaits';

const KEY_OF: Record<Board, (partition: string) => { pk: string; sk: string }> = {
  routingQueues: keys.routingQueues,
  routingWaits: keys.routingWaits,
};

/**
 * A routing partition's boards, one item each, written whole by the engine's process and read by
 * whoever shows them: what each queue holds (`routingQueues`) and every open item's place in line
 * (`routingWaits`).
 */
export class RoutingBoards {
  constructor(
    private readonly table: TableClient,
    private readonly partition: string,
  ) {}

  async put(board: Board, fields: Record<string, unknown>): Promise<void> {
    await this.table.doc.send(
      new PutCommand({
        TableName: this.table.tableName,
        Item: { ...KEY_OF[board](this.partition), entity: board, ...fields },
      }),
    );
  }

  /** The board as last written; undefined before the first write. */
  async get(board: Board): Promise<Record<string, unknown> | undefined> {
    const { Item } = await this.table.doc.send(
      new GetCommand({ TableName: this.table.tableName, Key: KEY_OF[board](this.partition) }),
    );
    return Item;
  }
}
