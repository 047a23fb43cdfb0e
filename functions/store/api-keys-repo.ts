import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { type ApiKey, ApiKeySchema } from '#core/api-keys.ts';
import { getRecord, queryAll, type TableClient } from './dynamo.ts';
import { keys, withoutLayout } from './table.ts';
import { updateIfExists } from './writes.ts';

/** Events API keys, by key id. */
export class ApiKeysRepo {
  constructor(private readonly table: TableClient) {}

  async create(key: ApiKey): Promise<void> {
    await this.table.doc.send(
      new PutCommand({
        TableName: this.table.tableName,
        Item: { ...keys.apiKey(key.keyId), entity: 'apiKey', ...key },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  get(keyId: string): Promise<ApiKey | undefined> {
    return getRecord(this.table, keys.apiKey(keyId), (item) => ApiKeySchema.parse(item));
  }

  async list(): Promise<ApiKey[]> {
    const items = await queryAll(this.table, {
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.apiKeysPartition() },
      ConsistentRead: true,
    });
    return items.map((item) => ApiKeySchema.parse(withoutLayout(item)));
  }

  /**
   * Marks the key revoked; the record stays, so the timeline's entries still name a key that
   * can be looked up. Undefined when there is no such key; a second revoke keeps the first's time.
   */
  async revoke(keyId: string, by: string, at: Date): Promise<ApiKey | undefined> {
    const revoked = await updateIfExists(this.table, {
      Key: keys.apiKey(keyId),
      UpdateExpression:
        'SET revokedAt = if_not_exists(revokedAt, :at), revokedBy = if_not_exists(revokedBy, :by)',
      ExpressionAttributeValues: { ':at': at.toISOString(), ':by': by },
      ReturnValues: 'ALL_NEW',
    });
    return revoked ? ApiKeySchema.parse(withoutLayout(revoked)) : undefined;
  }
}
