import type { DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient, type SQSClientConfig } from '@aws-sdk/client-sqs';
import type { RetryPolicy } from '#channels/common/provider-http.ts';
import { createSenders } from '#channels/senders.ts';
import type { AppDeps } from '#deps/app.ts';
import { IngestQueue } from '#queue/ingest-queue.ts';
import type { AppConfig } from '#shared/config.ts';
import type { SecretSource } from '#shared/secrets.ts';
import { secretsManagerSecrets } from '#shared/secrets-manager.ts';
import { AuditLog } from '#store/audit-log.ts';
import { ChatSessionsRepo } from '#store/chat-sessions-repo.ts';
import { ConversationsRepo } from '#store/conversations-repo.ts';
import { CustomerSplitter } from '#store/customer-split.ts';
import { CustomersRepo } from '#store/customers-repo.ts';
import { type CapacityMeter, createTableClient } from '#store/dynamo.ts';
import { TimelineRepo } from '#store/timeline-repo.ts';
import { WorkItemsRepo } from '#store/work-items-repo.ts';

export interface ClientOptions {
  dynamo?: DynamoDBClientConfig;
  sqs?: SQSClientConfig;
  meter?: CapacityMeter;
  /** How provider calls are retried; tests shorten the pauses. */
  providerRetry?: RetryPolicy;
}

/** The composition root: every handler's dependencies, from a function's configuration. */
export function createDeps(loaded: AppConfig, clients: ClientOptions = {}): AppDeps {
  const clock = { now: () => new Date() };
  const config = { ...loaded, secrets: secretSource(loaded) };
  const table = createTableClient(config.tableName, clients.dynamo, clients.meter);
  const sqs = new SQSClient(clients.sqs ?? {});
  const customers = new CustomersRepo(table, clock.now);
  const conversations = new ConversationsRepo(table);
  const timeline = new TimelineRepo(table, loaded.retention, clock.now);
  return {
    config,
    table,
    sqs,
    customers,
    splitter: new CustomerSplitter(table, customers, conversations, timeline, clock.now),
    conversations,
    timeline,
    workItems: new WorkItemsRepo(table),
    chatSessions: new ChatSessionsRepo(table),
    ingestQueue: new IngestQueue(sqs, config.ingestQueueUrl),
    audit: new AuditLog(
      config.auditTableName ? { doc: table.doc, tableName: config.auditTableName } : undefined,
      clock.now,
    ),
    senders: createSenders(config.channels, config.secrets, clients.providerRetry),
    clock,
  };
}

/** In the cloud the credentials come from Secrets Manager; locally from the environment. */
function secretSource(config: AppConfig): SecretSource {
  if (!Object.values(config.secretIds).some(Boolean)) return config.secrets;
  return secretsManagerSecrets(new SecretsManagerClient({}), config.secretIds, config.secrets);
}
