import type { SQSClient } from '@aws-sdk/client-sqs';
import type { IngestDeps } from '#core/ingest.ts';
import type { LanguageDeps, LanguageDetector } from '#core/message-language.ts';
import type { Provider } from '#core/model.ts';
import type { BlobStore, ChannelSender } from '#core/ports.ts';
import type { ReplyDeps } from '#core/replies.ts';
import type { IngestQueue } from '#queue/ingest-queue.ts';
import type { AppConfig } from '#shared/config.ts';
import type { AuditLog } from '#store/audit-log.ts';
import type { ChatSessionsRepo } from '#store/chat-sessions-repo.ts';
import { ContactReads } from '#store/contact-reads.ts';
import type { ConversationsRepo } from '#store/conversations-repo.ts';
import { CustomerEraser } from '#store/customer-erasure.ts';
import { CustomerSplitter } from '#store/customer-split.ts';
import type { CustomersRepo } from '#store/customers-repo.ts';
import type { TableClient } from '#store/dynamo.ts';
import { LanguageRepo } from '#store/language-repo.ts';
import type { TimelineRepo } from '#store/timeline-repo.ts';
import type { WorkItemsRepo } from '#store/work-items-repo.ts';

/** Everything a handler talks to, built once per cold start (or once per local runtime). */
export interface AppDeps {
  config: AppConfig;
  table: TableClient;
  sqs: SQSClient;
  customers: CustomersRepo;
  conversations: ConversationsRepo;
  timeline: TimelineRepo;
  workItems: WorkItemsRepo;
  chatSessions: ChatSessionsRepo;
  ingestQueue: IngestQueue;
  /** The access audit: append-only, in its own table. */
  audit: AuditLog;
  clock: { now(): Date };
}

/** What a function that sends to customers is given besides: the providers' send APIs. */
export type SendingDeps = AppDeps & {
  /** The providers' send APIs (Graph API, X API, Twilio), for agents' replies and notices. */
  senders: Record<Provider, ChannelSender>;
};

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

/** Splits a merged customer apart again; built where an unmerge is served, not in every function. */
export function customerSplitter(deps: AppDeps): CustomerSplitter {
  return new CustomerSplitter(deps.table, deps.customers, deps.conversations, deps.timeline, deps.clock.now);
}

export function replyDeps(deps: SendingDeps): ReplyDeps {
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
