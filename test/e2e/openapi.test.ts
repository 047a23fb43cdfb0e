import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { type LocalRuntime, startLocalRuntime } from '#local/runtime.ts';
import document from '../../docs/openapi.json' with { type: 'json' };

const TOKEN = 'e2e-openapi-token';
const agent = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };

type Json = Record<string, unknown>;
type Answer = { content?: Record<string, { schema: Json }>; $ref?: string };
type Operation = { responses: Record<string, Answer> };

/** The documented schema of one answer, its component references resolved from the document. */
function documented(method: string, path: string, status: number): z.ZodType {
  const paths = document.paths as unknown as Record<string, Record<string, Operation>>;
  const given = paths[path]?.[method.toLowerCase()]?.responses[String(status)];
  const shared = document.components.responses as Record<string, Answer>;
  const answer = given?.$ref ? shared[given.$ref.replace('#/components/responses/', '')] : given;
  const schema = answer?.content?.['application/json']?.schema;
  if (!schema) throw new Error(`${method} ${path} documents no JSON answer for ${status}`);
  const local = JSON.parse(
    JSON.stringify({ ...schema, $defs: document.components.schemas }).replaceAll(
      '#/components/schemas/',
      '#/$defs/',
    ),
  );
  return z.fromJSONSchema(local);
}

/** Polls until `done`; the test's own timeout is the only limit. */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((next) => setTimeout(next, 200));
  }
}

describe('answers of the local platform, against docs/openapi.json', () => {
  let platform: LocalRuntime;

  beforeAll(async () => {
    platform = await startLocalRuntime({ port: 0, devToken: TOKEN });
  }, 120_000);

  afterAll(async () => {
    await platform?.stop();
  });

  /** Calls a route and checks its answer against the document: `template` names the route. */
  async function call(
    method: string,
    template: string,
    options: { path?: string; body?: object; headers?: Record<string, string>; status?: number } = {},
  ): Promise<Json> {
    const response = await fetch(`${platform.url}${options.path ?? template}`, {
      method,
      headers: options.headers ?? agent,
      ...(options.body ? { body: JSON.stringify(options.body) } : {}),
    });
    const body = (await response.json()) as Json;
    expect(response.status, `${method} ${template}: ${JSON.stringify(body)}`).toBe(options.status ?? 200);
    const checked = documented(method, template, response.status).safeParse(body);
    expect(checked.error, `${method} ${template}`).toBeUndefined();
    return body;
  }

  it('checks for real: an answer short of a documented field does not pass', () => {
    const customer = documented('GET', '/customers/{customerId}', 200);
    expect(customer.safeParse({ customer: { customerId: 'c1' } }).success).toBe(false);
    expect(documented('GET', '/queues', 200).safeParse({ queues: [{ queueId: 'q' }] }).success).toBe(false);
  });

  it('serves the committed document at GET /openapi.json', async () => {
    expect(await call('GET', '/openapi.json')).toEqual(document);
  });

  it("answers a chat's life, the agent's desk and the customer's record as documented", async () => {
    await call('PUT', '/agents/{agentId}/status', {
      path: '/agents/agent-ana/status',
      body: { status: 'available' },
    });
    const visitor = { 'content-type': 'application/json' };
    const session = (await call('POST', '/chat/sessions', {
      body: { name: 'Olga', email: 'olga.openapi@example.com', topic: 'billing' },
      headers: visitor,
      status: 201,
    })) as { sessionId: string; token: string; customerId: string };
    const chat = { ...visitor, authorization: `Bearer ${session.token}` };
    const sessionPath = `/chat/sessions/${session.sessionId}`;
    await call('POST', '/chat/sessions/{sessionId}/messages', {
      path: `${sessionPath}/messages`,
      body: { text: 'Is my invoice ready?', clientMessageId: 'm1' },
      headers: chat,
      status: 202,
    });
    const offers = await until(
      () => call('GET', '/agents/{agentId}/offers', { path: '/agents/agent-ana/offers' }),
      (list) => (list as unknown as unknown[]).length > 0,
    );
    const [offer] = offers as unknown as { offerId: string; workItemId: string }[];
    if (!offer) throw new Error('no offer');
    await call('GET', '/chat/sessions/{sessionId}/queue', { path: `${sessionPath}/queue`, headers: chat });
    await call('POST', '/offers/{offerId}/accept', { path: `/offers/${offer.offerId}/accept` });
    await call('GET', '/agents/{agentId}/work-items', { path: '/agents/agent-ana/work-items' });
    await call('GET', '/agents/{agentId}', { path: '/agents/agent-ana' });
    await call('GET', '/work-items/{workItemId}', { path: `/work-items/${offer.workItemId}` });
    await call('GET', '/chat/sessions/{sessionId}/messages', {
      path: `${sessionPath}/messages`,
      headers: chat,
    });
    const customerPath = `/customers/${session.customerId}`;
    await call('GET', '/customers/{customerId}', { path: customerPath });
    const timeline = await until(
      () => call('GET', '/customers/{customerId}/timeline', { path: `${customerPath}/timeline` }),
      (page) => (page.items as unknown[]).length > 0,
    );
    expect(timeline.customerId).toBe(session.customerId);
    await call('GET', '/customers/search', { path: '/customers/search?q=Olga' });
    await call('GET', '/queues');
    await call('GET', '/agents');
  }, 120_000);

  it('answers reads of knowledge, canned responses, templates and health as documented', async () => {
    await call('GET', '/kb/articles');
    await call('GET', '/kb/search', { path: '/kb/search?q=refund' });
    await call('GET', '/canned-responses');
    await call('GET', '/whatsapp/templates');
    await call('GET', '/queues/{queueId}/templates', { path: '/queues/support/templates' });
    await call('GET', '/health');
  });

  it('refuses in the documented error shape, naming the field', async () => {
    const refused = await call('POST', '/chat/sessions', {
      body: { name: '' },
      headers: { 'content-type': 'application/json' },
      status: 400,
    });
    expect(refused.error).toMatchObject({ code: 'invalid_request', field: 'name' });
    await call('GET', '/customers/{customerId}', { path: '/customers/nobody', status: 404 });
  });
});
