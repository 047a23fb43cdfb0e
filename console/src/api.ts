/** The slice of the OneThread HTTP API the console uses (see docs/api.md). */

import { attachmentsClient } from './attachment-files.ts';
import { parseQueueReport, type QueueReportQuery, queueReportSearch } from './reports/queue-report.ts';

export type Channel =
  | 'chat'
  | 'email'
  | 'voice'
  | 'sms'
  | 'whatsapp'
  | 'messenger'
  | 'instagram'
  | 'x'
  | 'store';
export type AgentStatus = 'available' | 'away' | 'offline';
export type DeliveryStatus = 'accepted' | 'sent' | 'delivered' | 'read' | 'failed';

export interface Agent {
  agentId: string;
  name: string;
  skills: Record<string, number>;
  capacity: Partial<Record<string, number>>;
  status: AgentStatus;
  load: Partial<Record<string, number>>;
  lastIdleAt?: string;
  /** Why an away agent is away (one of the floor's reasons, or `missed-offers`). */
  statusReason?: string;
  /** Since when the agent has had their status. */
  statusSince?: string;
  /** In after-contact work until then: available, but offered nothing. */
  wrapUpUntil?: string;
}

export interface Offer {
  offerId: string;
  workItemId: string;
  agentId: string;
  customerId: string;
  conversationId: string;
  channel: Channel;
  queueId: string;
  offeredAt: string;
  expiresAt: string;
}

export interface WorkItem {
  workItemId: string;
  conversationId: string;
  customerId: string;
  channel: Channel;
  queueId: string;
  state: 'queued' | 'offered' | 'assigned' | 'connect' | 'wrapped' | 'abandoned';
  enqueuedAt: string;
  agentId?: string;
  /** What the agents who passed the item on left for the next one, oldest first. */
  transferNotes?: TransferNote[];
  /** On the agent's work in hand: what they may record on completing it, from its queue. */
  dispositions?: Disposition[];
  dispositionRequired?: boolean;
}

export type TransferTarget = { queueId: string } | { agentId: string };

export interface TransferNote {
  note: string;
  by: string;
  at: string;
  to: TransferTarget;
}

/** An outcome an agent records on completing a queue's work. */
export interface Disposition {
  code: string;
  label: string;
}

/** A line of an agent's work list: an item offered or assigned to them. */
export interface AgentWorkItem extends Omit<WorkItem, 'state' | 'agentId'> {
  state: 'offered' | 'assigned';
  offerId?: string;
}

/** An identity the customer typed but never proved (a chat form, a caller id nobody verified). */
export interface IdentityClaim {
  identity: string;
  evidence: string;
  at: string;
}

export interface Customer {
  customerId: string;
  name?: string;
  /** Verified identities only, each with what proved it in `evidence`. */
  identities: string[];
  evidence?: Record<string, string>;
  claims?: IdentityClaim[];
  createdAt: string;
  mergedFrom?: string[];
}

/** A customer as search lists them. */
export interface CustomerMatch {
  customerId: string;
  name?: string;
  identities: string[];
  lastConversationId?: string;
}

export interface Attachment {
  ref: string;
  /** Set when the platform keeps the file: `GET /attachments/{attachmentId}` serves it. */
  attachmentId?: string;
  name?: string;
  contentType?: string;
  size?: number;
  kind?: string;
}

export interface TimelineItem {
  interactionId: string;
  customerId: string;
  conversationId?: string;
  channel: Channel;
  direction: 'inbound' | 'outbound' | 'internal';
  kind: 'message' | 'merge' | 'unmerge' | 'reaction' | 'event';
  at: string;
  text?: string;
  subject?: string;
  threadKey?: string;
  attachments?: Attachment[];
  /** What proved the merge: the identity both were seen with, or the agent who merged and why. */
  merge?: {
    identity?: string;
    absorbedCustomerId: string;
    survivingCustomerId: string;
    agentId?: string;
    reason?: string;
  };
  location?: { latitude: number; longitude: number; name?: string; address?: string };
  reaction?: { action: 'react' | 'unreact'; emoji?: string };
  sentBy?: string;
  deliveryStatus?: DeliveryStatus;
  deliveryReason?: string;
  /** Every status report the provider sent, oldest first: when it was read, among others. */
  deliveryHistory?: { status: DeliveryStatus; at: string }[];
  /** `html` is sanitised by the platform; the console still shows it only in a sandboxed frame. */
  email?: { from?: string; to?: string[]; inReplyTo?: string[]; html?: string };
  call?: { state: string; durationSeconds?: number; waitSeconds?: number; disconnectReason?: string };
  /** An `event` entry: what the company reported, or a store visit staff logged. */
  business?: BusinessEvent;
  /** A customer's message: its language, and whether the text said so or it was already known. */
  language?: MessageLanguage;
  /** A reply sent in the customer's language: `text` is what they got, `original` what the agent wrote. */
  translation?: ReplyTranslation;
  /** Retention removed the entry: only its channel, direction and time are left. */
  removed?: { reason: 'retention'; at: string };
}

export interface MessageLanguage {
  /** ISO 639-1. */
  code: string;
  confidence: number;
  source: 'detected' | 'conversation' | 'customer' | 'queue';
}

export interface ReplyTranslation {
  /** `unavailable`: the reply went out as written, and `note` says why. */
  status: 'translated' | 'unavailable';
  original: string;
  from: string;
  to: string;
  note?: string;
}

/** One of the customer's messages in the agent's language. */
export interface InboundTranslation {
  interactionId: string;
  from: string;
  to: string;
  /** `unavailable`: show the original, and `note`. */
  status: 'translated' | 'unavailable' | 'same-language';
  text?: string;
  note?: string;
}

export interface ConversationTranslations {
  conversationId: string;
  customerLanguage: string | null;
  agentLanguage: string;
  /** On for the deployment and not turned off for this conversation. */
  enabled: boolean;
  /** On for the deployment. */
  available: boolean;
  /** The agent does not speak the customer's language: the conversation's switch matters. */
  needed: boolean;
  translating: boolean;
  translations: InboundTranslation[];
}

export interface BusinessEvent {
  type: string;
  summary: string;
  attributes: Record<string, string | number | boolean>;
  eventId?: string;
  /** The API key's id, `iam:<caller>` or `agent:<agentId>`. */
  source: string;
}

/** A work item no agent has taken yet, as a queue's waiting list shows it. */
export interface WaitingItem {
  workItemId: string;
  conversationId: string;
  customerId: string;
  channel: string;
  language?: string;
  priority: number;
  routingStep: number;
  state: 'queued' | 'offered';
  agentId?: string;
  enqueuedAt: string;
  waitingSeconds: number;
}

export interface QueueStats {
  queueId: string;
  name: string;
  waiting: number;
  offered: number;
  assigned: number;
  /** Items handed to Amazon Connect as tasks (queues whose delivery mode is `connect`). */
  inConnect?: number;
  oldestWaitSeconds: number;
  /** Contacts that reached an agent today. */
  answeredToday?: number;
  /** Customers who left before an agent took them, today. */
  abandonedToday?: number;
  /** Share of today's answered contacts that reached an agent within the queue's target. */
  serviceLevelToday?: number | null;
  /** Customers a help article answered before they queued today, and those who asked for a person. */
  deflectedToday?: number;
  escalatedToday?: number;
  deflectionRateToday?: number | null;
  /** Articles agents used on this queue's work items today. */
  articleUsesToday?: number;
}

export type ArticleStatus = 'draft' | 'published' | 'retired';

/** What a supervisor writes; each save is a new version. */
export interface ArticleDraft {
  title: string;
  /** Markdown. */
  body: string;
  language: string;
  tags: string[];
  /** Queues whose customers and agents see it; none means every queue. */
  queues: string[];
  /** The version the edit was made from: a save over a newer one is refused (409). */
  baseVersion?: number;
}

export interface ArticleVersionMeta extends Omit<ArticleDraft, 'body' | 'baseVersion'> {
  articleId: string;
  version: number;
  savedAt: string;
  savedBy: string;
}

export interface ArticleListing {
  articleId: string;
  status: ArticleStatus;
  latest: ArticleVersionMeta;
  published?: ArticleVersionMeta & { snippet: string };
  publishedAt?: string;
  createdAt: string;
  updatedAt: string;
}

/** One article and one of its versions, with its Markdown and the platform's safe rendering. */
export interface ArticleDetail extends ArticleListing {
  version: ArticleVersionMeta & { body: string; html: string };
  url?: string;
}

export interface ArticleHit {
  articleId: string;
  title: string;
  snippet: string;
  language: string;
  version: number;
  score: number;
  url?: string;
}

export interface ArticleUse {
  articleId: string;
  how: 'link' | 'text';
  version: number;
  by: string;
}

/** Channels the replies endpoint sends on. */
export const REPLY_CHANNELS: readonly Channel[] = [
  'chat',
  'email',
  'whatsapp',
  'messenger',
  'instagram',
  'x',
  'sms',
];

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** A bearer token, or a function answering a current one (Cognito's are refreshed as they expire). */
export type BearerToken = string | (() => Promise<string>);

/** The token to send now. */
export async function bearer(token: BearerToken): Promise<string> {
  return typeof token === 'string' ? token : token();
}

export interface Session {
  token: BearerToken;
  agentId: string;
}

/** A client bound to one signed-in session; `base` is the API's URL (empty: the console's own origin). */
export function apiClient(token: BearerToken, base = '') {
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${await bearer(token)}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const parsed = text ? (JSON.parse(text) as unknown) : undefined;
    if (!response.ok) {
      const error = (parsed as { error?: { message?: string }; message?: string } | undefined) ?? {};
      throw new ApiError(response.status, error.error?.message ?? error.message ?? response.statusText);
    }
    return parsed as T;
  }
  const id = encodeURIComponent;
  return {
    agents: () => call<{ agents: Agent[] }>('GET', '/agents').then((r) => r.agents),
    agent: (agentId: string) => call<{ agent: Agent }>('GET', `/agents/${id(agentId)}`).then((r) => r.agent),
    setStatus: (agentId: string, status: AgentStatus, reason?: string) =>
      call('PUT', `/agents/${id(agentId)}/status`, reason ? { status, reason } : { status }),
    /** Why an agent may say they are away, as the floor has them. */
    awayReasons: (agentId: string) =>
      call<{ awayReasons?: string[] }>('GET', `/agents/${id(agentId)}`).then((r) => r.awayReasons ?? []),
    offers: (agentId: string) => call<Offer[]>('GET', `/agents/${id(agentId)}/offers`),
    workItems: (agentId: string) =>
      call<{ workItems: AgentWorkItem[] }>('GET', `/agents/${id(agentId)}/work-items`).then(
        (r) => r.workItems,
      ),
    accept: (offerId: string) => call('POST', `/offers/${id(offerId)}/accept`),
    decline: (offerId: string) => call('POST', `/offers/${id(offerId)}/decline`),
    workItem: (workItemId: string) =>
      call<{ workItem: WorkItem }>('GET', `/work-items/${id(workItemId)}`).then((r) => r.workItem),
    complete: (workItemId: string, wrapUp: { note?: string; disposition?: string } = {}) =>
      call('POST', `/work-items/${id(workItemId)}/complete`, {
        ...(wrapUp.note ? { wrapUpNote: wrapUp.note } : {}),
        ...(wrapUp.disposition ? { disposition: wrapUp.disposition } : {}),
      }),
    /** Passes the item on to a queue or a named agent, keeping its wait, with a note for the next agent. */
    transfer: (workItemId: string, to: TransferTarget, note?: string) =>
      call('POST', `/work-items/${id(workItemId)}/transfer`, { ...to, ...(note ? { note } : {}) }),
    /** Asks Amazon Connect to call the customer on `phone`; they are told on their channel. */
    callCustomer: (conversationId: string, phone: string) =>
      call<{ phone: string; notifiedOn: Channel | null }>(
        'POST',
        `/conversations/${id(conversationId)}/callback`,
        { phone },
      ),
    customer: (customerId: string) =>
      call<{ customer: Customer }>('GET', `/customers/${id(customerId)}`).then((r) => r.customer),
    /** Customers whose name or an identity starts with `q` (2 characters at least). */
    searchCustomers: (q: string) =>
      call<{ customers: CustomerMatch[] }>('GET', `/customers/search?q=${id(q)}`).then((r) => r.customers),
    /** `identity` is `kind:value`, e.g. `phone:+14155550100`; a 404 means nobody has it. */
    customerByIdentity: (identity: string) =>
      call<{ customer: Customer }>('GET', `/customers?identity=${id(identity)}`).then((r) => r.customer),
    /** `customerId` absorbs `otherCustomerId`; `merged` is false when they already were one. */
    merge: (customerId: string, otherCustomerId: string, reason?: string) =>
      call<{ merged: boolean; customer: Customer }>('POST', `/customers/${id(customerId)}/merge`, {
        customerId: otherCustomerId,
        ...(reason ? { reason } : {}),
      }),
    /** Splits `absorbedCustomerId` off `customerId` again (supervisors only). */
    unmerge: (customerId: string, absorbedCustomerId: string, reason?: string) =>
      call<{ unmerged: boolean; customer: Customer | null }>('POST', `/customers/${id(customerId)}/unmerge`, {
        customerId: absorbedCustomerId,
        ...(reason ? { reason } : {}),
      }),
    /** Staff note what happened with the customer in store; it joins the timeline shortly after. */
    logStoreVisit: (customerId: string, visit: { summary: string; storeId?: string }) =>
      call<{ interactionId: string }>('POST', `/customers/${id(customerId)}/store-visits`, visit),
    timeline: (customerId: string) =>
      call<{ items: TimelineItem[] }>('GET', `/customers/${id(customerId)}/timeline?limit=100`).then(
        (r) => r.items,
      ),
    reply: (conversationId: string, channel: Channel, text: string, attachmentIds: string[] = []) =>
      call('POST', `/conversations/${id(conversationId)}/replies`, {
        channel,
        text,
        ...(attachmentIds.length ? { attachmentIds } : {}),
      }),
    /** Files on the timeline and the agent's uploads. */
    files: attachmentsClient(token, base),
    /** Tells a chat customer the agent is typing; repeated while they type. */
    typing: (conversationId: string) =>
      call<{ accepted: boolean }>('POST', `/conversations/${id(conversationId)}/typing`),
    /** Until when the customer is typing in the conversation's chat, while they are. */
    conversationTyping: (conversationId: string) =>
      call<{ conversationId: string; customerTypingUntil?: string }>(
        'GET',
        `/conversations/${id(conversationId)}/typing`,
      ),
    /** The customer's latest messages in the calling agent's language. */
    translations: (conversationId: string) =>
      call<ConversationTranslations>('GET', `/conversations/${id(conversationId)}/translations`),
    /** Turns live translation off (or on again) for the conversation, for every agent on it. */
    setTranslation: (conversationId: string, enabled: boolean) =>
      call<{ conversationId: string; enabled: boolean }>(
        'PUT',
        `/conversations/${id(conversationId)}/translation`,
        { enabled },
      ),
    queues: () => call<{ queues: QueueStats[] }>('GET', '/queues').then((r) => r.queues),
    /** What a queue holds that no agent has taken yet, in service order (supervisors). */
    waiting: (queueId: string) =>
      call<{ items: WaitingItem[] }>('GET', `/queues/${id(queueId)}/waiting`).then((r) => r.items),
    /** Moves any open item to a queue or a named agent, keeping its wait (supervisors). */
    reassign: (workItemId: string, to: TransferTarget) =>
      call('POST', `/work-items/${id(workItemId)}/reassign`, to),
    /** Queue and agent figures per interval over a past range (supervisors). */
    queueReports: (query: QueueReportQuery) =>
      call<unknown>('GET', `/reports/queues?${queueReportSearch(query)}`).then(parseQueueReport),
    articles: () => call<{ articles: ArticleListing[] }>('GET', '/kb/articles').then((r) => r.articles),
    article: (articleId: string, version?: number) =>
      call<ArticleDetail>('GET', `/kb/articles/${id(articleId)}${version ? `?version=${version}` : ''}`),
    articleVersions: (articleId: string) =>
      call<{ versions: ArticleVersionMeta[] }>('GET', `/kb/articles/${id(articleId)}/versions`).then(
        (r) => r.versions,
      ),
    /** Supervisors only; what customers see changes on publish. */
    saveArticle: (articleId: string, draft: ArticleDraft) =>
      call<{ article: ArticleListing }>('PUT', `/kb/articles/${id(articleId)}`, draft).then((r) => r.article),
    publishArticle: (articleId: string, version?: number) =>
      call<{ article: ArticleListing }>(
        'POST',
        `/kb/articles/${id(articleId)}/publish`,
        version ? { version } : undefined,
      ).then((r) => r.article),
    retireArticle: (articleId: string) =>
      call<{ article: ArticleListing }>('DELETE', `/kb/articles/${id(articleId)}`).then((r) => r.article),
    /** A Markdown body as customers would see it: rendered and sanitised by the platform. */
    previewArticle: (body: string) =>
      call<{ html: string }>('POST', '/kb/preview', { body }).then((r) => r.html),
    /** Published articles for a question, in scope of a queue. */
    searchArticles: (q: string, queueId?: string, limit = 3) =>
      call<{ results: ArticleHit[] }>(
        'GET',
        `/kb/search?${new URLSearchParams({ q, limit: String(limit), ...(queueId ? { queue: queueId } : {}) })}`,
      ).then((r) => r.results),
    articleUses: (workItemId: string) =>
      call<{ articles: ArticleUse[] }>('GET', `/work-items/${id(workItemId)}/articles`).then(
        (r) => r.articles,
      ),
    recordArticleUse: (workItemId: string, articleId: string, how: ArticleUse['how']) =>
      call('POST', `/work-items/${id(workItemId)}/articles`, { articleId, how }),
    /** Shared answers for the work in hand, best first, each filled in for it (`rendered`). */
    cannedResponses: (q: string, workItemId: string) =>
      call<{ responses: CannedResponse[] }>(
        'GET',
        `/canned-responses?${new URLSearchParams({ q, workItemId, limit: '5' })}`,
      ).then((r) => r.responses),
  };
}
export type Api = ReturnType<typeof apiClient>;

/** A canned response as `GET /canned-responses` lists it. */
export interface CannedResponse {
  responseId: string;
  title: string;
  text: string;
  language?: string;
  shortcut?: string;
  queues: string[];
  /** The text with its placeholders filled for the work item asked about. */
  rendered?: string;
}
