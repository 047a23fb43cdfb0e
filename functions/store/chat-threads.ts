import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { TableClient } from './dynamo.ts';
import { keys } from './table.ts';

/** A little longer than a chat session lasts (30 days). */
const TTL_SECONDS = 31 * 24 * 3600;

/**
 * The chat threads (`chat:{sessionId}`) bound to each conversation: the live feed tells their
 * visitors of the conversation's agent typing and work item, which name only the conversation.
 */
export class ChatThreads {
  constructor(private readonly table: TableClient) {}

  /** Written when the thread is first bound, which happens once. */
  async add(conversationId: string, threadKey: string): Promise<void> {
    const expiresAt = Math.floor(Date.now() / 1000) + TTL_SECONDS;
    const key = keys.conversationChat(conversationId, threadKey);
    await this.table.doc.send(
      new PutCommand({
        TableName: this.table.tableName,
        Item: { ...key, entity: 'conversationChat', threadKey, conversationId, expiresAt },
      }),
    );
  }

  async of(conversationId: string): Promise<string[]> {
    const { Items } = await this.table.doc.send(
      new QueryCommand({
        TableName: this.table.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.conversationChat(conversationId, '').pk },
        ProjectionExpression: 'threadKey',
      }),
    );
    return (Items ?? []).map((item) => String(item.threadKey));
  }
}
