import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { type LocalRuntime, startLocalRuntime } from '#local/runtime.ts';
import { webhookSignature } from '#local/webhooks.ts';
import schema from '../../docs/events.schema.json' with { type: 'json' };
import { type StandIn, startStandIn } from '../support/channels.ts';

const TOKEN = 'e2e-events-token';
const SECRET = 'e2e-webhook-secret-0123456789';

type BusEvent = { 'detail-type': string; source: string; detail: Record<string, unknown> };

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((next) => setTimeout(next, 100));
  }
}

describe('domain events on the local platform, end to end', () => {
  let crm: StandIn;
  let platform: LocalRuntime;

  beforeAll(async () => {
    crm = await startStandIn(() => ({ status: 204 }));
    platform = await startLocalRuntime({
      port: 0,
      devToken: TOKEN,
      env: { ONETHREAD_WEBHOOKS: JSON.stringify([{ url: `${crm.url}/hooks`, secret: SECRET }]) },
    });
  }, 60_000);

  afterAll(async () => {
    await platform?.stop();
    await crm?.close();
  });

  const agent = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
  const call = async (
    method: string,
    path: string,
    body?: object,
    headers: Record<string, string> = agent,
  ) => {
    const response = await fetch(`${platform.url}${path}`, {
      method,
      headers,
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    expect(response.status, `${method} ${path}`).toBeLessThan(300);
    return response.json() as Promise<Record<string, unknown>>;
  };
  const events = async () => (await call('GET', '/local/events')).events as BusEvent[];

  it("tells a chat's whole life as events, lists them at /local/events and posts them signed to the webhook", async () => {
    await call('PUT', '/agents/agent-ana/status', { status: 'available' });
    const session = (await call(
      'POST',
      '/chat/sessions',
      { name: 'Ana', email: 'ana.events@example.com', topic: 'billing' },
      { 'content-type': 'application/json' },
    )) as { sessionId: string; token: string; customerId: string };
    await call(
      'POST',
      `/chat/sessions/${session.sessionId}/messages`,
      { text: 'Where is my refund?', clientMessageId: 'm1' },
      { authorization: `Bearer ${session.token}`, 'content-type': 'application/json' },
    );
    const offers = await until(
      () =>
        call('GET', '/agents/agent-ana/offers') as unknown as Promise<
          Array<{ offerId: string; workItemId: string }>
        >,
      (list) => list.length > 0,
    );
    const [offer] = offers;
    if (!offer) throw new Error('no offer came');
    await call('POST', `/offers/${offer.offerId}/accept`);
    await until(
      async () => (await call('GET', `/work-items/${offer.workItemId}`)).state,
      (state) => state === 'assigned',
    );
    await call('POST', `/work-items/${offer.workItemId}/complete`);

    const mine = (list: BusEvent[]) => list.filter((event) => event.detail.customerId === session.customerId);
    const told = mine(
      await until(events, (list) => mine(list).some((e) => e['detail-type'] === 'conversation.closed')),
    );
    expect(told.map((event) => event['detail-type'])).toEqual(
      expect.arrayContaining([
        'conversation.opened',
        'interaction.recorded',
        'work-item.queued',
        'work-item.offered',
        'work-item.accepted',
        'work-item.completed',
        'conversation.closed',
      ]),
    );
    const documented = z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]);
    for (const event of told) expect(documented.safeParse(event).error, event['detail-type']).toBeUndefined();
    expect(JSON.stringify(told)).not.toMatch(/Where is my refund|ana\.events@example\.com|"Ana"/);

    const posted = await until(
      async () => crm.requests.filter((request) => request.body.includes(session.customerId)),
      (requests) => requests.length >= told.length,
    );
    expect(posted.length).toBeGreaterThanOrEqual(told.length);
    for (const request of posted) {
      expect(request.headers['x-onethread-signature']).toBe(webhookSignature(SECRET, request.body));
    }
  }, 60_000);
});
