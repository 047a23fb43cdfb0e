import { beforeEach, describe, expect, it } from 'vitest';
import { metaSignature } from '#channels/meta/signature.ts';
import { makeHandler } from '#handlers/meta-webhook.ts';
import type { HttpResult } from '#http/response.ts';
import {
  createChannelStack,
  drainIngestQueue,
  fixture,
  queueDepth,
  recordOutbound,
  SECRETS,
  signedMetaEvent,
  tableItemCount,
  timelineOf,
  webhookEvent,
} from '../support/channels.ts';
import { context } from '../support/events.ts';
import type { TestStack } from '../support/local-aws.ts';

const body = (result: HttpResult) => JSON.parse(result.body ?? '{}');
const PSID = 'messenger:7294810365529184';
const WHATSAPP_CUSTOMER = 'phone:+447700900123';
const OUR_REPLY_WAMID = 'wamid.HBgMNDQ3NzAwOTAwMTIzFQIAERgSQUdFTlQtUkVQTFktMDAwMDAxAA==';

describe('Meta webhook', () => {
  let stack: TestStack;
  let webhook: ReturnType<typeof makeHandler>;
  beforeEach(async () => {
    stack = await createChannelStack();
    webhook = makeHandler(stack);
  });

  const deliver = async (name: string, options: { base64?: boolean } = {}) => {
    const result = await webhook(signedMetaEvent(fixture('meta', name), options), context);
    expect(result.statusCode).toBe(200);
    await drainIngestQueue(stack);
    return result;
  };

  async function workItemOf(identity: `${string}:${string}`) {
    const [latest] = await timelineOf(stack, identity);
    const conversation = await stack.conversations.get(latest?.conversationId as string);
    return stack.workItems.get(conversation?.openWorkItemId as string);
  }

  describe('verification handshake', () => {
    const handshake = (query: Record<string, string>) =>
      webhook(webhookEvent('GET /webhooks/meta', { query }), context);

    it('echoes the challenge as plain text when Meta subscribes with our verify token', async () => {
      const result = await handshake({
        'hub.mode': 'subscribe',
        'hub.challenge': '2096481573',
        'hub.verify_token': SECRETS.META_VERIFY_TOKEN,
      });
      expect(result).toMatchObject({ statusCode: 200, body: '2096481573' });
      expect(result.headers?.['content-type']).toMatch(/^text\/plain/);
    });

    it('refuses a wrong verify token, another mode or a missing challenge with 403', async () => {
      const good = {
        'hub.mode': 'subscribe',
        'hub.challenge': '1',
        'hub.verify_token': SECRETS.META_VERIFY_TOKEN,
      };
      const refused: Record<string, string>[] = [
        { ...good, 'hub.verify_token': 'guess' },
        { ...good, 'hub.mode': 'unsubscribe' },
        { 'hub.mode': 'subscribe', 'hub.verify_token': SECRETS.META_VERIFY_TOKEN },
        {},
      ];
      for (const query of refused) {
        expect((await handshake(query)).statusCode).toBe(403);
      }
    });
  });

  describe('signature', () => {
    const payload = fixture('meta', 'whatsapp-text.json');
    const post = (headers: Record<string, string>, bytes: Buffer | string = payload) =>
      webhook(webhookEvent('POST /webhooks/meta', { body: bytes, headers }), context);

    it('refuses a missing, wrong or foreign signature, or a tampered body, and keeps nothing', async () => {
      const valid = metaSignature(payload, SECRETS.META_APP_SECRET);
      const tampered = payload.toString().replace('Hallo!', 'Hallo?');
      const results = await Promise.all([
        post({}),
        post({ 'x-hub-signature-256': 'sha256=' }),
        post({ 'x-hub-signature-256': metaSignature(payload, 'another app secret') }),
        post({ 'x-hub-signature': 'sha1=e81b6b8c48feb5da02e3dcfc66073bb8b9801ea8' }),
        post({ 'x-hub-signature-256': valid }, tampered),
      ]);
      for (const result of results) {
        expect(result.statusCode).toBe(401);
        expect(body(result).error.code).toBe('invalid_signature');
      }
      expect(await queueDepth(stack)).toBe(0);
      expect(await tableItemCount(stack)).toBe(0);
    });

    it('checks the bytes Meta sent, escapes included, also when API Gateway base64-encodes them', async () => {
      await deliver('whatsapp-text.json', { base64: true });
      const [entry] = await timelineOf(stack, WHATSAPP_CUSTOMER);
      expect(entry?.text).toBe('Hallo!');
      const customer = await stack.customers.findByIdentity(WHATSAPP_CUSTOMER);
      expect(customer?.name).toBe('Zoë Müller');
    });

    it('answers 400 for a validly signed body that is not a Meta payload, and keeps nothing', async () => {
      for (const bytes of ['not json', '[]', '{"object":"page"}', '{"object":1,"entry":[]}', '']) {
        const result = await webhook(signedMetaEvent(bytes), context);
        expect(result.statusCode).toBe(400);
      }
      expect(await queueDepth(stack)).toBe(0);
    });

    it('is unavailable, not open, when the app secret is not configured', async () => {
      const bare = makeHandler(await createChannelStack({ secrets: {} }));
      const result = await bare(signedMetaEvent(payload), context);
      expect(result.statusCode).toBe(503);
      expect(body(result).error.code).toBe('channel_not_configured');
    });
  });

  describe('Messenger', () => {
    it('puts a customer’s message and its image on their timeline, routed by the Page', async () => {
      await deliver('messenger-message.json');
      const [entry] = await timelineOf(stack, PSID);
      expect(entry).toMatchObject({
        channel: 'messenger',
        direction: 'inbound',
        kind: 'message',
        providerMessageId: 'm_bnctbWVzc2VuZ2VyLTEwMDQ4Mi0x',
        text: 'Hallo! Wo bleibt meine Rückerstattung?',
        at: '2025-03-11T09:33:08.102Z',
        attachments: [
          {
            ref: 'https://scontent.xx.fbcdn.net/v/t1.15752-9/refund-receipt.jpg?oh=00_AYB5f2a&oe=67D9A1B2',
            contentType: 'image/*',
            kind: 'image',
          },
        ],
        endpoint: { provider: 'meta', business: '104857392013846', customer: '7294810365529184' },
      });
      expect(await workItemOf(PSID)).toMatchObject({ queueId: 'social', priority: 7, channel: 'messenger' });
    });

    it('makes every item of a batched delivery its own interaction', async () => {
      const result = await deliver('messenger-batch.json');
      expect(body(result)).toEqual({ received: 3 });
      expect((await timelineOf(stack, PSID)).map((entry) => entry.text)).toEqual([
        'Die Hülle war beschädigt.',
        'Bestellung #48213',
      ]);
      const other = await timelineOf(stack, 'messenger:8830215647719302');
      expect(other.map((entry) => entry.text)).toEqual(['Do you ship to Norway?']);
      expect(await workItemOf('messenger:8830215647719302')).toMatchObject({ queueId: 'general' });
    });

    it('stores a delivery Meta retries five times once', async () => {
      for (let i = 0; i < 5; i++) await deliver('messenger-batch.json');
      expect(await timelineOf(stack, PSID)).toHaveLength(2);
    });

    it('records a postback as the text of the button the customer pressed', async () => {
      await deliver('messenger-postback.json');
      const [entry] = await timelineOf(stack, PSID);
      expect(entry).toMatchObject({ text: 'Track my order', providerMessageId: 'm_cG9zdGJhY2stdHJhY2s' });
    });

    it('records a reaction to our message without asking for an agent', async () => {
      await deliver('messenger-reaction.json');
      const [entry] = await timelineOf(stack, PSID);
      expect(entry).toMatchObject({
        kind: 'reaction',
        reaction: { action: 'react', emoji: '❤️', targetProviderMessageId: 'm_cmVwbHktZnJvbS1hZ2VudA' },
      });
      const conversation = await stack.conversations.get(entry?.conversationId as string);
      expect(conversation?.openWorkItemId).toBeUndefined();
    });

    it('marks our message sent on its echo and delivered on the receipt, adding nothing inbound', async () => {
      await recordOutbound(stack, {
        channel: 'messenger',
        providerMessageId: 'm_cmVwbHktZnJvbS1hZ2VudA',
        identities: [PSID],
      });
      await deliver('messenger-echo.json');
      let [reply] = await timelineOf(stack, PSID);
      expect(reply?.deliveryStatus).toBe('sent');
      await deliver('messenger-delivery.json');
      const timeline = await timelineOf(stack, PSID);
      [reply] = timeline;
      expect(timeline).toHaveLength(1);
      expect(reply).toMatchObject({ direction: 'outbound', deliveryStatus: 'delivered' });
      expect(reply?.deliveryHistory?.map((event) => event.status)).toEqual(['accepted', 'sent', 'delivered']);
    });

    it('marks every message we sent up to a read watermark read, at the time the customer read', async () => {
      const sent = (mid: string, at: string) =>
        recordOutbound(stack, { channel: 'messenger', providerMessageId: mid, identities: [PSID], at });
      await sent('m_cmVwbHktMQ', '2025-03-11T09:00:00.000Z');
      await sent('m_cmVwbHktMg', '2025-03-11T09:40:00.000Z');
      // Sent after the watermark (09:40:30): not read yet.
      await sent('m_cmVwbHktMw', '2025-03-11T09:41:00.000Z');
      await deliver('messenger-read.json');
      const timeline = await timelineOf(stack, PSID);
      expect(timeline).toHaveLength(3);
      expect(timeline.map((reply) => [reply.providerMessageId, reply.deliveryStatus])).toEqual([
        ['m_cmVwbHktMw', 'accepted'],
        ['m_cmVwbHktMg', 'read'],
        ['m_cmVwbHktMQ', 'read'],
      ]);
      expect(timeline[1]?.deliveryHistory?.find((event) => event.status === 'read')?.at).toBe(
        '2025-03-11T09:42:20.301Z',
      );
    });

    it('takes a read watermark from someone we never wrote to as nothing to mark', async () => {
      const before = await tableItemCount(stack);
      await deliver('messenger-read.json');
      expect(await tableItemCount(stack)).toBe(before);
    });
  });

  describe('Instagram', () => {
    it('puts a direct message with a shared post on the Instagram user’s timeline', async () => {
      await deliver('instagram-message.json');
      const [entry] = await timelineOf(stack, 'instagram:6471029384756102');
      expect(entry).toMatchObject({
        channel: 'instagram',
        text: 'Is the linen jacket back in stock?',
        attachments: [{ kind: 'share' }],
        endpoint: { provider: 'meta', business: '17841400008460056', customer: '6471029384756102' },
      });
      expect(await workItemOf('instagram:6471029384756102')).toMatchObject({ queueId: 'instagram' });
    });

    it('marks our message read when the customer has seen it', async () => {
      const mid = 'aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQxNDAwMDA4NDYwMDU2X3JlcGx5';
      await recordOutbound(stack, {
        channel: 'instagram',
        providerMessageId: mid,
        identities: ['instagram:6471029384756102'],
      });
      await deliver('instagram-read.json');
      const [reply] = await timelineOf(stack, 'instagram:6471029384756102');
      expect(reply?.deliveryStatus).toBe('read');
    });
  });

  describe('WhatsApp Cloud API', () => {
    it('joins the sender’s phone identity and routes by our business number', async () => {
      await deliver('whatsapp-text.json');
      const [entry] = await timelineOf(stack, WHATSAPP_CUSTOMER);
      expect(entry).toMatchObject({
        channel: 'whatsapp',
        text: 'Hallo!',
        at: '2025-03-11T09:45:01.000Z',
        providerMessageId: 'wamid.HBgMNDQ3NzAwOTAwMTIzFQIAEhggQTFCMkMzRDRFNUY2QTdCOEM5RDBFMUYyQTNCNEM1RDYA',
        endpoint: { provider: 'meta', business: '106712349875321', customer: '447700900123' },
      });
      expect(await workItemOf(WHATSAPP_CUSTOMER)).toMatchObject({ queueId: 'whatsapp-support' });
    });

    it('keeps images, documents and stickers by their media id, with caption and file name', async () => {
      await deliver('whatsapp-media.json');
      const entries = (await timelineOf(stack, WHATSAPP_CUSTOMER)).reverse();
      expect(entries.map((entry) => ({ text: entry.text, attachments: entry.attachments }))).toEqual([
        {
          text: 'The sleeve as it arrived',
          attachments: [{ ref: 'whatsapp-media:1264938201746583', kind: 'image', contentType: 'image/jpeg' }],
        },
        {
          text: undefined,
          attachments: [
            {
              ref: 'whatsapp-media:3918274650192837',
              kind: 'document',
              contentType: 'application/pdf',
              name: 'Rechnung-48213.pdf',
            },
          ],
        },
        {
          text: undefined,
          attachments: [
            { ref: 'whatsapp-media:8273619405827364', kind: 'sticker', contentType: 'image/webp' },
          ],
        },
      ]);
    });

    it('records a shared location', async () => {
      await deliver('whatsapp-location.json');
      const [entry] = await timelineOf(stack, WHATSAPP_CUSTOMER);
      expect(entry?.location).toEqual({
        latitude: 51.5033635,
        longitude: -0.1276248,
        name: 'Northwind Store Westminster',
        address: '12 Whitehall, London SW1A 2DD',
      });
    });

    it('records a reaction to our message', async () => {
      await deliver('whatsapp-reaction.json');
      const [entry] = await timelineOf(stack, WHATSAPP_CUSTOMER);
      expect(entry).toMatchObject({
        kind: 'reaction',
        reaction: { action: 'react', emoji: '👍', targetProviderMessageId: OUR_REPLY_WAMID },
      });
    });

    it('records a quick-reply button and an interactive reply by their titles', async () => {
      await deliver('whatsapp-interactive.json');
      const entries = await timelineOf(stack, WHATSAPP_CUSTOMER);
      expect(entries.map((entry) => entry.text)).toEqual(['Talk to an agent', 'Yes, refund me']);
    });

    it('moves our message forward through statuses that arrive out of order', async () => {
      await recordOutbound(stack, {
        channel: 'whatsapp',
        providerMessageId: OUR_REPLY_WAMID,
        identities: ['whatsapp:447700900123'],
        at: '2025-03-11T09:46:40.000Z',
      });
      await deliver('whatsapp-statuses.json');
      await deliver('whatsapp-statuses.json');
      const [reply] = await timelineOf(stack, WHATSAPP_CUSTOMER);
      expect(reply).toMatchObject({ direction: 'outbound', deliveryStatus: 'read' });
      expect(reply?.deliveryHistory?.map((event) => event.status)).toEqual([
        'accepted',
        'sent',
        'delivered',
        'read',
      ]);
    });

    it('keeps a failure with WhatsApp’s reason, whatever arrives after it', async () => {
      await recordOutbound(stack, {
        channel: 'whatsapp',
        providerMessageId: OUR_REPLY_WAMID,
        identities: ['whatsapp:447700900123'],
      });
      await deliver('whatsapp-failed.json');
      await deliver('whatsapp-statuses.json');
      const [reply] = await timelineOf(stack, WHATSAPP_CUSTOMER);
      expect(reply).toMatchObject({
        deliveryStatus: 'failed',
        deliveryReason:
          'Re-engagement message: Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
      });
      expect(reply?.deliveryHistory?.find((event) => event.status === 'failed')?.code).toBe('131047');
    });

    it('holds a status that arrives before its message is recorded, and applies it then', async () => {
      await deliver('whatsapp-statuses.json');
      await recordOutbound(stack, {
        channel: 'whatsapp',
        providerMessageId: OUR_REPLY_WAMID,
        identities: ['whatsapp:447700900123'],
        at: '2025-03-11T09:46:40.000Z',
      });
      const [reply] = await timelineOf(stack, WHATSAPP_CUSTOMER);
      expect(reply?.deliveryStatus).toBe('read');
    });

    it('stores a message WhatsApp delivers five times once', async () => {
      for (let i = 0; i < 5; i++) await deliver('whatsapp-text.json');
      expect(await timelineOf(stack, WHATSAPP_CUSTOMER)).toHaveLength(1);
    });

    it('acknowledges changes and message types it does not record, and enqueues nothing', async () => {
      const other = JSON.stringify({
        object: 'whatsapp_business_account',
        entry: [
          {
            id: '113845926710482',
            changes: [
              { field: 'account_update', value: { event: 'VERIFIED_ACCOUNT' } },
              {
                field: 'messages',
                value: {
                  messaging_product: 'whatsapp',
                  metadata: { display_phone_number: '15550199234', phone_number_id: '106712349875321' },
                  messages: [
                    {
                      from: '447700900123',
                      id: 'wamid.unsupported-1',
                      timestamp: '1741686390',
                      type: 'unsupported',
                      errors: [{ code: 131051, title: 'Message type unknown' }],
                    },
                  ],
                },
              },
            ],
          },
        ],
      });
      const result = await webhook(signedMetaEvent(other), context);
      expect(result.statusCode).toBe(200);
      expect(body(result)).toEqual({ received: 0 });
      expect(await queueDepth(stack)).toBe(0);
    });

    it('skips an item whose sender is not a phone number, and keeps the rest of the batch', async () => {
      const payload = JSON.parse(fixture('meta', 'whatsapp-text.json').toString());
      const value = payload.entry[0].changes[0].value;
      value.messages.push({ ...value.messages[0], from: '12', id: 'wamid.bad-sender' });
      const result = await webhook(signedMetaEvent(JSON.stringify(payload)), context);
      expect(body(result)).toEqual({ received: 1 });
      await drainIngestQueue(stack);
      expect(await timelineOf(stack, WHATSAPP_CUSTOMER)).toHaveLength(1);
    });
  });
});
