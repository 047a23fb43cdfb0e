import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { DeflectionAnswer } from '#core/deflection.ts';
import type { TableClient } from './dynamo.ts';
import { keys } from './table.ts';
import { putIfAbsent } from './writes.ts';

export interface RecordedDeflection extends DeflectionAnswer {
  at: string;
}

/** A chat session's one answer to the articles it was offered. */
export class DeflectionsRepo {
  constructor(private readonly table: TableClient) {}

  /** True when the session accepted this client message id (the message that was held). */
  async accepted(sessionId: string, clientMessageId: string): Promise<boolean> {
    const { Item } = await this.table.doc.send(
      new GetCommand({
        TableName: this.table.tableName,
        Key: keys.chatAcceptance(sessionId, clientMessageId),
        ConsistentRead: true,
      }),
    );
    return Item !== undefined;
  }

  /** Keeps the first answer only; a repeat (or a change of mind) gets the first one back. */
  async record(
    sessionId: string,
    answer: RecordedDeflection,
    expiresAt: number,
  ): Promise<{ first: boolean; answer: RecordedDeflection }> {
    const item = { ...keys.chatDeflection(sessionId), entity: 'chatDeflection', ...answer, expiresAt };
    if (await putIfAbsent(this.table, item)) return { first: true, answer };
    const { Item } = await this.table.doc.send(
      new GetCommand({
        TableName: this.table.tableName,
        Key: keys.chatDeflection(sessionId),
        ConsistentRead: true,
      }),
    );
    const { clientMessageId, outcome, articleId, at } = (Item ?? answer) as RecordedDeflection;
    return { first: false, answer: { clientMessageId, outcome, articleId, at } };
  }
}
