import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeHandler as makeMetaWebhook } from '#handlers/meta-webhook.ts';
import { makeHandler } from '#handlers/replies.ts';
import { makeHandler as makeTwilioWebhook } from '#handlers/twilio-webhook.ts';
import { makeHandler as makeXWebhook } from '#handlers/x-webhook.ts';
import type { HttpResult } from '#http/response.ts';
import {
  createChannelStack,
  drainIngestQueue,
  fixture,
  queueDepth,
  type RecordedRequest,
  SECRETS,
  type StandIn,
  type StandInReply,
  signedMetaEvent,
  signedTwilioEvent,
  signedXEvent,
  startStandIn,
  TWILIO_ACCOUNT_SID,
  timelineOf,
} from '../support/channels.ts';
import { context, httpEvent } from '../support/events.ts';
import type { TestStack } from '../support/local-aws.ts';

const body = (result: HttpResult) => JSON.parse(result.body ?? '{}');
const REPLY = 'POST /conversations/{conversationId}/replies';
const AGENT = { sub: 'agent-ana', 'cognito:groups': 'agents' };
const WAMID = 'wamid.HBgMNDQ3NzAwOTAwMTIzFQIAERgSQUdFTlQtUkVQTFktMDAwMDAxAA==';
const MID = 'm_cmVwbHktZnJvbS1hZ2VudA';
const DM_EVENT_ID = '1899450011223344556';
const TWILIO_SID = 'SM5c4b3a29180f7e6d5c4b3a2918f0e1d2';

const graphError = (status: number, code: number, message: string, details?: string): StandInReply => ({
  status,
  body: {
    error: {
      message,
      type: 'OAuthException',
      code,
      ...(details ? { error_data: { messaging_product: 'whatsapp', details } } : {}),
      fbtrace_id: 'AbCdEfGhIjK',
    },
  },
});

/** The Graph API as far as sending goes: checks the token for the sender and the body's shape. */
function graphApi(request: RecordedRequest): StandInReply {
  const match = /^\/v23\.0\/(\d+)\/messages$/.exec(request.path);
  const sent = JSON.parse(request.body || '{}');
  if (request.method !== 'POST' || !match) return graphError(404, 803, 'Unknown path');
  if (request.headers['content-type'] !== 'application/json') return graphError(400, 100, 'Expected JSON');
  if (match[1] === '106712349875321') {
    if (request.headers.authorization !== `Bearer ${SECRETS.META_ACCESS_TOKEN}`) {
      return graphError(401, 190, 'Invalid OAuth access token');
    }
    const valid =
      sent.messaging_product === 'whatsapp' &&
      typeof sent.to === 'string' &&
      ((sent.type === 'text' && sent.text?.body) ||
        (sent.type === 'template' && validTemplate(sent.template)));
    return valid
      ? {
          status: 200,
          body: {
            messaging_product: 'whatsapp',
            contacts: [{ input: sent.to, wa_id: sent.to }],
            messages: [{ id: WAMID }],
          },
        }
      : graphError(400, 100, 'Invalid parameter');
  }
  if (request.headers.authorization !== `Bearer ${SECRETS.META_PAGE_ACCESS_TOKEN}`) {
    return graphError(401, 190, 'Invalid OAuth access token');
  }
  const valid = typeof sent.recipient?.id === 'string' && typeof sent.message?.text === 'string';
  return valid
    ? { status: 200, body: { recipient_id: sent.recipient.id, message_id: MID } }
    : graphError(400, 100, 'Invalid parameter');
}

/** A Cloud API template message: a name, a language code, and text parameters of its body. */
function validTemplate(template: {
  name?: unknown;
  language?: { code?: unknown };
  components?: Array<{ type?: unknown; parameters?: Array<{ type?: unknown; text?: unknown }> }>;
}): boolean {
  return (
    typeof template?.name === 'string' &&
    typeof template.language?.code === 'string' &&
    (template.components ?? []).every(
      (component) =>
        component.type === 'body' &&
        (component.parameters ?? []).every((p) => p.type === 'text' && typeof p.text === 'string'),
    )
  );
}

/** X API v2 direct messages, with a user-context bearer token. */
function xApi(request: RecordedRequest): StandInReply {
  if (request.headers.authorization !== `Bearer ${SECRETS.X_ACCESS_TOKEN}`) {
    return { status: 401, body: { title: 'Unauthorized', detail: 'Unauthorized', status: 401 } };
  }
  const match = /^\/2\/dm_conversations\/with\/(\d+)\/messages$/.exec(request.path);
  if (!match || typeof JSON.parse(request.body || '{}').text !== 'string') {
    return { status: 400, body: { title: 'Invalid Request', detail: 'One or more parameters are invalid.' } };
  }
  return {
    status: 201,
    body: { data: { dm_conversation_id: `${match[1]}-1453187705217024000`, dm_event_id: DM_EVENT_ID } },
  };
}

/** Twilio's Messages API: HTTP Basic with the account SID and Auth Token, a form body. */
function twilioApi(request: RecordedRequest): StandInReply {
  const basic = `Basic ${Buffer.from(`${TWILIO_ACCOUNT_SID}:${SECRETS.TWILIO_AUTH_TOKEN}`).toString('base64')}`;
  if (request.headers.authorization !== basic) {
    return { status: 401, body: { code: 20003, message: 'Authenticate', status: 401 } };
  }
  const form = new URLSearchParams(request.body);
  if (
    request.path !== `/2010-04-01/Accounts/${TWILIO_ACCOUNT_SID}/Messages.json` ||
    request.headers['content-type'] !== 'application/x-www-form-urlencoded' ||
    !form.get('To') ||
    !form.get('From') ||
    !form.get('Body')
  ) {
    return { status: 400, body: { code: 21604, message: "A 'To' phone number is required.", status: 400 } };
  }
  return {
    status: 201,
    body: { sid: TWILIO_SID, status: 'queued', to: form.get('To'), from: form.get('From') },
  };
}

describe('agent replies on social channels and SMS', () => {
  let graph: StandIn;
  let x: StandIn;
  let twilio: StandIn;
  let stack: TestStack;
  let replies: ReturnType<typeof makeHandler>;

  beforeAll(async () => {
    [graph, x, twilio] = await Promise.all([
      startStandIn(graphApi),
      startStandIn(xApi),
      startStandIn(twilioApi),
    ]);
  });
  afterAll(() => Promise.all([graph.close(), x.close(), twilio.close()]));
  beforeEach(async () => {
    for (const standIn of [graph, x, twilio]) standIn.requests.length = 0;
    stack = await createChannelStack({ graphUrl: graph.url, xApiUrl: x.url, twilioApiUrl: twilio.url });
    replies = makeHandler(stack);
  });

  /** A customer writes in on a channel; returns their conversation. */
  async function customerWrites(
    provider: 'meta' | 'x' | 'twilio',
    name: string,
    identity: `${string}:${string}`,
  ) {
    const payload = fixture(provider, name);
    const result =
      provider === 'meta'
        ? await makeMetaWebhook(stack)(signedMetaEvent(payload), context)
        : provider === 'x'
          ? await makeXWebhook(stack)(signedXEvent(payload), context)
          : await makeTwilioWebhook(stack)(signedTwilioEvent(payload.toString().trim()), context);
    expect(result.statusCode).toBe(200);
    await drainIngestQueue(stack);
    const [entry] = await timelineOf(stack, identity);
    return entry?.conversationId as string;
  }

  const reply = (conversationId: string, payload: unknown, claims: Record<string, string> | null = AGENT) =>
    replies(
      httpEvent(REPLY, { pathParameters: { conversationId }, body: payload, claims: claims ?? undefined }),
      context,
    );

  it('sends a WhatsApp reply through the Graph API and records it in the customer’s conversation', async () => {
    const conversationId = await customerWrites('meta', 'whatsapp-text.json', 'phone:+447700900123');
    const result = await reply(conversationId, {
      channel: 'whatsapp',
      text: 'Your refund was issued today.',
    });
    expect(result.statusCode).toBe(202);
    expect(body(result)).toMatchObject({
      accepted: true,
      providerMessageId: WAMID,
      deliveryStatus: 'accepted',
    });

    expect(graph.requests).toHaveLength(1);
    expect(JSON.parse(graph.requests[0]?.body ?? '')).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '447700900123',
      type: 'text',
      text: { preview_url: false, body: 'Your refund was issued today.' },
    });

    await drainIngestQueue(stack);
    const [recorded] = await timelineOf(stack, 'phone:+447700900123');
    expect(recorded).toMatchObject({
      interactionId: body(result).interactionId,
      conversationId,
      channel: 'whatsapp',
      direction: 'outbound',
      providerMessageId: WAMID,
      text: 'Your refund was issued today.',
      sentBy: 'agent-ana',
      deliveryStatus: 'accepted',
    });
  });

  it('answers a Messenger customer from the Page they wrote to, with the Page token', async () => {
    const conversationId = await customerWrites(
      'meta',
      'messenger-message.json',
      'messenger:7294810365529184',
    );
    expect((await reply(conversationId, { channel: 'messenger', text: 'Checking now.' })).statusCode).toBe(
      202,
    );
    expect(graph.requests[0]?.path).toBe('/v23.0/104857392013846/messages');
    expect(JSON.parse(graph.requests[0]?.body ?? '')).toEqual({
      recipient: { id: '7294810365529184' },
      messaging_type: 'RESPONSE',
      message: { text: 'Checking now.' },
    });
  });

  it('answers an Instagram customer from the Instagram account', async () => {
    const conversationId = await customerWrites(
      'meta',
      'instagram-message.json',
      'instagram:6471029384756102',
    );
    expect((await reply(conversationId, { channel: 'instagram', text: 'Back on Friday!' })).statusCode).toBe(
      202,
    );
    expect(graph.requests[0]?.path).toBe('/v23.0/17841400008460056/messages');
    expect(JSON.parse(graph.requests[0]?.body ?? '')).toEqual({
      recipient: { id: '6471029384756102' },
      message: { text: 'Back on Friday!' },
    });
  });

  it('sends an X direct message and records it with the event id', async () => {
    const conversationId = await customerWrites('x', 'dm.json', 'x:1189475012399288320');
    const result = await reply(conversationId, {
      channel: 'x',
      text: 'Sorry about that! A replacement is on its way.',
    });
    expect(result.statusCode).toBe(202);
    expect(x.requests[0]).toMatchObject({ path: '/2/dm_conversations/with/1189475012399288320/messages' });
    expect(JSON.parse(x.requests[0]?.body ?? '')).toEqual({
      text: 'Sorry about that! A replacement is on its way.',
    });
    await drainIngestQueue(stack);
    // X delivers our own message back as an echo; it marks the reply sent instead of adding one.
    await makeXWebhook(stack)(signedXEvent(fixture('x', 'dm-echo.json')), context);
    await drainIngestQueue(stack);
    const timeline = await timelineOf(stack, 'x:1189475012399288320');
    expect(timeline.map((entry) => [entry.direction, entry.deliveryStatus])).toEqual([
      ['outbound', 'sent'],
      ['inbound', undefined],
    ]);
  });

  it('texts back from the number the customer texted, asking Twilio for delivery reports', async () => {
    const conversationId = await customerWrites('twilio', 'sms.txt', 'phone:+14155550100');
    expect((await reply(conversationId, { channel: 'sms', text: 'Refund issued.' })).statusCode).toBe(202);
    const form = new URLSearchParams(twilio.requests[0]?.body);
    expect(Object.fromEntries(form)).toEqual({
      To: '+14155550100',
      From: '+12065550100',
      Body: 'Refund issued.',
      StatusCallback: 'https://hooks.northwind.example/webhooks/twilio/sms',
    });
    await drainIngestQueue(stack);
    await makeTwilioWebhook(stack)(
      signedTwilioEvent(fixture('twilio', 'status-delivered.txt').toString().trim()),
      context,
    );
    await drainIngestQueue(stack);
    const [recorded] = await timelineOf(stack, 'phone:+14155550100');
    expect(recorded).toMatchObject({ providerMessageId: TWILIO_SID, deliveryStatus: 'delivered' });
  });

  it('answers a WhatsApp customer who came through Twilio through Twilio', async () => {
    const conversationId = await customerWrites('twilio', 'whatsapp.txt', 'phone:+447700900123');
    expect((await reply(conversationId, { channel: 'whatsapp', text: 'Hallo!' })).statusCode).toBe(202);
    expect(graph.requests).toHaveLength(0);
    const form = new URLSearchParams(twilio.requests[0]?.body);
    expect([form.get('From'), form.get('To')]).toEqual(['whatsapp:+14155238886', 'whatsapp:+447700900123']);
  });

  it('refuses a free-form WhatsApp reply more than 24 hours after the customer last wrote, before sending it', async () => {
    const conversationId = await customerWrites('meta', 'whatsapp-text.json', 'phone:+447700900123');
    const dayLater = makeHandler({ ...stack, clock: { now: () => new Date(Date.now() + 25 * 3_600_000) } });
    const result = await dayLater(
      httpEvent(REPLY, {
        pathParameters: { conversationId },
        body: { channel: 'whatsapp', text: 'Are you still there?' },
        claims: AGENT,
      }),
      context,
    );
    expect(result.statusCode).toBe(409);
    expect(body(result).error).toMatchObject({
      code: 'conflict',
      field: 'channel',
      reason: 'outside_customer_service_window',
      message: expect.stringContaining('only an approved template'),
    });
    expect(graph.requests).toHaveLength(0);
    await drainIngestQueue(stack);
    expect(await timelineOf(stack, 'phone:+447700900123')).toHaveLength(1);
  });

  describe('approved WhatsApp templates', () => {
    const ORDER = {
      name: 'order_update',
      language: 'en_US',
      body: 'Hi {{1}}, your order {{2}} has shipped.',
    };
    const withTemplates = (hoursLater = 0) =>
      makeHandler({
        ...stack,
        config: { ...stack.config, whatsappTemplates: [ORDER] },
        clock: { now: () => new Date(Date.now() + hoursLater * 3_600_000) },
      });
    const send = (handler: ReturnType<typeof makeHandler>, conversationId: string, payload: unknown) =>
      handler(
        httpEvent(REPLY, { pathParameters: { conversationId }, body: payload, claims: AGENT }),
        context,
      );
    const choice = { name: 'order_update', language: 'en_US', parameters: ['Ana', 'A-1042'] };

    it('sends an approved template through the Cloud API after the 24 hours, and records it as the customer reads it', async () => {
      const conversationId = await customerWrites('meta', 'whatsapp-text.json', 'phone:+447700900123');
      const result = await send(withTemplates(25), conversationId, { channel: 'whatsapp', template: choice });
      expect(result.statusCode).toBe(202);
      expect(JSON.parse(graph.requests[0]?.body ?? '')).toEqual({
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: '447700900123',
        type: 'template',
        template: {
          name: 'order_update',
          language: { code: 'en_US' },
          components: [
            {
              type: 'body',
              parameters: [
                { type: 'text', text: 'Ana' },
                { type: 'text', text: 'A-1042' },
              ],
            },
          ],
        },
      });
      await drainIngestQueue(stack);
      const [recorded] = await timelineOf(stack, 'phone:+447700900123');
      expect(recorded).toMatchObject({
        direction: 'outbound',
        text: 'Hi Ana, your order A-1042 has shipped.',
        providerMessageId: WAMID,
      });
    });

    it('refuses a template not configured, the wrong parameters, or a template off WhatsApp, naming the field, sending nothing', async () => {
      const conversationId = await customerWrites('meta', 'whatsapp-text.json', 'phone:+447700900123');
      const cases = [
        [{ channel: 'whatsapp', template: { ...choice, name: 'winback' } }, 'template.name'],
        [{ channel: 'whatsapp', template: { ...choice, parameters: ['Ana'] } }, 'template.parameters'],
        [{ channel: 'messenger', template: choice }, 'template'],
        [{ channel: 'whatsapp', text: 'Hi', template: choice }, 'text'],
      ] as const;
      for (const [payload, field] of cases) {
        const result = await send(withTemplates(), conversationId, payload);
        expect(result.statusCode, field).toBe(400);
        expect(body(result).error.field).toBe(field);
      }
      expect(graph.requests).toHaveLength(0);
      await drainIngestQueue(stack);
      expect(await timelineOf(stack, 'phone:+447700900123')).toHaveLength(1);
    });

    it('sends a template to a customer who never wrote on WhatsApp, at their verified number, from the configured one', async () => {
      const conversationId = await customerWrites('twilio', 'sms.txt', 'phone:+14155550100');
      const firstContact = makeHandler({
        ...stack,
        config: { ...stack.config, whatsappTemplates: [ORDER], whatsappPhoneNumberId: '106712349875321' },
      });
      const result = await send(firstContact, conversationId, { channel: 'whatsapp', template: choice });
      expect(result.statusCode).toBe(202);
      expect(graph.requests[0]?.path).toBe('/v23.0/106712349875321/messages');
      expect(JSON.parse(graph.requests[0]?.body ?? '')).toMatchObject({
        to: '14155550100',
        type: 'template',
      });
      // Without a configured number, or as free text, there is still nowhere to write from.
      for (const [handler, payload] of [
        [withTemplates(), { channel: 'whatsapp', template: choice }],
        [firstContact, { channel: 'whatsapp', text: 'Hello' }],
      ] as const) {
        const refused = await send(handler, conversationId, payload);
        expect(refused.statusCode).toBe(409);
        expect(body(refused).error.field).toBe('channel');
      }
      expect(graph.requests).toHaveLength(1);
    });

    it('lists the approved templates for agents', async () => {
      const result = await withTemplates()(httpEvent('GET /whatsapp/templates', { claims: AGENT }), context);
      expect(result.statusCode).toBe(200);
      expect(body(result)).toEqual({ templates: [ORDER] });
    });
  });

  describe('when the provider refuses', () => {
    it('shows the agent WhatsApp’s reason when the 24-hour window has closed, and records the failure', async () => {
      const conversationId = await customerWrites('meta', 'whatsapp-text.json', 'phone:+447700900123');
      const reason =
        'Message failed to send because more than 24 hours have passed since the customer last replied to this number.';
      graph.queue(graphError(400, 131047, 'Re-engagement message', reason));
      const result = await reply(conversationId, { channel: 'whatsapp', text: 'Are you still there?' });
      expect(result.statusCode).toBe(422);
      expect(body(result).error).toMatchObject({
        code: 'window_closed',
        message: `Re-engagement message: ${reason}`,
        provider: 'meta',
        providerCode: '131047',
      });
      await drainIngestQueue(stack);
      const [recorded] = await timelineOf(stack, 'phone:+447700900123');
      expect(recorded).toMatchObject({
        direction: 'outbound',
        text: 'Are you still there?',
        deliveryStatus: 'failed',
        deliveryReason: `Re-engagement message: ${reason}`,
        providerMessageId: expect.stringMatching(/^unsent:/),
      });
    });

    it('answers 429 with the wait when the provider rate-limits, without retrying', async () => {
      const conversationId = await customerWrites('x', 'dm.json', 'x:1189475012399288320');
      const reset = Math.floor(Date.now() / 1000) + 120;
      x.queue({
        status: 429,
        headers: { 'x-rate-limit-reset': String(reset) },
        body: { title: 'Too Many Requests', detail: 'Too Many Requests', status: 429 },
      });
      const result = await reply(conversationId, { channel: 'x', text: 'One moment.' });
      expect(result.statusCode).toBe(429);
      expect(body(result).error).toMatchObject({ code: 'rate_limited', message: 'Too Many Requests' });
      expect(body(result).error.retryAfterSeconds).toBeGreaterThan(100);
      expect(x.requests).toHaveLength(1);
    });

    it('names an invalid recipient in Twilio’s words', async () => {
      const conversationId = await customerWrites('twilio', 'sms.txt', 'phone:+14155550100');
      twilio.queue({
        status: 400,
        body: {
          code: 21211,
          message: "The 'To' number +14155550100 is not a valid phone number.",
          more_info: 'https://www.twilio.com/docs/errors/21211',
          status: 400,
        },
      });
      const result = await reply(conversationId, { channel: 'sms', text: 'Hi' });
      expect(result.statusCode).toBe(422);
      expect(body(result).error).toMatchObject({
        code: 'invalid_recipient',
        message: "The 'To' number +14155550100 is not a valid phone number.",
        providerCode: '21211',
      });
    });

    it('retries a transient failure and succeeds', async () => {
      const conversationId = await customerWrites('meta', 'whatsapp-text.json', 'phone:+447700900123');
      graph.queue({ status: 503, body: {} }, graphError(500, 2, 'Service temporarily unavailable'));
      const result = await reply(conversationId, { channel: 'whatsapp', text: 'Hallo!' });
      expect(result.statusCode).toBe(202);
      expect(graph.requests).toHaveLength(3);
    });

    it('gives up on a provider that stays down, and says so', async () => {
      const conversationId = await customerWrites('meta', 'whatsapp-text.json', 'phone:+447700900123');
      graph.queue({ status: 503, body: {} }, { status: 503, body: {} }, { status: 503, body: {} });
      const result = await reply(conversationId, { channel: 'whatsapp', text: 'Hallo!' });
      expect(result.statusCode).toBe(502);
      expect(body(result).error.code).toBe('unavailable');
    });
  });

  describe('requests it refuses before sending anything', () => {
    let conversationId: string;
    beforeEach(async () => {
      conversationId = await customerWrites('meta', 'whatsapp-text.json', 'phone:+447700900123');
    });
    const nothingSent = async () => {
      expect([...graph.requests, ...x.requests, ...twilio.requests]).toHaveLength(0);
      expect(await queueDepth(stack)).toBe(0);
    };

    it('refuses a caller who is not a signed-in agent', async () => {
      expect((await reply(conversationId, { channel: 'whatsapp', text: 'Hi' }, null)).statusCode).toBe(401);
      await nothingSent();
    });

    it('names the field of a text too long for the channel, an unknown channel or an empty text', async () => {
      for (const [payload, field] of [
        [{ channel: 'sms', text: 'x'.repeat(1601) }, 'text'],
        [{ channel: 'fax', text: 'Hi' }, 'channel'],
        [{ channel: 'whatsapp', text: '   ' }, 'text'],
        [{ channel: 'whatsapp', text: 'Hi', html: '<p>Hi</p>' }, 'body'],
      ] as const) {
        const result = await reply(conversationId, payload);
        expect(result.statusCode).toBe(400);
        expect(body(result).error.field).toBe(field);
      }
      await nothingSent();
    });

    it('answers 404 for an unknown conversation', async () => {
      expect((await reply('conv_unknown', { channel: 'whatsapp', text: 'Hi' })).statusCode).toBe(404);
      await nothingSent();
    });

    it('answers 409 when the customer never wrote on that channel', async () => {
      const result = await reply(conversationId, { channel: 'messenger', text: 'Hi' });
      expect(result.statusCode).toBe(409);
      expect(body(result).error.field).toBe('channel');
      await nothingSent();
    });

    it('is unavailable when the channel has no credentials, and sends nothing', async () => {
      stack = await createChannelStack({
        secrets: { META_APP_SECRET: SECRETS.META_APP_SECRET },
        graphUrl: graph.url,
      });
      const unconfigured = makeHandler(stack);
      const conversation = await customerWrites('meta', 'whatsapp-text.json', 'phone:+447700900123');
      const event = httpEvent(REPLY, {
        pathParameters: { conversationId: conversation },
        body: { channel: 'whatsapp', text: 'Hi' },
        claims: AGENT,
      });
      const result = await unconfigured(event, context);
      expect(result.statusCode).toBe(503);
      expect(body(result).error.code).toBe('channel_not_configured');
      await nothingSent();
    });
  });
});
