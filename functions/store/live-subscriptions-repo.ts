import { DeleteCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { isVisitor, type Listener, type Topic } from '#core/live-topics.ts';
import { getRecord, type TableClient } from './dynamo.ts';
import { keys } from './table.ts';
import { updateIfExists } from './writes.ts';

/** API Gateway closes a WebSocket connection after two hours; its items expire a little later. */
export const CONNECTION_TTL_SECONDS = 2 * 3600 + 300;

const ConnectionSchema = z.union([
  z.object({
    connectionId: z.string(),
    agentId: z.string(),
    isSupervisor: z.boolean(),
    topics: z.array(z.string()),
  }),
  z.object({ connectionId: z.string(), chatSessionId: z.string(), topics: z.array(z.string()) }),
]);
export type LiveConnection = z.infer<typeof ConnectionSchema>;

/**
 * Who listens to what. Each subscription is an item in its topic's partition, so a change
 * finds its listeners with one query; each connection has an item naming its topics, so a
 * disconnect (or a gone connection) removes exactly its own. Everything expires with the
 * connection's two-hour limit, so a missed disconnect leaves nothing behind for long.
 */
export class LiveSubscriptionsRepo {
  constructor(
    private readonly table: TableClient,
    private readonly now: () => Date,
  ) {}

  private expiresAt(): number {
    return Math.floor(this.now().getTime() / 1000) + CONNECTION_TTL_SECONDS;
  }

  async open(connectionId: string, listener: Listener): Promise<void> {
    await this.table.doc.send(
      new PutCommand({
        TableName: this.table.tableName,
        Item: {
          ...keys.liveConnection(connectionId),
          entity: 'liveConnection',
          connectionId,
          ...(isVisitor(listener)
            ? { chatSessionId: listener.chatSessionId }
            : { agentId: listener.agentId, isSupervisor: listener.isSupervisor }),
          topics: [],
          expiresAt: this.expiresAt(),
        },
      }),
    );
  }

  async get(connectionId: string): Promise<LiveConnection | undefined> {
    return getRecord(this.table, keys.liveConnection(connectionId), (item) => ConnectionSchema.parse(item));
  }

  /**
   * Makes `topics` the connection's whole subscription. The connection's item is updated first,
   * so a clean-up racing this still finds every subscription written after it.
   */
  async replaceTopics(connection: LiveConnection, topics: readonly Topic[]): Promise<'ok' | 'closed'> {
    const wanted = new Set(topics);
    const kept = new Set([...connection.topics, ...wanted]);
    if (!(await this.setTopics(connection.connectionId, [...kept]))) return 'closed';
    const expiresAt = this.expiresAt();
    const dropped = connection.topics.filter((topic) => !wanted.has(topic));
    await Promise.all([
      ...[...wanted].map((topic) =>
        this.table.doc.send(
          new PutCommand({
            TableName: this.table.tableName,
            Item: {
              ...keys.liveSubscription(topic, connection.connectionId),
              entity: 'liveSubscription',
              connectionId: connection.connectionId,
              expiresAt,
            },
          }),
        ),
      ),
      ...dropped.map((topic) => this.deleteSubscription(topic, connection.connectionId)),
    ]);
    if (dropped.length > 0) await this.setTopics(connection.connectionId, [...wanted]);
    return 'ok';
  }

  /** The open connections listening to a topic. */
  async listeners(topic: Topic): Promise<string[]> {
    const now = Math.floor(this.now().getTime() / 1000);
    const connections: string[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.table.doc.send(
        new QueryCommand({
          TableName: this.table.tableName,
          KeyConditionExpression: 'pk = :pk',
          // TTL deletes lazily: an expired subscription may still be there.
          FilterExpression: 'expiresAt > :now',
          ExpressionAttributeValues: { ':pk': keys.liveSubscription(topic, '').pk, ':now': now },
          ProjectionExpression: 'connectionId',
          ExclusiveStartKey,
        }),
      );
      for (const item of page.Items ?? []) connections.push(String(item.connectionId));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return connections;
  }

  /** Forgets a connection and all it listened to; closing one already gone is a no-op. */
  async close(connectionId: string): Promise<void> {
    const connection = await this.get(connectionId);
    if (!connection) return;
    await Promise.all(connection.topics.map((topic) => this.deleteSubscription(topic, connectionId)));
    await this.table.doc.send(
      new DeleteCommand({ TableName: this.table.tableName, Key: keys.liveConnection(connectionId) }),
    );
  }

  /** False when the connection is gone (closed meanwhile). */
  private async setTopics(connectionId: string, topics: string[]): Promise<boolean> {
    const set = await updateIfExists(this.table, {
      Key: keys.liveConnection(connectionId),
      UpdateExpression: 'SET topics = :topics',
      ExpressionAttributeValues: { ':topics': topics },
    });
    return set !== undefined;
  }

  private async deleteSubscription(topic: string, connectionId: string): Promise<void> {
    await this.table.doc.send(
      new DeleteCommand({
        TableName: this.table.tableName,
        Key: keys.liveSubscription(topic, connectionId),
      }),
    );
  }
}
