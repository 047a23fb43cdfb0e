import { PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { TypingSide } from '#core/typing.ts';
import { getRecord, type TableClient } from './dynamo.ts';
import { keys } from './table.ts';

const TypingRecordSchema = z.object({ until: z.iso.datetime({ offset: true }) });

/**
 * Who is typing in a conversation: one small item per side, overwritten by each signal. The
 * customer's item names the customer, so its change reaches the console as a live notice.
 */
export class TypingRepo {
  constructor(private readonly table: TableClient) {}

  async record(conversationId: string, side: TypingSide, customerId: string, until: string): Promise<void> {
    await this.table.doc.send(
      new PutCommand({
        TableName: this.table.tableName,
        Item: {
          ...keys.typing(conversationId, side),
          entity: 'typing',
          conversationId,
          customerId,
          until,
          // Readers ignore a passed spell; the TTL only clears the table of it.
          expiresAt: Math.ceil(Date.parse(until) / 1000) + 60,
        },
      }),
    );
  }

  async until(conversationId: string, side: TypingSide): Promise<string | undefined> {
    const record = await getRecord(this.table, keys.typing(conversationId, side), (item) =>
      TypingRecordSchema.parse(item),
    );
    return record?.until;
  }
}
