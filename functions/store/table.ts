import { termBucket } from '#core/customer-search.ts';

/**
 * The single table's shape, shared by the CDK construct and the local runtime so both create
 * exactly the same table. Repositories map domain records onto these generic keys; the core
 * never sees them.
 */
export const TABLE_KEYS = {
  partitionKey: 'pk',
  sortKey: 'sk',
  timeToLive: 'expiresAt',
  /** The change stream live updates read: work items need both images (who had the offer). */
  streamView: 'NEW_AND_OLD_IMAGES',
  indexes: {
    /** Customer timelines: `TIMELINE#<customerId>`, sorted by time then interaction id. */
    timeline: { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk', projection: 'ALL' },
    /** Work items waiting in a queue, in service order. */
    queue: { name: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk', projection: 'ALL' },
    /**
     * Customer search: names and identities by their first characters, `SEARCH#<two>`, sorted
     * by term then customer id. Keys only: the sort key names the customer.
     */
    search: { name: 'gsi3', partitionKey: 'gsi3pk', sortKey: 'gsi3sk', projection: 'KEYS_ONLY' },
  },
} as const;

/** Who the table's stream names as the deleter of an item DynamoDB's TTL deleted. */
export const TTL_DELETION_IDENTITY = { type: 'Service', principalId: 'dynamodb.amazonaws.com' } as const;

export const keys = {
  customer: (customerId: string) => ({ pk: `CUSTOMER#${customerId}`, sk: 'PROFILE' }),
  identity: (identity: string) => ({ pk: `IDENTITY#${identity}`, sk: 'IDENTITY' }),
  interaction: (interactionId: string) => ({ pk: `INTERACTION#${interactionId}`, sk: 'INTERACTION' }),
  timelinePartition: (customerId: string) => `TIMELINE#${customerId}`,
  timelineSort: (at: string, interactionId: string) => `${at}#${interactionId}`,
  conversation: (conversationId: string) => ({ pk: `CONVERSATION#${conversationId}`, sk: 'CONVERSATION' }),
  thread: (threadKey: string) => ({ pk: `THREAD#${threadKey}`, sk: 'THREAD' }),
  /** The chat threads (`chat:{sessionId}`) bound to a conversation, for its live frames. */
  conversationChat: (conversationId: string, threadKey: string) => ({
    pk: `CONVCHAT#${conversationId}`,
    sk: threadKey,
  }),
  workItem: (workItemId: string) => ({ pk: `WORKITEM#${workItemId}`, sk: 'WORKITEM' }),
  queuePartition: (queueId: string) => `QUEUE#${queueId}`,
  /** A file a customer, an agent or a provider's media brought in (its bytes are in the bucket). */
  attachment: (attachmentId: string) => ({ pk: `ATTACHMENT#${attachmentId}`, sk: 'ATTACHMENT' }),
  chatSession: (sessionId: string) => ({ pk: `CHATSESSION#${sessionId}`, sk: 'CHATSESSION' }),
  /** When a chat session first accepted a client message id: every copy the client sends is stamped so. */
  chatAcceptance: (sessionId: string, clientMessageId: string) => ({
    pk: `CHATSESSION#${sessionId}`,
    sk: `ACCEPTED#${clientMessageId}`,
  }),
  /** Until when the customer or an agent of a conversation is shown as typing. */
  typing: (conversationId: string, side: 'customer' | 'agent') => ({
    pk: `TYPING#${conversationId}`,
    sk: `TYPING#${side}`,
  }),
  /** The email code a chat session is waiting to have typed back (one at a time). */
  emailCode: (sessionId: string) => ({ pk: `CHATSESSION#${sessionId}`, sk: 'EMAILCODE' }),
  /** Recent uses of something rate-limited (codes sent to an address, by a session). */
  rateLimit: (key: string) => ({ pk: `RATELIMIT#${key}`, sk: 'RATELIMIT' }),
  /** Status reports that arrived before their outbound message was recorded. */
  heldDelivery: (interactionId: string) => ({ pk: `DELIVERY#${interactionId}`, sk: 'DELIVERY' }),
  /** Reports about a call that arrived before the call was on a timeline. */
  heldCallEvents: (interactionId: string) => ({ pk: `CALLEVENTS#${interactionId}`, sk: 'CALLEVENTS' }),
  agent: (agentId: string) => ({ pk: `AGENT#${agentId}`, sk: 'AGENT' }),
  /** An events API key (its digest, never the key); one partition holds them all, for the list. */
  apiKey: (keyId: string) => ({ pk: 'APIKEYS', sk: `KEY#${keyId}` }),
  apiKeysPartition: () => 'APIKEYS',
  /** The shared canned responses, one partition: a company keeps hundreds, not millions. */
  cannedResponse: (responseId: string) => ({ pk: 'CANNED', sk: `RESPONSE#${responseId}` }),
  cannedResponsesPartition: () => 'CANNED',
  /**
   * An agent as their routing partition's engine last saw them (status, load, offers, work); the
   * partition lists its agents. Apart from the agent's own record, which only definitions change.
   */
  agentDesk: (partition: string, agentId: string) => ({ pk: `AGENTS#${partition}`, sk: `AGENT#${agentId}` }),
  /** An Amazon Connect task OneThread started for a work item (or its end, reported first). */
  connectTask: (contactId: string) => ({ pk: `CONNECTTASK#${contactId}`, sk: 'CONNECTTASK' }),
  /** A call OneThread asked Connect to place (a callback), by its contact id: whose and about what. */
  placedCall: (contactId: string) => ({ pk: `PLACEDCALL#${contactId}`, sk: 'PLACEDCALL' }),
  /** A chat session's recent requests for in-app or web calls (its limits). */
  webCallLedger: (sessionId: string) => ({ pk: `CHATSESSION#${sessionId}`, sk: 'WEBCALLS' }),
  /** An in-app or web call we asked Connect to start, by our id (before Connect answers)… */
  webCall: (webCallId: string) => ({ pk: `WEBCALL#${webCallId}`, sk: 'WEBCALL' }),
  /** …and by Connect's contact id, for contact events, which carry no attributes. */
  webCallContact: (contactId: string) => ({ pk: `WEBCALLCONTACT#${contactId}`, sk: 'WEBCALL' }),
  /**
   * One routing partition: its log (`LOG#…`), snapshots (`SNAP#…`, `HEAD`), projections and,
   * in tables written before the log, the single-item state under this key.
   */
  routingState: (partition: string) => ({ pk: `ROUTING#${partition}`, sk: 'STATE' }),
  /** What each queue of a routing partition holds now: the board `GET /queues` reads. */
  routingQueues: (partition: string) => ({ pk: `ROUTING#${partition}`, sk: 'QUEUES' }),
  /** Every open item of a routing partition with its place in line and estimated wait. */
  routingWaits: (partition: string) => ({ pk: `ROUTING#${partition}`, sk: 'WAITS' }),
  /**
   * One UTC day's interval records, sorted by interval start: a queue and channel's counts, or
   * an agent's seconds per activity, in the 15 minutes from `start` (ISO).
   */
  queueInterval: (day: string, start: string, queueId: string, channel: string) => ({
    pk: `INTERVALS#${day}`,
    sk: `QUEUE#${start}#${queueId}#${channel}`,
  }),
  agentInterval: (day: string, start: string, agentId: string) => ({
    pk: `INTERVALS#${day}`,
    sk: `AGENT#${start}#${agentId}`,
  }),
  intervalsPartition: (day: string) => `INTERVALS#${day}`,
  /** One queue's answers on one UTC day (`2026-05-01`). */
  queueStats: (queueId: string, day: string) => ({ pk: `QUEUESTATS#${queueId}`, sk: `DAY#${day}` }),
  /** A queue's opening hours, for whoever tells customers whether it is open (see queue-hours-repo). */
  queueHours: (queueId: string) => ({ pk: `QUEUEHOURS#${queueId}`, sk: 'HOURS' }),
  /** A live-updates connection listening to a topic; a topic's partition lists its listeners. */
  liveSubscription: (topic: string, connectionId: string) => ({
    pk: `LIVE#${topic}`,
    sk: `CONN#${connectionId}`,
  }),
  /** A live-updates connection: who opened it and what it listens to, for the clean-up. */
  liveConnection: (connectionId: string) => ({ pk: `LIVECONN#${connectionId}`, sk: 'LIVECONN' }),
  /** A knowledge article now (what search needs); one partition lists them all, for the index. */
  kbArticle: (articleId: string) => ({ pk: 'KBARTICLES', sk: `ARTICLE#${articleId}` }),
  kbArticlesPartition: () => 'KBARTICLES',
  /** Each saved version of an article, in order. */
  kbVersion: (articleId: string, version: number) => ({
    pk: `KBARTICLE#${articleId}`,
    sk: `V#${String(version).padStart(6, '0')}`,
  }),
  kbVersionsPartition: (articleId: string) => `KBARTICLE#${articleId}`,
  /** Which index file search reads: its version and where it is. */
  kbIndex: () => ({ pk: 'KBINDEX', sk: 'CURRENT' }),
  /** What a chat session's customer said of the articles offered before queueing (once). */
  chatDeflection: (sessionId: string) => ({ pk: `CHATSESSION#${sessionId}`, sk: 'DEFLECTION' }),
  /** A queue's own texts for customers (templates per language) and its survey questions. */
  queueTemplates: (queueId: string) => ({ pk: `QUEUETEXTS#${queueId}`, sk: 'TEXTS' }),
  /** An erasure job, and once it is done the tombstone that stays (see docs/compliance.md). */
  erasure: (customerId: string) => ({ pk: `ERASURE#${customerId}`, sk: 'ERASURE' }),
  /** A customer export built in the background, and where its archive is. */
  exportJob: (jobId: string) => ({ pk: `EXPORTJOB#${jobId}`, sk: 'EXPORTJOB' }),
  /** The satisfaction survey of one work item: sent once, answered once. */
  survey: (workItemId: string) => ({ pk: `SURVEY#${workItemId}`, sk: 'SURVEY' }),
  /** A survey sent as a message, whose answer is the customer's next reply in the conversation. */
  surveyPending: (conversationId: string) => ({ pk: `CONVERSATION#${conversationId}`, sk: 'SURVEYPENDING' }),
  /** One queue's (or one agent's) survey ratings on one UTC day. */
  csatStats: (scope: 'queue' | 'agent', id: string, day: string) => ({
    pk: `CSAT#${scope}#${id}`,
    sk: `DAY#${day}`,
  }),
  /** An article an agent used on a work item. */
  articleUse: (workItemId: string, articleId: string) => ({
    pk: `WORKITEM#${workItemId}`,
    sk: `ARTICLE#${articleId}`,
  }),
} as const;

/** Attributes that belong to the table layout, not to the record. */
const LAYOUT_ATTRIBUTES = [
  'pk',
  'sk',
  'gsi1pk',
  'gsi1sk',
  'gsi2pk',
  'gsi2sk',
  'gsi3pk',
  'gsi3sk',
  'expiresAt',
  'entity',
];

/** The search index's keys of an item that a term finds the customer by; none without a term. */
export function searchKeys(term: string | undefined, customerId: string): Record<string, string> {
  if (!term) return {};
  return { gsi3pk: searchBucket(term), gsi3sk: `${term}#${customerId}` };
}

/** The search index partition a term (or the start of one) is in. */
export function searchBucket(term: string): string {
  return `SEARCH#${termBucket(term)}`;
}

export function withoutLayout(item: Record<string, unknown>): Record<string, unknown> {
  const record = { ...item };
  for (const attribute of LAYOUT_ATTRIBUTES) delete record[attribute];
  return record;
}

/**
 * The access audit's own table (docs/compliance.md#access-audit), apart from the single table so
 * IAM can make it append-only: writers may only put new items, and only the audit reader may
 * query. Entries are kept under their customer (`CUSTOMER#<id>`), or under their UTC day when
 * they name none (`DAY#2026-05-01`), sorted by time; the actor index finds an agent's entries.
 */
export const AUDIT_TABLE_KEYS = {
  partitionKey: 'pk',
  sortKey: 'sk',
  indexes: {
    /** Everything one actor did: `AGENT#<agentId>` or `PRINCIPAL#<principal>`, by time. */
    actor: { name: 'actor', partitionKey: 'actorpk', sortKey: 'actorsk' },
  },
} as const;

export const auditKeys = {
  customerPartition: (customerId: string) => `CUSTOMER#${customerId}`,
  dayPartition: (at: string) => `DAY#${at.slice(0, 10)}`,
  agentPartition: (agentId: string) => `AGENT#${agentId}`,
  principalPartition: (principal: string) => `PRINCIPAL#${principal}`,
  sort: (at: string, entryId: string) => `${at}#${entryId}`,
} as const;
