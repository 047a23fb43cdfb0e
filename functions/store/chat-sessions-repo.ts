import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { type ChatSession, ChatSessionSchema } from '#core/chat-session.ts';
import type { TableClient } from './dynamo.ts';
import { keys, withoutLayout } from './table.ts';

const SESSION_TTL_SECONDS = 30 * 24 * 3600;

export class ChatSessionsRepo {
  constructor(private readonly table: TableClient) {}

  async create(session: ChatSession): Promise<void> {
    await this.table.doc.send(
      new PutCommand({
        TableName: this.table.tableName,
        Item: {
          ...keys.chatSession(session.sessionId),
          entity: 'chatSession',
          ...session,
          expiresAt: Math.floor(Date.parse(session.createdAt) / 1000) + SESSION_TTL_SECONDS,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async get(sessionId: string): Promise<ChatSession | undefined> {
    const { Item } = await this.table.doc.send(
      new GetCommand({ TableName: this.table.tableName, Key: keys.chatSession(sessionId) }),
    );
    return Item ? ChatSessionSchema.parse(withoutLayout(Item)) : undefined;
  }
}
