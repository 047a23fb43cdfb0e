import type { DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient, type SQSClientConfig } from '@aws-sdk/client-sqs';
import type { RetryPolicy } from '#channels/common/provider-http.ts';
import { createSenders } from '#channels/senders.ts';
import type { IngestDeps } from '#core/ingest.ts';
import type { LanguageDeps, LanguageDetector } from '#core/message-language.ts';
import type { Provider } from '#core/model.ts';
import type { BlobStore, ChannelSender } from '#core/ports.ts';
import type { ReplyDeps } from '#core/replies.ts';
import { IngestQueue } from '#queue/ingest-queue.ts';
import { AuditLog } from '#store/audit-log.ts';
import { ChatSessionsRepo } from '#store/chat-sessions-repo.ts';
import { ContactReads } from '#store/contact-reads.ts';
import { ConversationsRepo } from '#store/conversations-repo.ts';
import { CustomerEraser } from '#store/customer-erasure.ts';
import { CustomerSplitter } from '#store/customer-split.ts';
import { CustomersRepo } from '#store/customers-repo.ts';
import { type CapacityMeter, createTableClient, type TableClient } from '#store/dynamo.ts';
import { LanguageRepo } from '#store/language-repo.ts';
import { TimelineRepo } from '#store/timeline-repo.ts';
import { WorkItemsRepo } from '#store/work-items-repo.ts';
import type { AppConfig } from './config.ts';
import type { SecretSource } from './secrets.ts';
import { secretsManagerSecrets } from './secrets-manager.ts';

/** Everything a handler talks to, built once per cold start (or once per local runtime). */
export interface AppDeps {
  config: AppConfig;
  table: TableClient;
  sqs: SQSClient;
  customers: CustomersRepo;
  /** Splits a merged customer apart again. */
  splitter: CustomerSplitter;
  conversations: ConversationsRepo;
  timeline: TimelineRepo;
  workItems: WorkItemsRepo;
  chatSessions: ChatSessionsRepo;
  ingestQueue: IngestQueue;
  /** The access audit: append-only, in its own table. */
  audit: AuditLog;
  /** The providers' send APIs (Graph API, X API, Twilio), for agents' replies. */
  senders: Record<Provider, ChannelSender>;
  clock: { now(): Date };
}

export interface ClientOptions {
  dynamo?: DynamoDBClientConfig;
  sqs?: SQSClientConfig;
  meter?: CapacityMeter;
  /** How provider calls are retried; tests shorten the pauses. */
  providerRetry?: RetryPolicy;
}

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

/** `detect` labels customers' messages with their language: only the ingest consumer needs it. */
export function ingestDeps(deps: AppDeps, detect?: LanguageDetector): IngestDeps {
  return {
    customers: deps.customers,
    conversations: deps.conversations,
    timeline: deps.timeline,
    workItems: deps.workItems,
    reader: new ContactReads(deps.table, () => deps.clock.now()),
    clock: deps.clock,
    policy: deps.config.conversationPolicy,
    routingRules: deps.config.routingRules,
    defaultCountry: deps.config.defaultCountry,
    language: languageDeps(deps, detect),
  };
}

function languageDeps(deps: AppDeps, detect: LanguageDetector | undefined): LanguageDeps | undefined {
  const settings = deps.config.language;
  if (!settings) return undefined;
  const defaults = { defaultLanguage: settings.defaultLanguage, queues: settings.queueLanguages };
  return { memory: new LanguageRepo(deps.table), defaults, detect };
}

/**
 * Erases customer records, deleting their files from the store given (only starting a job needs
 * none). Cached translations can
 * be in any language agents read: those translation is offered in, the agents' default, the
 * queues' and the company's.
 */
export function customerEraser(deps: AppDeps, blobs?: BlobStore): CustomerEraser {
  const language = deps.config.language;
  const agentLanguages = language
    ? [
        ...language.translation.languages,
        language.translation.agentLanguage,
        ...Object.values(language.queueLanguages),
        ...(language.defaultLanguage ? [language.defaultLanguage] : []),
      ]
    : [];
  return new CustomerEraser(deps.table, deps.customers, blobs, {
    agentLanguages: [...new Set(agentLanguages)],
    clock: deps.clock.now,
  });
}

export function replyDeps(deps: AppDeps): ReplyDeps {
  return {
    customers: deps.customers,
    conversations: deps.conversations,
    timeline: deps.timeline,
    senders: deps.senders,
    clock: deps.clock,
    whatsappTemplates: deps.config.whatsappTemplates,
    whatsappPhoneNumberId: deps.config.whatsappPhoneNumberId,
  };
}

/**
 * A Lambda entry point whose dependencies are built from the environment on first use, so the
 * module can be imported (by tests, the local runtime, the CDK app) without an environment.
 */
export function lazyHandler<E, C, R>(build: () => (event: E, context: C) => Promise<R>) {
  let built: ((event: E, context: C) => Promise<R>) | undefined;
  return (event: E, context: C): Promise<R> => {
    built ??= build();
    return built(event, context);
  };
}
