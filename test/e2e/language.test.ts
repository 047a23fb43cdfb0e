import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChildPlatform, startChildPlatform } from '#local/child-platform.ts';

const listing = spawnSync('apertium', ['-l'], { encoding: 'utf8' });
const HAS_APERTIUM = listing.status === 0 && /eng-spa/.test(listing.stdout) && /spa-eng/.test(listing.stdout);
const SKIPPED = HAS_APERTIUM ? '' : ' — skipped: Apertium (eng-spa, spa-eng) is not installed';

describe.skipIf(!HAS_APERTIUM)(`npm start: a Spanish chat with an English-only agent${SKIPPED}`, () => {
  const token = 'language-dev-token';
  const agent = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  let base: string;
  let platform: ChildPlatform;
  let session: { sessionId: string; token: string; customerId: string };
  let conversationId: string;

  const call = async (method: string, path: string, body?: unknown) =>
    fetch(`${base}${path}`, {
      method,
      headers: agent,
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  beforeAll(async () => {
    platform = await startChildPlatform({ ONETHREAD_DEV_TOKEN: token, ONETHREAD_SMTP_PORT: '0' });
    base = platform.url;
  }, 60_000);

  afterAll(async () => {
    await platform?.stop();
  }, 30_000);

  it('routes the chat, detected as Spanish, to the only available agent, who speaks English alone', async () => {
    const eve = {
      name: 'Eve',
      skills: { general: 3, 'lang:en': 5 },
      capacity: { chat: 2 },
      status: 'available',
    };
    expect((await call('PUT', '/agents/agent-eve', eve)).status).toBe(200);
    session = await (
      await fetch(`${base}/chat/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Lucía', email: 'lucia@example.com' }),
      })
    ).json();
    const sent = await fetch(`${base}/chat/sessions/${session.sessionId}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${session.token}` },
      body: JSON.stringify({
        text: 'Hola, no he recibido mi pedido y necesito ayuda',
        clientMessageId: 'm1',
      }),
    });
    expect(sent.status).toBe(202);
    const offers = async () => (await (await call('GET', '/agents/agent-eve/offers')).json()) as OfferView[];
    await expect.poll(async () => (await offers()).length, { timeout: 15_000 }).toBe(1);
    const [offer] = await offers();
    expect((await call('POST', `/offers/${offer?.offerId}/accept`)).status).toBe(200);
    conversationId = offer?.conversationId as string;
    const view = async () => (await call('GET', `/work-items/${offer?.workItemId}`)).json();
    await expect.poll(async () => (await view()).workItem.state, { timeout: 5_000 }).toBe('assigned');
    const { workItem, routingLog } = await view();
    expect(workItem).toMatchObject({ agentId: 'agent-eve', language: 'es' });
    expect(routingLog[0].offer.explanation.language).toBe('es');
  });

  it('shows the agent the message in English beside the Spanish original', async () => {
    const view = await (await call('GET', `/conversations/${conversationId}/translations`)).json();
    expect(view).toMatchObject({ customerLanguage: 'es', agentLanguage: 'en', translating: true });
    expect(view.translations[0]).toMatchObject({ from: 'es', to: 'en', status: 'translated' });
    expect(view.translations[0].text).toMatch(/received/i);
  });

  it('sends the English reply to the widget in Spanish, and keeps both originals on the timeline', async () => {
    const reply = await call('POST', `/conversations/${conversationId}/replies`, {
      channel: 'chat',
      text: 'Thank you, I will check your order now.',
    });
    expect(reply.status).toBe(202);
    expect((await reply.json()).translation).toMatchObject({ status: 'translated', from: 'en', to: 'es' });
    const widget = async () => {
      const response = await fetch(`${base}/chat/sessions/${session.sessionId}/messages`, {
        headers: { authorization: `Bearer ${session.token}` },
      });
      return ((await response.json()).messages as Array<{ direction: string; text: string }>).filter(
        (message) => message.direction === 'outbound',
      );
    };
    await expect.poll(async () => (await widget()).length, { timeout: 15_000 }).toBe(1);
    expect((await widget())[0]?.text).toMatch(/gracias/i);

    const timeline = await (await call('GET', `/customers/${session.customerId}/timeline`)).json();
    const items = timeline.items as TimelineItem[];
    expect(items.find((item) => item.direction === 'inbound')).toMatchObject({
      text: 'Hola, no he recibido mi pedido y necesito ayuda',
      language: { code: 'es', source: 'detected' },
    });
    expect(items.find((item) => item.direction === 'outbound')?.translation).toMatchObject({
      status: 'translated',
      original: 'Thank you, I will check your order now.',
    });
  });

  it('lets the agent turn translation off for the conversation: the next reply reaches the widget as written', async () => {
    expect(
      (await call('PUT', `/conversations/${conversationId}/translation`, { enabled: false })).status,
    ).toBe(200);
    const view = await (await call('GET', `/conversations/${conversationId}/translations`)).json();
    expect(view).toMatchObject({ enabled: false, needed: true, translating: false, translations: [] });

    const reply = await call('POST', `/conversations/${conversationId}/replies`, {
      channel: 'chat',
      text: 'Your order left our warehouse today.',
    });
    expect(reply.status).toBe(202);
    expect((await reply.json()).translation).toBeUndefined();
    const outbound = async () => {
      const response = await fetch(`${base}/chat/sessions/${session.sessionId}/messages`, {
        headers: { authorization: `Bearer ${session.token}` },
      });
      return ((await response.json()).messages as Array<{ direction: string; text: string }>)
        .filter((message) => message.direction === 'outbound')
        .map((message) => message.text);
    };
    await expect.poll(async () => (await outbound()).length, { timeout: 15_000 }).toBe(2);
    expect((await outbound())[1]).toBe('Your order left our warehouse today.');
  });
});

interface OfferView {
  offerId: string;
  workItemId: string;
  conversationId: string;
}

interface TimelineItem {
  direction: string;
  text?: string;
  language?: { code: string; source: string };
  translation?: { status: string; original: string };
}
