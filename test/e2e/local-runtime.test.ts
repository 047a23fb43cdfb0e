import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChildPlatform, startChildPlatform } from '#local/child-platform.ts';

describe('npm start, end to end', () => {
  const token = 'e2e-dev-token';
  let base: string;
  let platform: ChildPlatform;
  /** The session the customer chats in; later steps answer it. */
  let chatSession: { sessionId: string; token: string; customerId: string };

  beforeAll(async () => {
    // A loaded machine takes a minute or more to start everything, as the console tests allow.
    platform = await startChildPlatform({ ONETHREAD_DEV_TOKEN: token, ONETHREAD_SMTP_PORT: '0' }, 120_000);
    base = platform.url;
  }, 150_000);

  afterAll(async () => {
    await platform?.stop();
  }, 30_000);

  const agent = { authorization: `Bearer ${token}` };

  it('reports healthy once everything behind it is ready', async () => {
    const response = await fetch(`${base}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok' });
  });

  it('takes a chat in and shows it on the customer timeline exactly once', async () => {
    const session = await (
      await fetch(`${base}/chat/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Ana', email: 'ana@example.com', topic: 'billing' }),
      })
    ).json();
    chatSession = session;
    const send = (clientMessageId: string, text: string) =>
      fetch(`${base}/chat/sessions/${session.sessionId}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${session.token}` },
        body: JSON.stringify({ text, clientMessageId }),
      });
    const statuses = await Promise.all([
      send('m1', 'Hello'),
      send('m1', 'Hello'),
      send('m2', 'My order is late'),
    ]);
    expect(statuses.map((r) => r.status)).toEqual([202, 202, 202]);

    let items: Array<{ text: string; channel: string; direction: string }> = [];
    const deadline = Date.now() + 10_000;
    while (items.length < 2 && Date.now() < deadline) {
      await new Promise((done) => setTimeout(done, 100));
      const response = await fetch(`${base}/customers/${session.customerId}/timeline`, { headers: agent });
      items = (await response.json()).items;
    }
    expect(items.map((i) => i.text).sort()).toEqual(['Hello', 'My order is late']);
    expect(items.every((i) => i.channel === 'chat' && i.direction === 'inbound')).toBe(true);

    // The session proves itself; the email the visitor typed is a claim, which leads nobody here.
    const bySession = await fetch(
      `${base}/customers?identity=${encodeURIComponent(`chat:${session.sessionId}`)}`,
      {
        headers: agent,
      },
    );
    const { customer } = await bySession.json();
    expect(customer.customerId).toBe(session.customerId);
    expect(customer.claims).toMatchObject([{ identity: 'email:ana@example.com', evidence: 'chat:form' }]);
    const byEmail = await fetch(`${base}/customers?identity=${encodeURIComponent('email:ANA@example.com')}`, {
      headers: agent,
    });
    expect(byEmail.status).toBe(404);
  });

  it("records the agent's reads of the customer in the access audit, from where they came", async () => {
    const response = await fetch(`${base}/audit?customerId=${chatSession.customerId}`, {
      headers: { ...agent, 'user-agent': 'e2e-audit' },
    });
    expect(response.status).toBe(200);
    const { entries } = await response.json();
    expect(entries.length).toBeGreaterThan(0);
    expect(entries[0]).toMatchObject({
      action: 'customer.read',
      actor: { agentId: 'supervisor', role: 'supervisor' },
      customerId: chatSession.customerId,
      from: { sourceIp: expect.stringContaining('127.0.0.1') },
    });
    expect(JSON.stringify(entries)).not.toContain('My order is late');
  });

  it('routes the chat to an available billing agent, who accepts it', async () => {
    const call = (method: string, path: string, body?: unknown) =>
      fetch(`${base}${path}`, {
        method,
        headers: { ...agent, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    expect((await call('PUT', '/agents/agent-ana/status', { status: 'available' })).status).toBe(200);
    let offers: Array<{ offerId: string; workItemId: string; queueId: string }> = [];
    const deadline = Date.now() + 10_000;
    while (!offers.length && Date.now() < deadline) {
      offers = await (await call('GET', '/agents/agent-ana/offers')).json();
      if (!offers.length) await new Promise((done) => setTimeout(done, 100));
    }
    expect(offers[0]).toMatchObject({ queueId: 'billing' });
    const offer = offers[0] as (typeof offers)[number];
    expect((await call('POST', `/offers/${offer.offerId}/accept`)).status).toBe(200);
    // The work item is a projection of the routing log, carried out from its stream a moment later.
    const workItem = async () => (await call('GET', `/work-items/${offer.workItemId}`)).json();
    await expect.poll(async () => (await workItem()).workItem.state, { timeout: 5_000 }).toBe('assigned');
    const view = await workItem();
    expect(view.workItem).toMatchObject({ state: 'assigned', agentId: 'agent-ana' });
    expect(view.routingLog[0].offer.explanation).toBeDefined();

    const reply = await call('POST', `/conversations/${view.workItem.conversationId}/replies`, {
      channel: 'chat',
      text: 'Your refund went out today.',
    });
    expect(reply.status).toBe(202);
    let messages: Array<{ direction: string; text: string }> = [];
    while (!messages.some((m) => m.direction === 'outbound') && Date.now() < deadline + 10_000) {
      await new Promise((done) => setTimeout(done, 100));
      const response = await fetch(`${base}/chat/sessions/${chatSession.sessionId}/messages`, {
        headers: { authorization: `Bearer ${chatSession.token}` },
      });
      messages = (await response.json()).messages;
    }
    expect(messages.at(-1)).toMatchObject({ direction: 'outbound', text: 'Your refund went out today.' });
  });

  it('answers bad requests with clear errors', async () => {
    expect((await fetch(`${base}/customers/cust_x/timeline`)).status).toBe(401);
    expect((await fetch(`${base}/no/such/route`)).status).toBe(404);
    const tooLarge = await fetch(`${base}/chat/sessions`, { method: 'POST', body: 'x'.repeat(300 * 1024) });
    expect(tooLarge.status).toBe(413);
    const invalid = await fetch(`${base}/chat/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"email": 5}',
    });
    expect(invalid.status).toBe(400);
    expect((await invalid.json()).error.field).toBe('email');
    // fetch sends a string body as text/plain.
    const untyped = await fetch(`${base}/chat/sessions`, { method: 'POST', body: '{"name":"Ana"}' });
    expect(untyped.status).toBe(415);
    const malformed = await fetch(`${base}/agents/%ZZ`, { headers: agent });
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error.field).toBe('agentId');
  });

  it('runs a local-only route only for the dev token, and serves the console its config to anyone', async () => {
    const routes = [
      'GET /local/queues',
      'GET /local/metrics',
      'POST /local/metrics/reset',
      'POST /local/queues/ingest/redrive',
      'POST /local/connect/contact-flow',
      'POST /local/connect/events',
      'GET /local/connect/contacts',
      'POST /local/connect/tasks/end',
      'POST /local/live/@connections/c1',
    ];
    for (const route of routes) {
      const [method, path] = route.split(' ') as [string, string];
      for (const headers of [{}, { authorization: 'Bearer not-the-token' }] as Record<string, string>[]) {
        const response = await fetch(`${base}${path}`, {
          method,
          headers,
          ...(method === 'POST' ? { body: '{}' } : {}),
        });
        expect(response.status, route).toBe(401);
      }
    }
    const queues = await fetch(`${base}/local/queues`, { headers: agent });
    expect(queues.status).toBe(200);
    expect(await queues.json()).toMatchObject({ ingest: { depth: expect.any(Number) } });
    expect((await fetch(`${base}/console/config.json`)).status).toBe(200);
  });

  it("puts a company's event on the timeline with a key a supervisor issued; the IAM route stays shut", async () => {
    const json = { 'content-type': 'application/json' };
    const created = await fetch(`${base}/events/keys`, {
      method: 'POST',
      headers: { ...agent, ...json },
      body: JSON.stringify({ name: 'Orders', eventTypes: ['order.*'] }),
    });
    expect(created.status).toBe(201);
    const { secret } = await created.json();
    const event = {
      type: 'order.shipped',
      occurredAt: new Date().toISOString(),
      identity: 'email:events-e2e@example.com',
      summary: 'Order 77 shipped',
      eventId: 'e2e-77',
    };
    const body = JSON.stringify(event);
    expect(
      (await fetch(`${base}/events`, { method: 'POST', headers: { ...json, 'x-api-key': secret }, body }))
        .status,
    ).toBe(202);
    expect((await fetch(`${base}/events/iam`, { method: 'POST', headers: json, body })).status).toBe(401);

    let items: Array<{ kind: string; business?: { type: string } }> = [];
    const deadline = Date.now() + 10_000;
    while (!items.length && Date.now() < deadline) {
      await new Promise((done) => setTimeout(done, 100));
      const found = await fetch(`${base}/customers?identity=email:events-e2e@example.com`, {
        headers: agent,
      });
      if (found.status !== 200) continue;
      const { customer } = await found.json();
      items = (
        await (await fetch(`${base}/customers/${customer.customerId}/timeline`, { headers: agent })).json()
      ).items;
    }
    expect(items).toMatchObject([{ kind: 'event', business: { type: 'order.shipped' } }]);
  });

  it('serves the chat widget', async () => {
    const page = await fetch(`${base}/chat`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('widget.js');
    expect((await fetch(`${base}/chat/widget.js`)).headers.get('content-type')).toContain('javascript');
  });

  it('stops cleanly on Ctrl-C', async () => {
    expect(await platform.stop()).toBe(0);
    expect(platform.output()).toContain('stopped.');
  });
});
