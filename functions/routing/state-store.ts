import { gunzipSync, gzipSync } from 'node:zlib';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { RoutingSnapshot } from '#core/routing/index.ts';
import { isConditionFailure, type TableClient } from '#store/dynamo.ts';
import { keys } from '#store/table.ts';

export interface StoredRoutingState {
  snapshot: RoutingSnapshot | undefined;
  version: number;
  /** The snapshot as stored, so that saving an unchanged state can be skipped. */
  json?: string | undefined;
}

export class RoutingStateConflict extends Error {
  constructor(partition: string) {
    super(`routing state of ${partition} changed concurrently`);
    this.name = 'RoutingStateConflict';
  }
}

const stateKey = keys.routingState;

/**
 * The routing engine's state for one partition, as one versioned item. Every change is a
 * conditional write on the version read, so two routers racing can never both apply a
 * decision: the loser reloads and decides again. Compressed, because an item holds 400 KB.
 */
export class RoutingStateStore {
  constructor(
    private readonly table: TableClient,
    readonly partition = 'default',
  ) {}

  async load(): Promise<StoredRoutingState> {
    const { Item } = await this.table.doc.send(
      new GetCommand({
        TableName: this.table.tableName,
        Key: stateKey(this.partition),
        ConsistentRead: true,
      }),
    );
    if (!Item) return { snapshot: undefined, version: 0 };
    const json = gunzipSync(Item.state as Uint8Array).toString('utf8');
    return { snapshot: JSON.parse(json) as RoutingSnapshot, version: Number(Item.version), json };
  }

  /**
   * Saves `snapshot` over the version read. A state identical to the one read (`loadedJson`) is
   * not written again: a sweep that found nothing overdue, a definition repeated unchanged.
   */
  async save(snapshot: RoutingSnapshot, expectedVersion: number, loadedJson?: string): Promise<number> {
    const json = JSON.stringify(snapshot);
    if (json === loadedJson) return expectedVersion;
    const version = expectedVersion + 1;
    try {
      await this.table.doc.send(
        new PutCommand({
          TableName: this.table.tableName,
          Item: {
            ...stateKey(this.partition),
            entity: 'routingState',
            version,
            updatedAt: new Date().toISOString(),
            state: gzipSync(json),
          },
          ConditionExpression: expectedVersion === 0 ? 'attribute_not_exists(pk)' : 'version = :expected',
          ExpressionAttributeValues: expectedVersion === 0 ? undefined : { ':expected': expectedVersion },
        }),
      );
      return version;
    } catch (error) {
      if (isConditionFailure(error)) throw new RoutingStateConflict(this.partition);
      throw error;
    }
  }
}
