/**
 * Every HTTP route OneThread serves, and the function behind it. The CDK app creates exactly
 * these API Gateway routes and the local gateway serves exactly these, so the two cannot drift.
 */
export const FUNCTIONS = {
  chatApi: { entry: 'functions/handlers/chat-api.ts', description: 'Web chat: sessions and messages' },
  agentApi: {
    entry: 'functions/handlers/agent-api.ts',
    description: 'Agent read API: customers and timelines',
  },
  health: { entry: 'functions/handlers/health.ts', description: 'Readiness of the data path' },
  ingest: { entry: 'functions/handlers/ingest.ts', description: 'Ingest queue consumer' },
} as const;
export type FunctionName = keyof typeof FUNCTIONS;

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';

export interface RouteSpec {
  method: HttpMethod;
  /** API Gateway path template, e.g. `/customers/{customerId}`. */
  path: string;
  function: FunctionName;
  /** `agent` routes need a signed-in agent or supervisor (Cognito JWT on AWS, dev token locally). */
  auth: 'public' | 'agent';
}

export const ROUTES: readonly RouteSpec[] = [
  { method: 'POST', path: '/chat/sessions', function: 'chatApi', auth: 'public' },
  { method: 'POST', path: '/chat/sessions/{sessionId}/messages', function: 'chatApi', auth: 'public' },
  { method: 'GET', path: '/chat/sessions/{sessionId}/messages', function: 'chatApi', auth: 'public' },
  { method: 'GET', path: '/customers', function: 'agentApi', auth: 'agent' },
  { method: 'GET', path: '/customers/{customerId}', function: 'agentApi', auth: 'agent' },
  { method: 'GET', path: '/customers/{customerId}/timeline', function: 'agentApi', auth: 'agent' },
  { method: 'GET', path: '/health', function: 'health', auth: 'public' },
];

export function routeKey(route: Pick<RouteSpec, 'method' | 'path'>): string {
  return `${route.method} ${route.path}`;
}

/** Largest request body accepted, as on API Gateway-fronted webhooks. */
export const MAX_BODY_BYTES = 256 * 1024;
