import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metaSignature } from '#channels/meta/signature.ts';
import type { Interaction } from '#core/model.ts';
import { type LocalRuntime, startLocalRuntime } from '#local/runtime.ts';
import { fixture, type RecordedRequest, SECRETS, type StandIn, startStandIn } from '../support/channels.ts';

const TOKEN = 'e2e-social-token';
const WAMID_IN = 'wamid.HBgLMTQxNTU1NTAxMDAVAgASGCBFMkUtSU5CT1VORC0wMDAwMDAwMDAwMDAwMDAwMDAA';
const WAMID_OUT = 'wamid.HBgLMTQxNTU1NTAxMDAVAgARGBJFMkUtUkVQTFktMDAwMDAxAA==';

/** The fixture's WhatsApp message, re-addressed to come from Ana's number (+1 415 555 0100). */
function whatsAppFromAna(): string {
  return fixture('meta', 'whatsapp-text.json')
    .toString('utf8')
    .replaceAll('447700900123', '14155550100')
    .replace(/"id":"wamid[^"]+"/, `"id":"${WAMID_IN}"`)
    .replace('"body":"Hallo!"', '"body":"Any news on my refund? I wrote in the chat yesterday."')
    .replace('"timestamp":"1741686301"', `"timestamp":"${Math.floor(Date.now() / 1000) + 1}"`);
}

/** The statuses fixture (sent, delivered, read in reverse order), re-addressed to our reply to Ana. */
function statusesOfReply(): string {
  const now = Math.floor(Date.now() / 1000);
  return fixture('meta', 'whatsapp-statuses.json')
    .toString('utf8')
    .replaceAll('wamid.HBgMNDQ3NzAwOTAwMTIzFQIAERgSQUdFTlQtUkVQTFktMDAwMDAxAA==', WAMID_OUT)
    .replaceAll('447700900123', '14155550100')
    .replace(
      /"timestamp":"(\d+)"/g,
      (_, seconds: string) => `"timestamp":"${Number(seconds) - 1741686400 + now + 1}"`,
    );
}

describe('social channels on the local platform, end to end', () => {
  let graph: StandIn;
  let platform: LocalRuntime;

  beforeAll(async () => {
    graph = await startStandIn((request: RecordedRequest) => {
      const authorized = request.headers.authorization === `Bearer ${SECRETS.META_ACCESS_TOKEN}`;
      if (!authorized)
        return { status: 401, body: { error: { message: 'Invalid OAuth access token', code: 190 } } };
      return { status: 200, body: { messaging_product: 'whatsapp', messages: [{ id: WAMID_OUT }] } };
    });
    platform = await startLocalRuntime({
      port: 0,
      devToken: TOKEN,
      env: {
        ...SECRETS,
        META_GRAPH_URL: graph.url,
        ONETHREAD_ROUTING_RULES: JSON.stringify({
          defaultQueue: 'general',
          entryPoints: [{ channel: 'whatsapp', match: '+15550199234', queue: 'whatsapp-support' }],
        }),
      },
    });
  }, 60_000);

  afterAll(async () => {
    await platform?.stop();
    await graph?.close();
  });

  const agent = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
  const post = (path: string, body: string | object, headers: Record<string, string>) =>
    fetch(`${platform.url}${path}`, {
      method: 'POST',
      headers,
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const postToMeta = (body: string) =>
    post('/webhooks/meta', body, {
      'content-type': 'application/json',
      'x-hub-signature-256': metaSignature(Buffer.from(body), SECRETS.META_APP_SECRET),
    });

  /** The customer an identity leads to, once ingest has recorded the contact that proved it. */
  async function customerUntil(identity: string): Promise<{ customerId: string }> {
    for (let attempt = 0; attempt < 100; attempt++) {
      const response = await fetch(`${platform.url}/customers?identity=${encodeURIComponent(identity)}`, {
        headers: agent,
      });
      if (response.status === 200) return (await response.json()).customer;
      await new Promise((done) => setTimeout(done, 100));
    }
    throw new Error(`nobody has ${identity}`);
  }

  /** Reads the timeline until it satisfies `done` (the ingest queue is asynchronous). */
  async function timelineUntil(customerId: string, done: (items: Interaction[]) => boolean) {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const response = await fetch(`${platform.url}/customers/${customerId}/timeline`, { headers: agent });
      const { items } = (await response.json()) as { items: Interaction[] };
      if (done(items)) return items;
      if (Date.now() > deadline) throw new Error(`timeline never got there: ${JSON.stringify(items)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('keeps a WhatsApp sender apart from a visitor who typed that number, until an agent links them; the reply reaches WhatsApp', async () => {
    const session = (await (
      await post(
        '/chat/sessions',
        { name: 'Ana', email: 'ana@example.com', phone: '+1 415 555 0100' },
        {
          'content-type': 'application/json',
        },
      )
    ).json()) as { sessionId: string; token: string; customerId: string };
    const chat = await post(
      `/chat/sessions/${session.sessionId}/messages`,
      { text: 'Where is my refund?', clientMessageId: 'c1' },
      { authorization: `Bearer ${session.token}`, 'content-type': 'application/json' },
    );
    expect(chat.status).toBe(202);

    expect((await postToMeta(whatsAppFromAna())).status).toBe(200);
    // WhatsApp proves the number; the visitor only typed it, so the message is not theirs yet.
    const messagesOf = (items: Interaction[]) => items.filter((item) => item.kind === 'message');
    const sender = await customerUntil('phone:+14155550100');
    expect(sender.customerId).not.toBe(session.customerId);
    expect(messagesOf(await timelineUntil(session.customerId, (items) => items.length === 1))).toHaveLength(
      1,
    );

    // The agent checks with Ana and links the two records.
    const linked = await post(
      `/customers/${session.customerId}/merge`,
      { customerId: sender.customerId, reason: 'checked: claims to be phone:+14155550100' },
      agent,
    );
    expect(linked.status).toBe(200);
    const timeline = messagesOf(
      await timelineUntil(session.customerId, (items) => messagesOf(items).length === 2),
    );
    expect(timeline.map((item) => [item.channel, item.text])).toEqual([
      ['whatsapp', 'Any news on my refund? I wrote in the chat yesterday.'],
      ['chat', 'Where is my refund?'],
    ]);
    const whatsapp = timeline[0] as Interaction;

    const reply = await post(
      `/conversations/${whatsapp.conversationId}/replies`,
      { channel: 'whatsapp', text: 'Hi Ana, your refund was issued today.' },
      agent,
    );
    expect(reply.status).toBe(202);
    expect(graph.requests).toHaveLength(1);
    expect(graph.requests[0]?.path).toBe('/v23.0/106712349875321/messages');
    expect(JSON.parse(graph.requests[0]?.body ?? '{}')).toMatchObject({
      messaging_product: 'whatsapp',
      to: '14155550100',
      text: { body: 'Hi Ana, your refund was issued today.' },
    });

    expect((await postToMeta(statusesOfReply())).status).toBe(200);
    // Found by id: the provider's timestamps have second resolution, so the order may tie.
    const replyIn = (items: Interaction[]) => items.find((item) => item.providerMessageId === WAMID_OUT);
    const withReply = await timelineUntil(
      session.customerId,
      (items) => replyIn(items)?.deliveryStatus === 'read',
    );
    expect(replyIn(withReply)).toMatchObject({
      direction: 'outbound',
      channel: 'whatsapp',
      conversationId: whatsapp.conversationId,
      providerMessageId: WAMID_OUT,
      sentBy: 'local-supervisor',
    });
    expect(messagesOf(withReply)).toHaveLength(3);
  });
});
