import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createDeps } from '#app/create-deps.ts';
import type { RetryPolicy } from '#channels/common/provider-http.ts';
import { DEFAULT_ROUTING_RULES } from '#core/entry-points.ts';
import type { SendingDeps } from '#deps/app.ts';
import { localClientConfig, localSqsConfig } from '#local/emulators.ts';
import { ensureAuditTable, ensureQueueWithDlq, ensureTable } from '#local/provision.ts';
import { type AppConfig, DEFAULT_CHANNEL_SETTINGS } from '#shared/config.ts';
import { staticSecrets } from '#shared/secrets.ts';
import type { CapacityMeter } from '#store/dynamo.ts';

export function dynamoEndpoint(): string {
  const endpoint = process.env.ONETHREAD_TEST_DYNAMODB_ENDPOINT;
  if (!endpoint) throw new Error('DynamoDB Local is not running: tests start it in test/global-setup.ts');
  return endpoint;
}

export function sqsEndpoint(): string {
  const endpoint = process.env.ONETHREAD_TEST_SQS_ENDPOINT;
  if (!endpoint) throw new Error('the SQS emulator is not running: tests start it in test/global-setup.ts');
  return endpoint;
}

export interface TestStack extends SendingDeps {
  deadLetterQueueUrl: string;
}

/** A fresh table and ingest queue (with DLQ) in the shared emulators, wired into real deps. */
export async function createTestStack(
  overrides: Partial<AppConfig> = {},
  options: { meter?: CapacityMeter; maxReceiveCount?: number; providerRetry?: RetryPolicy } = {},
): Promise<TestStack> {
  const suffix = randomUUID().slice(0, 8);
  const dynamo = localClientConfig(dynamoEndpoint());
  const sqsConfig = localSqsConfig(sqsEndpoint());
  const tableName = `onethread-test-${suffix}`;
  const ddb = new DynamoDBClient(dynamo);
  const sqs = new SQSClient(sqsConfig);
  const auditTableName = `onethread-test-audit-${suffix}`;
  await Promise.all([ensureTable(ddb, tableName), ensureAuditTable(ddb, auditTableName)]);
  const queues = await ensureQueueWithDlq(sqs, `ingest-${suffix}`, {
    maxReceiveCount: options.maxReceiveCount ?? 3,
    visibilityTimeoutSeconds: 1,
  });
  ddb.destroy();
  sqs.destroy();
  const config: AppConfig = {
    tableName,
    auditTableName,
    ingestQueueUrl: queues.queueUrl,
    defaultCountry: 'US',
    conversationPolicy: { quietSeconds: 86_400 },
    routingRules: DEFAULT_ROUTING_RULES,
    channels: DEFAULT_CHANNEL_SETTINGS,
    secrets: staticSecrets({}),
    secretIds: {},
    ...overrides,
  };
  const deps = createDeps(config, {
    dynamo,
    sqs: sqsConfig,
    meter: options.meter,
    providerRetry: options.providerRetry,
  });
  return { ...deps, deadLetterQueueUrl: queues.deadLetterQueueUrl };
}
