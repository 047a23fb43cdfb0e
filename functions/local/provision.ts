import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceNotFoundException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { receivesToOutlast } from '#queue/backoff.ts';
import { AUDIT_TABLE_KEYS, TABLE_KEYS } from '#store/table.ts';

const STREAM = { StreamEnabled: true, StreamViewType: TABLE_KEYS.streamView };

type Index = (typeof TABLE_KEYS.indexes)[keyof typeof TABLE_KEYS.indexes];

function indexDefinition(index: Index) {
  return {
    IndexName: index.name,
    KeySchema: [
      { AttributeName: index.partitionKey, KeyType: 'HASH' as const },
      { AttributeName: index.sortKey, KeyType: 'RANGE' as const },
    ],
    Projection: { ProjectionType: index.projection },
  };
}

/** Waits for an index being built to be active (DynamoDB Local takes its time under load). */
async function indexActive(client: DynamoDBClient, tableName: string, indexName: string): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const index = Table?.GlobalSecondaryIndexes?.find((candidate) => candidate.IndexName === indexName);
    if (index?.IndexStatus === 'ACTIVE') return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`index ${indexName} of ${tableName} did not become active within a minute`);
}

/**
 * Creates the single table exactly as the CDK app declares it, unless it already exists; a
 * table kept from an earlier version gets its change stream turned on and the indexes it lacks
 * (one at a time, as DynamoDB allows).
 */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (!Table?.StreamSpecification?.StreamEnabled) {
      await client.send(new UpdateTableCommand({ TableName: tableName, StreamSpecification: STREAM }));
    }
    const present = new Set((Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
    const missing = Object.values(TABLE_KEYS.indexes).filter((index) => !present.has(index.name));
    for (const [n, index] of missing.entries()) {
      // DynamoDB builds one new index at a time: the next waits for this one.
      if (n > 0) await indexActive(client, tableName, missing[n - 1]?.name as string);
      await client.send(
        new UpdateTableCommand({
          TableName: tableName,
          AttributeDefinitions: [index.partitionKey, index.sortKey].map((name) => ({
            AttributeName: name,
            AttributeType: 'S',
          })),
          GlobalSecondaryIndexUpdates: [{ Create: indexDefinition(index) }],
        }),
      );
    }
    return;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  const indexes = Object.values(TABLE_KEYS.indexes);
  const attributes = [
    TABLE_KEYS.partitionKey,
    TABLE_KEYS.sortKey,
    ...indexes.flatMap((index) => [index.partitionKey, index.sortKey]),
  ];
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: STREAM,
      AttributeDefinitions: attributes.map((name) => ({ AttributeName: name, AttributeType: 'S' })),
      KeySchema: [
        { AttributeName: TABLE_KEYS.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE_KEYS.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: indexes.map(indexDefinition),
    }),
  );
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: TABLE_KEYS.timeToLive, Enabled: true },
    }),
  );
}

/** Creates the access audit's table exactly as the CDK app declares it, unless it already exists. */
export async function ensureAuditTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  const { actor } = AUDIT_TABLE_KEYS.indexes;
  const keySchema = (partitionKey: string, sortKey: string) => [
    { AttributeName: partitionKey, KeyType: 'HASH' as const },
    { AttributeName: sortKey, KeyType: 'RANGE' as const },
  ];
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        AUDIT_TABLE_KEYS.partitionKey,
        AUDIT_TABLE_KEYS.sortKey,
        actor.partitionKey,
        actor.sortKey,
      ].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
      KeySchema: keySchema(AUDIT_TABLE_KEYS.partitionKey, AUDIT_TABLE_KEYS.sortKey),
      GlobalSecondaryIndexes: [
        {
          IndexName: actor.name,
          KeySchema: keySchema(actor.partitionKey, actor.sortKey),
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    }),
  );
}

export interface QueuePair {
  queueUrl: string;
  deadLetterQueueUrl: string;
}

/**
 * A work queue and its dead-letter queue, redriven after `maxReceiveCount` failed receives; by
 * default as many as the consumers' backoff needs to outlast an outage, as on AWS.
 */
export async function ensureQueueWithDlq(
  sqs: SQSClient,
  name: string,
  options: { maxReceiveCount?: number; visibilityTimeoutSeconds: number; fifo?: boolean },
): Promise<QueuePair> {
  const fifo: Record<string, string> = options.fifo ? { FifoQueue: 'true' } : {};
  const suffix = options.fifo ? '.fifo' : '';
  const dlq = await sqs.send(
    new CreateQueueCommand({
      QueueName: `${name}-dlq${suffix}`,
      Attributes: { MessageRetentionPeriod: '1209600', ...fifo },
    }),
  );
  const deadLetterQueueUrl = dlq.QueueUrl as string;
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: deadLetterQueueUrl, AttributeNames: ['QueueArn'] }),
  );
  const queue = await sqs.send(
    new CreateQueueCommand({
      QueueName: `${name}${suffix}`,
      Attributes: {
        ...fifo,
        VisibilityTimeout: String(options.visibilityTimeoutSeconds),
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: Attributes?.QueueArn,
          maxReceiveCount: options.maxReceiveCount ?? receivesToOutlast(),
        }),
      },
    }),
  );
  return { queueUrl: queue.QueueUrl as string, deadLetterQueueUrl };
}

/** A queue's ARN, which the pollers put on each record as Lambda's event source does. */
export async function arnOf(sqs: SQSClient, queueUrl: string): Promise<string> {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
  );
  // The emulator always answers one; without it, the queue's own name keeps the ARN its own.
  return Attributes?.QueueArn ?? `arn:aws:sqs:us-east-1:000000000000:${queueUrl.split('/').pop()}`;
}
