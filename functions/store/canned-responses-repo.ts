import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { type CannedResponse, CannedResponseSchema } from '#core/canned-responses.ts';
import { queryAll, type TableClient } from './dynamo.ts';
import { keys, withoutLayout } from './table.ts';

/** The canned responses supervisors share with agents, by response id. */
export class CannedResponsesRepo {
  constructor(private readonly table: TableClient) {}

  async put(response: CannedResponse): Promise<void> {
    await this.table.doc.send(
      new PutCommand({
        TableName: this.table.tableName,
        Item: { ...keys.cannedResponse(response.responseId), entity: 'cannedResponse', ...response },
      }),
    );
  }

  /** True when there was one to delete. */
  async delete(responseId: string): Promise<boolean> {
    const { Attributes } = await this.table.doc.send(
      new DeleteCommand({
        TableName: this.table.tableName,
        Key: keys.cannedResponse(responseId),
        ReturnValues: 'ALL_OLD',
      }),
    );
    return Attributes !== undefined;
  }

  async list(): Promise<CannedResponse[]> {
    const items = await queryAll(this.table, {
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.cannedResponsesPartition() },
    });
    return items.map((item) => CannedResponseSchema.parse(withoutLayout(item)));
  }
}
