import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type PlacedCall, PlacedCallSchema } from '#core/calls.ts';
import { getRecord, type TableClient } from './dynamo.ts';
import { keys } from './table.ts';

/** Long past any call's end, for reports that come late. */
const KEEP_SECONDS = 8 * 86_400;

/**
 * The calls OneThread asked Amazon Connect to place (callbacks), under Connect's contact id: the
 * requests consumer records each as Connect answers, and the contact's reports (its events and
 * the outbound flow's lookup) find through it the customer, conversation and work item the call
 * is for, instead of whoever else has the dialled number.
 */
export class PlacedCallsRepo {
  constructor(private readonly table: TableClient) {}

  async placed(contactId: string, call: PlacedCall, at: Date): Promise<void> {
    const fields: Record<string, unknown> = {
      entity: 'placedCall',
      contactId,
      ...PlacedCallSchema.parse(call),
      placedAt: at.toISOString(),
      expiresAt: Math.floor(at.getTime() / 1000) + KEEP_SECONDS,
    };
    const names = Object.keys(fields);
    await this.table.doc.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: keys.placedCall(contactId),
        UpdateExpression: `SET ${names.map((name) => `#${name} = :${name}`).join(', ')}`,
        ExpressionAttributeNames: Object.fromEntries(names.map((name) => [`#${name}`, name])),
        ExpressionAttributeValues: Object.fromEntries(names.map((name) => [`:${name}`, fields[name]])),
      }),
    );
  }

  async byContact(contactId: string): Promise<PlacedCall | undefined> {
    return getRecord(this.table, keys.placedCall(contactId), (item) => PlacedCallSchema.parse(item));
  }
}
