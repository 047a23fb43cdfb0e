/** The slice of the OneThread HTTP API the console uses (see docs/api.md). */

import createClient from 'openapi-fetch';
import type { components, paths } from './api-paths.ts';
import { attachmentsClient } from './attachment-files.ts';
import { parseQueueReport, type QueueReportQuery, queueReportSearch } from './reports/queue-report.ts';

type Schemas = components['schemas'];
/** The JSON body a route answers with `status`. */
type Answer<P extends keyof paths, M extends keyof paths[P], S extends number = 200> = paths[P][M] extends {
  responses: { [K in S]: { content: { 'application/json': infer T } } };
}
  ? T
  : never;
/** The JSON body a route takes. */
type Body<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  requestBody?: { content: { 'application/json': infer T } };
}
  ? T
  : never;

export type TimelineItem = Schemas['TimelineEntry'];
export type Channel = TimelineItem['channel'];
export type Agent = Schemas['Agent'];
export type AgentStatus = Agent['status'];
export type DeliveryStatus = NonNullable<TimelineItem['deliveryStatus']>;
export type Offer = Schemas['Offer'];
/**
 * A work item as the console holds it: the record's fields it reads (`GET /work-items/{id}`) and
 * what a line of the agent's work list adds, so either answer fills it.
 */
export type WorkItem = Pick<
  Schemas['WorkItem'],
  'workItemId' | 'conversationId' | 'customerId' | 'channel' | 'queueId' | 'state' | 'enqueuedAt'
> &
  Partial<Pick<Schemas['WorkItem'], 'agentId' | 'transferNotes'>> &
  Pick<Schemas['AgentWorkItem'], 'dispositions' | 'dispositionRequired'>;
export type TransferNote = NonNullable<Schemas['WorkItem']['transferNotes']>[number];
export type TransferTarget = TransferNote['to'];
/** A line of an agent's work list: an item offered or assigned to them. */
export type AgentWorkItem = Schemas['AgentWorkItem'];
/** An outcome an agent records on completing a queue's work. */
export type Disposition = NonNullable<AgentWorkItem['dispositions']>[number];
export type Customer = Schemas['Customer'];
/** An identity the customer typed but never proved (a chat form, a caller id nobody verified). */
export type IdentityClaim = Customer['claims'][number];
/** A customer as search lists them. */
export type CustomerMatch = Schemas['CustomerMatch'];
export type Attachment = TimelineItem['attachments'][number];
export type MessageLanguage = NonNullable<TimelineItem['language']>;
export type ReplyTranslation = NonNullable<TimelineItem['translation']>;
export type ConversationTranslations = Schemas['ConversationTranslations'];
/** One of the customer's messages in the agent's language. */
export type InboundTranslation = ConversationTranslations['translations'][number];
/** An `event` entry: what the company reported, or a store visit staff logged. */
export type BusinessEvent = NonNullable<TimelineItem['business']>;
/** A work item no agent has taken yet, as a queue's waiting list shows it. */
export type WaitingItem = Schemas['WaitingItem'];
export type QueueStats = Schemas['QueueStats'];
export type ArticleListing = Schemas['ArticleListing'];
export type ArticleStatus = ArticleListing['status'];
/** What a supervisor writes, every field as the editor fills it; each save is a new version. */
export type ArticleDraft = Required<Omit<Body<'/kb/articles/{articleId}', 'put'>, 'baseVersion'>> &
  Pick<Body<'/kb/articles/{articleId}', 'put'>, 'baseVersion'>;
export type ArticleVersionMeta = Schemas['ArticleVersionMeta'];
/** One article and one of its versions, with its Markdown and the platform's safe rendering. */
export type ArticleDetail = Schemas['ArticleDetail'];
export type ArticleHit = Schemas['ArticleHit'];
export type ArticleUse = Schemas['ArticleUse'];
/** A canned response as `GET /canned-responses` lists it. */
export type CannedResponse = Schemas['CannedResponse'];
type ReplyBody = Body<'/conversations/{conversationId}/replies', 'post'>;
type ReportQuery = paths['/reports/queues']['get']['parameters']['query'];

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

/** What openapi-fetch answers: the body on success, the refusal otherwise. */
type Result<T> = { data?: T; error?: unknown; response: Response };

/** What an action answers that its callers do not read. */
const acted = <T>(pending: Promise<Result<T>>): Promise<unknown> => ok(pending);

/** The body of a successful answer; a refusal becomes an ApiError with the API's own message. */
async function ok<T>(pending: Promise<Result<T>>): Promise<T> {
  const { data, error, response } = await pending;
  if (response.ok) return data as T;
  const refusal = (error ?? {}) as { error?: { message?: string }; message?: string };
  throw new ApiError(
    response.status,
    refusal.error?.message ?? refusal.message ?? (response.statusText || `HTTP ${response.status}`),
  );
}

/**
 * A client bound to one signed-in session; `base` is the API's URL (empty: the console's own
 * origin). Every call goes through openapi-fetch typed by the paths generated from
 * docs/openapi.json, so a route, parameter or body the API does not have fails the typecheck.
 */
export function apiClient(token: BearerToken, base = '') {
  const client = createClient<paths>({
    baseUrl: base || globalThis.location?.origin,
    // Read at each call, so a fetch swapped in after the client was made is the one used.
    fetch: (request) => globalThis.fetch(request),
  });
  client.use({
    onRequest: async ({ request }) => {
      request.headers.set('authorization', `Bearer ${await bearer(token)}`);
      return request;
    },
  });
  return {
    ...routingCalls(client),
    ...customerCalls(client),
    ...conversationCalls(client),
    ...knowledgeCalls(client),
    /** Files on the timeline and the agent's uploads. */
    files: attachmentsClient(token, base),
  };
}

type Client = ReturnType<typeof createClient<paths>>;
const agentPath = (agentId: string) => ({ params: { path: { agentId } } });
const conversation = (conversationId: string) => ({ params: { path: { conversationId } } });
const workItemPath = (workItemId: string) => ({ params: { path: { workItemId } } });

function routingCalls(client: Client) {
  return {
    agents: () => ok(client.GET('/agents')).then((r) => r.agents),
    agent: (agentId: string) => ok(client.GET('/agents/{agentId}', agentPath(agentId))).then((r) => r.agent),
    setStatus: (agentId: string, status: AgentStatus, reason?: string) =>
      acted(
        client.PUT('/agents/{agentId}/status', {
          ...agentPath(agentId),
          body: reason ? { status, reason } : { status },
        }),
      ),
    /** Why an agent may say they are away, as the floor has them. */
    awayReasons: (agentId: string) =>
      ok(client.GET('/agents/{agentId}', agentPath(agentId))).then((r) => r.awayReasons ?? []),
    offers: (agentId: string) => ok(client.GET('/agents/{agentId}/offers', agentPath(agentId))),
    workItems: (agentId: string) =>
      ok(client.GET('/agents/{agentId}/work-items', agentPath(agentId))).then((r) => r.workItems),
    accept: (offerId: string) =>
      acted(client.POST('/offers/{offerId}/accept', { params: { path: { offerId } } })),
    decline: (offerId: string) =>
      acted(client.POST('/offers/{offerId}/decline', { params: { path: { offerId } } })),
    workItem: (workItemId: string) =>
      ok(client.GET('/work-items/{workItemId}', workItemPath(workItemId))).then((r) => r.workItem),
    complete: (workItemId: string, wrapUp: { note?: string; disposition?: string } = {}) =>
      acted(
        client.POST('/work-items/{workItemId}/complete', {
          ...workItemPath(workItemId),
          body: {
            ...(wrapUp.note ? { wrapUpNote: wrapUp.note } : {}),
            ...(wrapUp.disposition ? { disposition: wrapUp.disposition } : {}),
          },
        }),
      ),
    /** Passes the item on to a queue or a named agent, keeping its wait, with a note for the next agent. */
    transfer: (workItemId: string, to: TransferTarget, note?: string) =>
      acted(
        client.POST('/work-items/{workItemId}/transfer', {
          ...workItemPath(workItemId),
          body: { ...to, ...(note ? { note } : {}) },
        }),
      ),
    queues: () => ok(client.GET('/queues')).then((r) => r.queues),
    /** What a queue holds that no agent has taken yet, in service order (supervisors). */
    waiting: (queueId: string) =>
      ok(client.GET('/queues/{queueId}/waiting', { params: { path: { queueId } } })).then((r) => r.items),
    /** Moves any open item to a queue or a named agent, keeping its wait (supervisors). */
    reassign: (workItemId: string, to: TransferTarget) =>
      acted(client.POST('/work-items/{workItemId}/reassign', { ...workItemPath(workItemId), body: to })),
    /** Queue and agent figures per interval over a past range (supervisors). */
    queueReports: (query: QueueReportQuery) =>
      ok(
        client.GET('/reports/queues', {
          // The search leaves out the filters left empty; the API checks what is sent.
          params: { query: Object.fromEntries(queueReportSearch(query)) as unknown as ReportQuery },
        }),
      ).then(parseQueueReport),
  };
}

function customerCalls(client: Client) {
  const customerPath = (customerId: string) => ({ params: { path: { customerId } } });
  return {
    /** Asks Amazon Connect to call the customer on `phone`; they are told on their channel. */
    callCustomer: (
      conversationId: string,
      phone: string,
    ): Promise<
      Pick<Answer<'/conversations/{conversationId}/callback', 'post', 202>, 'phone' | 'notifiedOn'>
    > =>
      ok(
        client.POST('/conversations/{conversationId}/callback', {
          ...conversation(conversationId),
          body: { phone },
        }),
      ),
    customer: (customerId: string) =>
      ok(client.GET('/customers/{customerId}', customerPath(customerId))).then((r) => r.customer),
    /** Customers whose name or an identity starts with `q` (2 characters at least). */
    searchCustomers: (q: string) =>
      ok(client.GET('/customers/search', { params: { query: { q } } })).then((r) => r.customers),
    /** `identity` is `kind:value`, e.g. `phone:+14155550100`; a 404 means nobody has it. */
    customerByIdentity: (identity: string) =>
      ok(client.GET('/customers', { params: { query: { identity } } })).then((r) => r.customer),
    /** `customerId` absorbs `otherCustomerId`; `merged` is false when they already were one. */
    merge: (customerId: string, otherCustomerId: string, reason?: string) =>
      ok(
        client.POST('/customers/{customerId}/merge', {
          ...customerPath(customerId),
          body: { customerId: otherCustomerId, ...(reason ? { reason } : {}) },
        }),
      ),
    /** Splits `absorbedCustomerId` off `customerId` again (supervisors only). */
    unmerge: (
      customerId: string,
      absorbedCustomerId: string,
      reason?: string,
    ): Promise<Pick<Answer<'/customers/{customerId}/unmerge', 'post'>, 'unmerged' | 'customer'>> =>
      ok(
        client.POST('/customers/{customerId}/unmerge', {
          ...customerPath(customerId),
          body: { customerId: absorbedCustomerId, ...(reason ? { reason } : {}) },
        }),
      ),
    /** Staff note what happened with the customer in store; it joins the timeline shortly after. */
    logStoreVisit: (
      customerId: string,
      visit: { summary: string; storeId?: string },
    ): Promise<Pick<Answer<'/customers/{customerId}/store-visits', 'post', 202>, 'interactionId'>> =>
      ok(client.POST('/customers/{customerId}/store-visits', { ...customerPath(customerId), body: visit })),
    timeline: (customerId: string) =>
      ok(
        client.GET('/customers/{customerId}/timeline', {
          params: { path: { customerId }, query: { limit: 100 } },
        }),
      ).then((r) => r.items),
  };
}

function conversationCalls(client: Client) {
  return {
    reply: (conversationId: string, channel: Channel, text: string, attachmentIds: string[] = []) =>
      acted(
        client.POST('/conversations/{conversationId}/replies', {
          ...conversation(conversationId),
          // The channel is the conversation's; the API refuses one it cannot send on.
          body: { channel, text, ...(attachmentIds.length ? { attachmentIds } : {}) } as ReplyBody,
        }),
      ),
    /** Tells a chat customer the agent is typing; repeated while they type. */
    typing: (conversationId: string) =>
      ok(client.POST('/conversations/{conversationId}/typing', conversation(conversationId))),
    /** Until when the customer is typing in the conversation's chat, while they are. */
    conversationTyping: (conversationId: string) =>
      ok(client.GET('/conversations/{conversationId}/typing', conversation(conversationId))),
    /** The customer's latest messages in the calling agent's language. */
    translations: (conversationId: string) =>
      ok(client.GET('/conversations/{conversationId}/translations', conversation(conversationId))),
    /** Turns live translation off (or on again) for the conversation, for every agent on it. */
    setTranslation: (conversationId: string, enabled: boolean) =>
      ok(
        client.PUT('/conversations/{conversationId}/translation', {
          ...conversation(conversationId),
          body: { enabled },
        }),
      ),
  };
}

function knowledgeCalls(client: Client) {
  const article = (articleId: string) => ({ params: { path: { articleId } } });
  return {
    articles: () => ok(client.GET('/kb/articles')).then((r) => r.articles),
    article: (articleId: string, version?: number) =>
      ok(
        client.GET('/kb/articles/{articleId}', {
          params: { path: { articleId }, query: version ? { version } : {} },
        }),
      ),
    articleVersions: (articleId: string) =>
      ok(client.GET('/kb/articles/{articleId}/versions', article(articleId))).then((r) => r.versions),
    /** Supervisors only; what customers see changes on publish. */
    saveArticle: (articleId: string, draft: ArticleDraft) =>
      ok(client.PUT('/kb/articles/{articleId}', { ...article(articleId), body: draft })).then(
        (r) => r.article,
      ),
    publishArticle: (articleId: string, version?: number) =>
      ok(
        client.POST('/kb/articles/{articleId}/publish', {
          ...article(articleId),
          ...(version ? { body: { version } } : {}),
        }),
      ).then((r) => r.article),
    retireArticle: (articleId: string) =>
      ok(client.DELETE('/kb/articles/{articleId}', article(articleId))).then((r) => r.article),
    /** A Markdown body as customers would see it: rendered and sanitised by the platform. */
    previewArticle: (body: string) => ok(client.POST('/kb/preview', { body: { body } })).then((r) => r.html),
    /** Published articles for a question, in scope of a queue. */
    searchArticles: (q: string, queueId?: string, limit = 3) =>
      ok(
        client.GET('/kb/search', { params: { query: { q, limit, ...(queueId ? { queue: queueId } : {}) } } }),
      ).then((r) => r.results),
    articleUses: (workItemId: string) =>
      ok(client.GET('/work-items/{workItemId}/articles', workItemPath(workItemId))).then((r) => r.articles),
    recordArticleUse: (workItemId: string, articleId: string, how: ArticleUse['how']) =>
      acted(
        client.POST('/work-items/{workItemId}/articles', {
          ...workItemPath(workItemId),
          body: { articleId, how },
        }),
      ),
    /** Shared answers for the work in hand, best first, each filled in for it (`rendered`). */
    cannedResponses: (q: string, workItemId: string) =>
      ok(client.GET('/canned-responses', { params: { query: { q, workItemId, limit: 5 } } })).then(
        (r) => r.responses,
      ),
  };
}
export type Api = ReturnType<typeof apiClient>;
