import { PutCommand } from '@aws-sdk/lib-dynamodb';
import {
  type ChatAcceptance,
  ChatAcceptanceSchema,
  type ChatSession,
  ChatSessionSchema,
} from '#core/chat-session.ts';
import { BoundedCache } from './bounded-cache.ts';
import { getRecord, type TableClient } from './dynamo.ts';
import { keys } from './table.ts';
import { putIfAbsent } from './writes.ts';

const SESSION_TTL_SECONDS = 30 * 24 * 3600;

/** Chat sessions, and which client message ids each has accepted. */
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
          expiresAt: expiryOf(session),
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

  /**
   * Records this acceptance of a client message id unless the session has one already, and
   * answers the one that counts: the first. Copies racing each other all get the winner's.
   */
  async accept(session: ChatSession, acceptance: ChatAcceptance): Promise<ChatAcceptance> {
    const key = keys.chatAcceptance(session.sessionId, acceptance.clientMessageId);
    // Kept as long as the session: no copy can arrive once the session is gone.
    const item = { ...key, entity: 'chatAcceptance', ...acceptance, expiresAt: expiryOf(session) };
    if (await putIfAbsent(this.table, item)) return acceptance;
    const first = await getRecord(this.table, key, (item) => ChatAcceptanceSchema.parse(item));
    if (!first) throw new Error(`the acceptance ${key.sk} of ${session.sessionId} expired while being read`);
    return first;
  }
}

export function expiryOf(session: ChatSession): number {
  return Math.floor(Date.parse(session.createdAt) / 1000) + SESSION_TTL_SECONDS;
}
