import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { type ChatSession, ChatSessionSchema } from '#core/chat-session.ts';
import { BoundedCache } from './bounded-cache.ts';
import { getRecord, type TableClient } from './dynamo.ts';
import { keys } from './table.ts';

const SESSION_TTL_SECONDS = 30 * 24 * 3600;

export class ChatSessionsRepo {
  /** Sessions never change once opened; a warm edge reads each one once. */
  private readonly cache = new BoundedCache<ChatSession>();

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
    const cached = this.cache.get(sessionId);
    if (cached) return cached;
    const session = await getRecord(this.table, keys.chatSession(sessionId), (item) =>
      ChatSessionSchema.parse(item),
    );
    if (session) this.cache.set(sessionId, session);
    return session;
  }
}
