import { randomUUID } from 'node:crypto';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  UpdateTableCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { localClientConfig } from '#local/emulators.ts';
import { ensureAuditTable, ensureTable } from '#local/provision.ts';
import { AUDIT_TABLE_KEYS, TABLE_KEYS } from '#store/table.ts';
import { dynamoEndpoint } from '../support/local-aws.ts';

describe('the local table', () => {
  const client = new DynamoDBClient(localClientConfig(dynamoEndpoint()));
  afterAll(() => client.destroy());
  const streamOf = async (tableName: string) =>
    (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table?.StreamSpecification;

  it('has the change stream live updates read, with both images', async () => {
    const tableName = `provision-${randomUUID().slice(0, 8)}`;
    await ensureTable(client, tableName);
    expect(await streamOf(tableName)).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });
  });

  it('turns the stream on for a table kept from before live updates', async () => {
    const tableName = `provision-${randomUUID().slice(0, 8)}`;
    await ensureTable(client, tableName);
    await client.send(
      new UpdateTableCommand({ TableName: tableName, StreamSpecification: { StreamEnabled: false } }),
    );
    expect((await streamOf(tableName))?.StreamEnabled).not.toBe(true);
    await ensureTable(client, tableName);
    expect(await streamOf(tableName)).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });
  });

  it('adds the indexes a table kept from an earlier version lacks', { timeout: 90_000 }, async () => {
    const tableName = `provision-${randomUUID().slice(0, 8)}`;
    // As tables were before customer search: the timeline and queue indexes only.
    const { timeline, queue } = TABLE_KEYS.indexes;
    const earlier = [timeline, queue];
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          'pk',
          'sk',
          ...earlier.flatMap((index) => [index.partitionKey, index.sortKey]),
        ].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: earlier.map((index) => ({
          IndexName: index.name,
          KeySchema: [
            { AttributeName: index.partitionKey, KeyType: 'HASH' as const },
            { AttributeName: index.sortKey, KeyType: 'RANGE' as const },
          ],
          Projection: { ProjectionType: 'ALL' as const },
        })),
      }),
    );
    await ensureTable(client, tableName);
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    expect((Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName).sort()).toEqual(
      Object.values(TABLE_KEYS.indexes)
        .map((index) => index.name)
        .sort(),
    );
  });
});

describe('the local audit table', () => {
  const client = new DynamoDBClient(localClientConfig(dynamoEndpoint()));
  afterAll(() => client.destroy());

  it('has the layout the CDK app declares: customer or day, by time, with the actor index', async () => {
    const tableName = `provision-audit-${randomUUID().slice(0, 8)}`;
    await ensureAuditTable(client, tableName);
    await ensureAuditTable(client, tableName);

    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const { actor } = AUDIT_TABLE_KEYS.indexes;
    expect(Table?.KeySchema).toEqual([
      { AttributeName: AUDIT_TABLE_KEYS.partitionKey, KeyType: 'HASH' },
      { AttributeName: AUDIT_TABLE_KEYS.sortKey, KeyType: 'RANGE' },
    ]);
    expect(Table?.GlobalSecondaryIndexes?.map((index) => [index.IndexName, index.KeySchema])).toEqual([
      [
        actor.name,
        [
          { AttributeName: actor.partitionKey, KeyType: 'HASH' },
          { AttributeName: actor.sortKey, KeyType: 'RANGE' },
        ],
      ],
    ]);
    expect(Table?.StreamSpecification?.StreamEnabled).not.toBe(true);
  });
});
