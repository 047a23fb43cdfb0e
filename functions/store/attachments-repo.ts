import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type AttachmentRecord, AttachmentRecordSchema } from '#core/attachments.ts';
import { getRecord, isConditionFailure, type TableClient } from './dynamo.ts';
import { keys } from './table.ts';

/** Attachment records by id: who a file belongs to, what it is, and whether it has arrived. */
export class AttachmentsRepo {
  constructor(private readonly table: TableClient) {}

  async create(record: AttachmentRecord): Promise<void> {
    await this.table.doc.send(
      new PutCommand({
        TableName: this.table.tableName,
        Item: { ...keys.attachment(record.attachmentId), entity: 'attachment', ...record },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async get(attachmentId: string): Promise<AttachmentRecord | undefined> {
    return getRecord(this.table, keys.attachment(attachmentId), (item) => AttachmentRecordSchema.parse(item));
  }

  /** Pending becomes stored once; a repeat (a retried message) finds it stored and is fine. */
  async markStored(attachmentId: string, at: string): Promise<void> {
    try {
      await this.table.doc.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.attachment(attachmentId),
          UpdateExpression: 'SET #state = :stored, storedAt = :at',
          ConditionExpression: 'attribute_exists(pk) AND #state = :pending',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':stored': 'stored', ':pending': 'pending', ':at': at },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
}
