import { type QueryClient as Client, QueryClient, type QueryKey } from '@tanstack/react-query';
import { ApiError } from './api.ts';
import type { QueueReportQuery } from './reports/queue-report.ts';

/** While the live socket is up, a refetch on a timer is only a safety net against a missed notice. */
export const LIVE_FALLBACK_MS = 30_000;
/** Attempts after the first for a read that failed on the way, not on its merits. */
export const READ_RETRIES = 3;

/**
 * The keys of the console's cache. A key starts with what the live socket calls a topic
 * (`agent`, `customer`, `queues`, `agents`), so one notice invalidates everything under it.
 */
export const queryKeys = {
  agent: (agentId: string) => ['agent', agentId, 'record'] as const,
  offers: (agentId: string) => ['agent', agentId, 'offers'] as const,
  agentWork: (agentId: string) => ['agent', agentId, 'work-items'] as const,
  customer: (customerId: string) => ['customer', customerId, 'record'] as const,
  timeline: (customerId: string) => ['customer', customerId, 'timeline'] as const,
  typing: (customerId: string, conversationId: string) =>
    ['customer', customerId, 'typing', conversationId] as const,
  /** Everything known of one customer: what their topic's notice invalidates. */
  ofCustomer: (customerId: string) => ['customer', customerId] as const,
  ofAgent: (agentId: string) => ['agent', agentId] as const,
  queues: () => ['queues', 'stats'] as const,
  waiting: (queueId: string) => ['queues', 'waiting', queueId] as const,
  agents: () => ['agents'] as const,
  /** The floor's list, not the agent's state: no notice of theirs touches it. */
  awayReasons: (agentId: string) => ['away-reasons', agentId] as const,
  workItem: (workItemId: string) => ['work-item', workItemId, 'record'] as const,
  articleUses: (workItemId: string) => ['work-item', workItemId, 'articles'] as const,
  cannedResponses: (workItemId: string, q: string) => ['work-item', workItemId, 'canned', q] as const,
  articleSearch: (queueId: string, q: string) => ['article-search', queueId, q] as const,
  article: (articleId: string, version?: number) => ['article', articleId, version ?? 'latest'] as const,
  /** Asked again when the customer's messages in the conversation (`inbound`) change. */
  translations: (conversationId: string, inbound: string) =>
    ['translations', conversationId, inbound] as const,
  ofTranslations: (conversationId: string) => ['translations', conversationId] as const,
  customerSearch: (q: string) => ['customer-search', q] as const,
  caller: (customerId: string | undefined, phone: string | undefined) =>
    ['caller', customerId ?? '', phone ?? ''] as const,
  report: (query: QueueReportQuery) => ['report', query] as const,
  articles: () => ['articles'] as const,
};

/** The live topic a key belongs to, if a notice can announce its change. */
export function topicOf(key: QueryKey): string | undefined {
  const [root, id] = key;
  if ((root === 'agent' || root === 'customer') && typeof id === 'string') return `${root}:${id}`;
  if (root === 'queues' || root === 'agents') return root;
  return undefined;
}

/** The keys a topic's notice makes stale. */
export function keyOfTopic(topic: string): QueryKey {
  const at = topic.indexOf(':');
  return at < 0 ? [topic] : [topic.slice(0, at), topic.slice(at + 1)];
}

/**
 * A failure worth trying again: the network dropped the request (fetch's TypeError), or the
 * platform was briefly unable to answer (5xx, 429, 408). A 4xx says the request itself is wrong.
 */
export function isTransient(error: unknown): boolean {
  if (error instanceof ApiError) return error.status >= 500 || error.status === 429 || error.status === 408;
  return error instanceof TypeError;
}

/**
 * The console's one cache. Reads retry transient failures with a growing pause; commands
 * (mutations) never retry on their own, as a reply or a transfer must not happen twice.
 */
export function createQueryClient(): Client {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: (failures, error) => failures < READ_RETRIES && isTransient(error),
        retryDelay: (attempt) => Math.min(8_000, 500 * 2 ** attempt),
        // Live notices and the timers below decide when to fetch again, not a glance at the tab.
        refetchOnWindowFocus: false,
        staleTime: 1_000,
      },
      mutations: { retry: false },
    },
  });
}

/** A thrown value in words, for an error shown to the agent. */
export function problem(error: unknown): string | undefined {
  if (error === null || error === undefined) return undefined;
  return error instanceof Error ? error.message : String(error);
}
