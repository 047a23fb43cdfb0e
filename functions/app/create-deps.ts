import type { DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient, type SQSClientConfig } from '@aws-sdk/client-sqs';
import type { RetryPolicy } from '#channels/common/provider-http.ts';
import { createSenders } from '#channels/senders.ts';
import type { AppDeps, SendingDeps } from '#deps/app.ts';
import { IngestQueue } from '#queue/ingest-queue.ts';
import type { AppConfig } from '#shared/config.ts';
import type { SecretSource } from '#shared/secrets.ts';
import { secretsManagerSecrets } from '#shared/secrets-manager.ts';
import { AuditLog } from '#store/audit-log.ts';
import { ChatSessionsRepo } from '#store/chat-sessions-repo.ts';
import { ConversationsRepo } from '#store/conversations-repo.ts';
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

/**
 * The composition root: a function's dependencies from its configuration, with the providers'
 * send APIs for the functions that send (`appDeps` for the others, whose bundles then leave the
 * provider clients out).
 */
export function createDeps(loaded: AppConfig, clients: ClientOptions = {}): SendingDeps {
  const deps = appDeps(loaded, clients);
  return {
    ...deps,
    senders: createSenders(deps.config.channels, deps.config.secrets, clients.providerRetry),
  };
}

export function appDeps(loaded: AppConfig, clients: ClientOptions = {}): AppDeps {
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
    conversations,
    timeline,
    workItems: new WorkItemsRepo(table),
    chatSessions: new ChatSessionsRepo(table),
    ingestQueue: new IngestQueue(sqs, config.ingestQueueUrl),
    audit: new AuditLog(
      config.auditTableName ? { doc: table.doc, tableName: config.auditTableName } : undefined,
      clock.now,
    ),
    clock,
  };
}

/** In the cloud the credentials come from Secrets Manager; locally from the environment. */
function secretSource(config: AppConfig): SecretSource {
  if (!Object.values(config.secretIds).some(Boolean)) return config.secrets;
  return secretsManagerSecrets(new SecretsManagerClient({}), config.secretIds, config.secrets);
}
