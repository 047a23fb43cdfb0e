import type { AuditAction, AuditEntry } from '#core/audit.ts';
import type { EnvName } from '#shared/env-names.ts';

/** A Lambda function: its entry module, and the variables the stack always sets for it. */
export interface FunctionSpec {
  entry: string;
  description: string;
  requires: readonly EnvName[];
}

/**
 * Every HTTP route OneThread serves, and the function behind it. The CDK app creates exactly
 * these API Gateway routes and the local gateway serves exactly these, so the two cannot drift.
 */
export const FUNCTIONS = {
  chatApi: {
    entry: 'functions/lambda/chat-api.ts',
    description: 'Web chat: sessions, messages and typing',
    requires: [
      'TABLE_NAME',
      'INGEST_QUEUE_URL',
      'ONETHREAD_EMAIL_BUCKET',
      'ONETHREAD_LIVE_URL',
      'ONETHREAD_ROUTING_PARTITION',
      'ROUTING_QUEUE_URL',
    ],
  },
  webCalls: {
    entry: 'functions/lambda/web-calls.ts',
    description: 'In-app and web calls of a chat session through Amazon Connect',
    requires: ['TABLE_NAME', 'INGEST_QUEUE_URL'],
  },
  agentApi: {
    entry: 'functions/lambda/agent-api.ts',
    description: 'Agent API: customers, timelines, merges, unmerges, erasure and export',
    requires: [
      'TABLE_NAME',
      'AUDIT_TABLE_NAME',
      'INGEST_QUEUE_URL',
      'ONETHREAD_EMAIL_BUCKET',
      'ONETHREAD_EXPORT_FUNCTION',
    ],
  },
  health: {
    entry: 'functions/lambda/health.ts',
    description: 'Readiness of the data path',
    requires: ['TABLE_NAME', 'INGEST_QUEUE_URL'],
  },
  apiDocument: {
    entry: 'functions/lambda/api-document.ts',
    description: 'The OpenAPI 3.1 document of this API (docs/openapi.json)',
    requires: [],
  },
  knowledgeApi: {
    entry: 'functions/lambda/knowledge-api.ts',
    description: 'Knowledge base: article search, articles, publishing, and articles used on work items',
    requires: ['TABLE_NAME', 'AUDIT_TABLE_NAME', 'ONETHREAD_KB_BUCKET'],
  },
  metaWebhook: {
    entry: 'functions/lambda/meta-webhook.ts',
    description: 'Meta webhook: Messenger, Instagram and WhatsApp Cloud API',
    requires: ['TABLE_NAME', 'INGEST_QUEUE_URL'],
  },
  xWebhook: {
    entry: 'functions/lambda/x-webhook.ts',
    description: 'X Account Activity webhook',
    requires: ['TABLE_NAME', 'INGEST_QUEUE_URL'],
  },
  twilioWebhook: {
    entry: 'functions/lambda/twilio-webhook.ts',
    description: 'Twilio webhook: SMS, MMS and WhatsApp',
    requires: ['TABLE_NAME', 'INGEST_QUEUE_URL'],
  },
  replies: {
    entry: 'functions/lambda/replies.ts',
    description: 'Agent replies on WhatsApp, Messenger, Instagram, X and SMS',
    requires: ['TABLE_NAME', 'INGEST_QUEUE_URL', 'ONETHREAD_EMAIL_BUCKET'],
  },
  ingest: {
    entry: 'functions/lambda/ingest.ts',
    description: 'Ingest queue consumer',
    requires: [
      'TABLE_NAME',
      'INGEST_QUEUE_URL',
      'ONETHREAD_EMAIL_BUCKET',
      'ONETHREAD_ROUTING_PARTITION',
      'ROUTING_QUEUE_URL',
    ],
  },
  routingApi: {
    entry: 'functions/lambda/routing-api.ts',
    description: 'Agents, queues, offers and work items',
    requires: ['TABLE_NAME', 'AUDIT_TABLE_NAME', 'ONETHREAD_ROUTING_PARTITION'],
  },
  router: {
    entry: 'functions/lambda/router.ts',
    description: 'Routing FIFO queue consumer',
    requires: ['TABLE_NAME', 'ONETHREAD_ROUTING_PARTITION', 'ROUTING_DLQ_URL'],
  },
  routingTimers: {
    entry: 'functions/lambda/routing-timers.ts',
    description: 'Routing timers as they come due',
    requires: [
      'TABLE_NAME',
      'ONETHREAD_ROUTING_PARTITION',
      'ROUTING_SCHEDULER_ROLE_ARN',
      'ROUTING_SCHEDULE_GROUP',
      'ROUTING_TIMER_DLQ_ARN',
      'ROUTING_TIMER_QUEUE_ARN',
      'ROUTING_TIMER_QUEUE_URL',
    ],
  },
  routingEffects: {
    entry: 'functions/lambda/routing-effects.ts',
    description: "Routing log outbox: applies each decided entry's effects from the table stream",
    requires: [
      'TABLE_NAME',
      'ONETHREAD_ROUTING_PARTITION',
      'ROUTING_SCHEDULER_ROLE_ARN',
      'ROUTING_SCHEDULE_GROUP',
      'ROUTING_TIMER_DLQ_ARN',
      'ROUTING_TIMER_QUEUE_ARN',
      'ROUTING_TIMER_QUEUE_URL',
    ],
  },
  emailInbound: {
    entry: 'functions/lambda/email-inbound.ts',
    description: 'Inbound email: SES receipt notifications (S3 → SNS → SQS, or the Lambda action)',
    requires: ['TABLE_NAME', 'INGEST_QUEUE_URL', 'ONETHREAD_EMAIL_BUCKET'],
  },
  connectFlow: {
    entry: 'functions/lambda/connect-flow.ts',
    description:
      'Amazon Connect contact flow lookup: who is calling, where to route them, and callbacks they ask for',
    requires: ['TABLE_NAME', 'INGEST_QUEUE_URL', 'ONETHREAD_ROUTING_PARTITION', 'ROUTING_QUEUE_URL'],
  },
  connectEvents: {
    entry: 'functions/lambda/connect-events.ts',
    description: 'Amazon Connect contact events (EventBridge) onto the timeline',
    requires: ['TABLE_NAME', 'INGEST_QUEUE_URL', 'ONETHREAD_ROUTING_PARTITION', 'ROUTING_QUEUE_URL'],
  },
  connectRequests: {
    entry: 'functions/lambda/connect-requests.ts',
    description: 'Connect requests queue consumer: tasks and callbacks, paced',
    requires: [
      'TABLE_NAME',
      'ONETHREAD_CONNECT_REQUESTS_QUEUE_URL',
      'ONETHREAD_ROUTING_PARTITION',
      'ROUTING_QUEUE_URL',
    ],
  },
  connectCallback: {
    entry: 'functions/lambda/connect-callback.ts',
    description: 'Agent callback requests through Amazon Connect',
    requires: ['TABLE_NAME', 'INGEST_QUEUE_URL', 'ONETHREAD_CONNECT_REQUESTS_QUEUE_URL'],
  },
  liveSocket: {
    entry: 'functions/lambda/live-socket.ts',
    description: 'Live updates WebSocket: connect, subscribe, disconnect',
    requires: ['TABLE_NAME'],
  },
  liveAuthorizer: {
    entry: 'functions/lambda/live-authorizer.ts',
    description: 'Live updates WebSocket: Cognito token check on connect',
    requires: [
      'TABLE_NAME',
      'ONETHREAD_CONSOLE_ORIGINS',
      'ONETHREAD_USER_POOL_CLIENT_ID',
      'ONETHREAD_USER_POOL_ID',
    ],
  },
  liveUpdates: {
    entry: 'functions/lambda/live-updates.ts',
    description: 'Live updates: table changes (DynamoDB stream) to console notices and domain events',
    requires: ['TABLE_NAME', 'ONETHREAD_EVENT_BUS', 'ONETHREAD_LIVE_ENDPOINT'],
  },
  cannedResponses: {
    entry: 'functions/lambda/canned-responses.ts',
    description: 'Canned responses: supervisors keep them, agents search and insert them',
    requires: ['TABLE_NAME', 'AUDIT_TABLE_NAME'],
  },
  surveysApi: {
    entry: 'functions/lambda/surveys-api.ts',
    description: 'Satisfaction survey answers (chat card, emailed page) and chat transcripts by email',
    requires: ['TABLE_NAME', 'INGEST_QUEUE_URL'],
  },
  agentSignedIn: {
    entry: 'functions/lambda/agent-signed-in.ts',
    description: "Cognito post-authentication trigger: each agent's sign-in into the access audit",
    requires: ['AUDIT_TABLE_NAME'],
  },
  auditApi: {
    entry: 'functions/lambda/audit-api.ts',
    description: 'Access audit: who read or changed which record, for supervisors',
    requires: ['TABLE_NAME', 'AUDIT_TABLE_NAME'],
  },
  reportsApi: {
    entry: 'functions/lambda/reports-api.ts',
    description: 'Interval history of queues and agents for the console',
    requires: ['TABLE_NAME'],
  },
  intervalExport: {
    entry: 'functions/lambda/interval-export.ts',
    description: 'Closed 15-minute intervals to the reports bucket as JSON lines, every 15 minutes',
    requires: ['TABLE_NAME', 'ONETHREAD_REPORTS_BUCKET'],
  },
  customerExports: {
    entry: 'functions/lambda/customer-exports.ts',
    description: 'Customer export jobs: a whole record as one ZIP, built in the background',
    requires: ['TABLE_NAME', 'ONETHREAD_EMAIL_BUCKET'],
  },
  attachmentsApi: {
    entry: 'functions/lambda/attachments-api.ts',
    description: 'Attachments: upload grants for customers and agents, and signed links agents read files by',
    requires: ['TABLE_NAME', 'AUDIT_TABLE_NAME', 'ONETHREAD_EMAIL_BUCKET'],
  },
  eventsApi: {
    entry: 'functions/lambda/events-api.ts',
    description: 'Business events onto timelines, their API keys, and store visits staff log',
    requires: ['TABLE_NAME', 'AUDIT_TABLE_NAME', 'INGEST_QUEUE_URL'],
  },
} as const satisfies Record<string, FunctionSpec>;
export type FunctionName = keyof typeof FUNCTIONS;

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';

export interface RouteSpec {
  method: HttpMethod;
  /** API Gateway path template, e.g. `/customers/{customerId}`. */
  path: string;
  function: FunctionName;
  /**
   * `agent` routes need a signed-in agent or supervisor (Cognito JWT on AWS, dev token locally);
   * `iam` routes a SigV4-signed AWS principal (on AWS only: locally nothing can pass).
   */
  auth: 'public' | 'agent' | 'iam';
  /** Each successful request is an entry of the access audit (docs/compliance.md#access-audit). */
  audit?: AuditSpec;
}

export interface AuditSpec {
  action: AuditAction;
  /**
   * What a `config.changed` route changes, and where its id is: a path parameter, or (for
   * something the request creates) a field of the answer.
   */
  resource?: { type: AuditResource; id?: { path: string } | { answer: readonly string[] } };
}
type AuditResource = NonNullable<AuditEntry['resource']>['type'];

const customerRead: AuditSpec = { action: 'customer.read' };
// Marked pure so a bundle that reads only FUNCTIONS leaves the route table out.
const configChange = /* @__NO_SIDE_EFFECTS__ */ (
  type: AuditResource,
  id: NonNullable<AuditSpec['resource']>['id'],
): AuditSpec => ({
  action: 'config.changed',
  resource: { type, id },
});

export const ROUTES: readonly RouteSpec[] = [
  { method: 'POST', path: '/chat/sessions', function: 'chatApi', auth: 'public' },
  { method: 'POST', path: '/chat/sessions/{sessionId}/messages', function: 'chatApi', auth: 'public' },
  { method: 'GET', path: '/chat/sessions/{sessionId}/messages', function: 'chatApi', auth: 'public' },
  { method: 'GET', path: '/chat/sessions/{sessionId}/queue', function: 'chatApi', auth: 'public' },
  { method: 'POST', path: '/chat/sessions/{sessionId}/callback', function: 'chatApi', auth: 'public' },
  // Leaving the line: the widget's End chat, and its page-hide beacon (token in a text/plain body).
  { method: 'POST', path: '/chat/sessions/{sessionId}/end', function: 'chatApi', auth: 'public' },
  // Authorised by the chat session's own token, as its other routes.
  { method: 'POST', path: '/chat/sessions/{sessionId}/calls', function: 'webCalls', auth: 'public' },
  // A visitor proves an email by typing back the code sent to it.
  {
    method: 'POST',
    path: '/chat/sessions/{sessionId}/email-verification',
    function: 'chatApi',
    auth: 'public',
  },
  {
    method: 'POST',
    path: '/chat/sessions/{sessionId}/email-verification/confirm',
    function: 'chatApi',
    auth: 'public',
  },
  // The customer's answer to the articles offered before a chat is queued.
  { method: 'POST', path: '/chat/sessions/{sessionId}/deflection', function: 'chatApi', auth: 'public' },
  { method: 'POST', path: '/chat/sessions/{sessionId}/typing', function: 'chatApi', auth: 'public' },
  { method: 'POST', path: '/conversations/{conversationId}/typing', function: 'chatApi', auth: 'agent' },
  { method: 'GET', path: '/conversations/{conversationId}/typing', function: 'chatApi', auth: 'agent' },
  // Knowledge base: customers search and read what is published; agents read everything;
  // supervisors (checked by the handler) write, publish and retire.
  { method: 'GET', path: '/kb/search', function: 'knowledgeApi', auth: 'public' },
  { method: 'GET', path: '/kb/published/{articleId}', function: 'knowledgeApi', auth: 'public' },
  { method: 'GET', path: '/kb/articles', function: 'knowledgeApi', auth: 'agent' },
  { method: 'GET', path: '/kb/articles/{articleId}', function: 'knowledgeApi', auth: 'agent' },
  { method: 'GET', path: '/kb/articles/{articleId}/versions', function: 'knowledgeApi', auth: 'agent' },
  {
    method: 'PUT',
    path: '/kb/articles/{articleId}',
    function: 'knowledgeApi',
    auth: 'agent',
    audit: configChange('article', { path: 'articleId' }),
  },
  { method: 'POST', path: '/kb/preview', function: 'knowledgeApi', auth: 'agent' },
  {
    method: 'POST',
    path: '/kb/articles/{articleId}/publish',
    function: 'knowledgeApi',
    auth: 'agent',
    audit: configChange('article', { path: 'articleId' }),
  },
  {
    method: 'DELETE',
    path: '/kb/articles/{articleId}',
    function: 'knowledgeApi',
    auth: 'agent',
    audit: configChange('article', { path: 'articleId' }),
  },
  { method: 'POST', path: '/work-items/{workItemId}/articles', function: 'knowledgeApi', auth: 'agent' },
  { method: 'GET', path: '/work-items/{workItemId}/articles', function: 'knowledgeApi', auth: 'agent' },
  { method: 'GET', path: '/customers', function: 'agentApi', auth: 'agent', audit: customerRead },
  { method: 'GET', path: '/customers/search', function: 'agentApi', auth: 'agent', audit: customerRead },
  {
    method: 'GET',
    path: '/customers/{customerId}',
    function: 'agentApi',
    auth: 'agent',
    audit: customerRead,
  },
  {
    method: 'GET',
    path: '/customers/{customerId}/timeline',
    function: 'agentApi',
    auth: 'agent',
    audit: customerRead,
  },
  {
    method: 'POST',
    path: '/customers/{customerId}/merge',
    function: 'agentApi',
    auth: 'agent',
    audit: { action: 'customer.merged' },
  },
  {
    method: 'POST',
    path: '/customers/{customerId}/unmerge',
    function: 'agentApi',
    auth: 'agent',
    audit: { action: 'customer.unmerged' },
  },
  // Supervisors only (checked by the handler): the right to erasure and the right of access.
  {
    method: 'DELETE',
    path: '/customers/{customerId}',
    function: 'agentApi',
    auth: 'agent',
    audit: { action: 'customer.erasure-requested' },
  },
  {
    method: 'GET',
    path: '/customers/{customerId}/export',
    function: 'agentApi',
    auth: 'agent',
    audit: { action: 'customer.exported' },
  },
  // An export job is audited when asked for and each time its archive is downloaded.
  {
    method: 'POST',
    path: '/customers/{customerId}/exports',
    function: 'agentApi',
    auth: 'agent',
    audit: { action: 'customer.exported' },
  },
  { method: 'GET', path: '/customers/{customerId}/exports/{jobId}', function: 'agentApi', auth: 'agent' },
  {
    method: 'GET',
    path: '/customers/{customerId}/exports/{jobId}/archive',
    function: 'agentApi',
    auth: 'agent',
    audit: { action: 'customer.exported' },
  },
  { method: 'GET', path: '/health', function: 'health', auth: 'public' },
  // Built from this manifest and the handlers' zod schemas (`npm run openapi`).
  { method: 'GET', path: '/openapi.json', function: 'apiDocument', auth: 'public' },
  // Provider webhooks: public, each authenticated by the provider's signature.
  { method: 'GET', path: '/webhooks/meta', function: 'metaWebhook', auth: 'public' },
  { method: 'POST', path: '/webhooks/meta', function: 'metaWebhook', auth: 'public' },
  { method: 'GET', path: '/webhooks/x', function: 'xWebhook', auth: 'public' },
  { method: 'POST', path: '/webhooks/x', function: 'xWebhook', auth: 'public' },
  { method: 'POST', path: '/webhooks/twilio/sms', function: 'twilioWebhook', auth: 'public' },
  { method: 'POST', path: '/conversations/{conversationId}/replies', function: 'replies', auth: 'agent' },
  { method: 'GET', path: '/conversations/{conversationId}/translations', function: 'replies', auth: 'agent' },
  { method: 'PUT', path: '/conversations/{conversationId}/translation', function: 'replies', auth: 'agent' },
  { method: 'GET', path: '/whatsapp/templates', function: 'replies', auth: 'agent' },
  // Routing: agents, queues, offers and work items.
  { method: 'GET', path: '/agents', function: 'routingApi', auth: 'agent' },
  {
    method: 'PUT',
    path: '/agents/{agentId}',
    function: 'routingApi',
    auth: 'agent',
    audit: configChange('agent', { path: 'agentId' }),
  },
  { method: 'GET', path: '/agents/{agentId}', function: 'routingApi', auth: 'agent' },
  { method: 'PUT', path: '/agents/{agentId}/status', function: 'routingApi', auth: 'agent' },
  { method: 'GET', path: '/agents/{agentId}/offers', function: 'routingApi', auth: 'agent' },
  { method: 'GET', path: '/agents/{agentId}/work-items', function: 'routingApi', auth: 'agent' },
  { method: 'POST', path: '/offers/{offerId}/accept', function: 'routingApi', auth: 'agent' },
  { method: 'POST', path: '/offers/{offerId}/decline', function: 'routingApi', auth: 'agent' },
  { method: 'GET', path: '/work-items/{workItemId}', function: 'routingApi', auth: 'agent' },
  { method: 'POST', path: '/work-items/{workItemId}/complete', function: 'routingApi', auth: 'agent' },
  { method: 'POST', path: '/work-items/{workItemId}/transfer', function: 'routingApi', auth: 'agent' },
  { method: 'POST', path: '/work-items/{workItemId}/reassign', function: 'routingApi', auth: 'agent' },
  {
    method: 'PUT',
    path: '/queues/{queueId}',
    function: 'routingApi',
    auth: 'agent',
    audit: configChange('queue', { path: 'queueId' }),
  },
  { method: 'GET', path: '/queues', function: 'routingApi', auth: 'agent' },
  { method: 'GET', path: '/queues/{queueId}/waiting', function: 'routingApi', auth: 'agent' },
  { method: 'GET', path: '/reports/queues', function: 'reportsApi', auth: 'agent' },
  // Canned responses: any agent searches and reads them; supervisors save and delete them.
  { method: 'GET', path: '/canned-responses', function: 'cannedResponses', auth: 'agent' },
  { method: 'GET', path: '/canned-responses/{responseId}', function: 'cannedResponses', auth: 'agent' },
  {
    method: 'PUT',
    path: '/canned-responses/{responseId}',
    function: 'cannedResponses',
    auth: 'agent',
    audit: configChange('canned-response', { path: 'responseId' }),
  },
  {
    method: 'DELETE',
    path: '/canned-responses/{responseId}',
    function: 'cannedResponses',
    auth: 'agent',
    audit: configChange('canned-response', { path: 'responseId' }),
  },
  {
    method: 'PUT',
    path: '/queues/{queueId}/templates',
    function: 'routingApi',
    auth: 'agent',
    audit: configChange('queue-templates', { path: 'queueId' }),
  },
  { method: 'GET', path: '/queues/{queueId}/templates', function: 'routingApi', auth: 'agent' },
  // Satisfaction surveys: the emailed link's page (authorised by its signed token) and the chat
  // card's answer; a chat's transcript by email (both authorised by the chat session's token).
  { method: 'GET', path: '/surveys/{token}', function: 'surveysApi', auth: 'public' },
  { method: 'POST', path: '/surveys/{token}', function: 'surveysApi', auth: 'public' },
  { method: 'POST', path: '/chat/sessions/{sessionId}/survey', function: 'surveysApi', auth: 'public' },
  { method: 'POST', path: '/chat/sessions/{sessionId}/transcript', function: 'surveysApi', auth: 'public' },
  // Amazon Connect: an agent asks for a call back to the customer.
  {
    method: 'POST',
    path: '/conversations/{conversationId}/callback',
    function: 'connectCallback',
    auth: 'agent',
  },
  // Business events: the company's systems post with an API key the handler checks, or as an
  // AWS principal; supervisors manage the keys; staff log store visits.
  { method: 'POST', path: '/events', function: 'eventsApi', auth: 'public' },
  { method: 'POST', path: '/events/iam', function: 'eventsApi', auth: 'iam' },
  {
    method: 'POST',
    path: '/events/keys',
    function: 'eventsApi',
    auth: 'agent',
    audit: configChange('api-key', { answer: ['apiKey', 'keyId'] }),
  },
  { method: 'GET', path: '/events/keys', function: 'eventsApi', auth: 'agent' },
  {
    method: 'DELETE',
    path: '/events/keys/{keyId}',
    function: 'eventsApi',
    auth: 'agent',
    audit: configChange('api-key', { path: 'keyId' }),
  },
  { method: 'POST', path: '/customers/{customerId}/store-visits', function: 'eventsApi', auth: 'agent' },
  // Attachments: an upload grant (chat session token, or an agent answering the conversation),
  // and a stored file, which only agents read.
  {
    method: 'POST',
    path: '/chat/sessions/{sessionId}/attachments',
    function: 'attachmentsApi',
    auth: 'public',
  },
  {
    method: 'POST',
    path: '/conversations/{conversationId}/attachments',
    function: 'attachmentsApi',
    auth: 'agent',
  },
  // Each read names the file and, told by the handler, the customer it belongs to.
  {
    method: 'GET',
    path: '/attachments/{attachmentId}',
    function: 'attachmentsApi',
    auth: 'agent',
    audit: { action: 'attachment.read', resource: { type: 'attachment', id: { path: 'attachmentId' } } },
  },
  // Supervisors only (checked by the handler): the access audit, by customer or by agent.
  { method: 'GET', path: '/audit', function: 'auditApi', auth: 'agent' },
];

export function routeKey(route: Pick<RouteSpec, 'method' | 'path'>): string {
  return `${route.method} ${route.path}`;
}

/** Largest request body accepted, as on API Gateway-fronted webhooks. */
export const MAX_BODY_BYTES = 256 * 1024;
