import { beforeEach, describe, expect, it } from 'vitest';
import { crcResponseToken, xSignature } from '#channels/x/signature.ts';
import { makeHandler } from '#handlers/x-webhook.ts';
import type { HttpResult } from '#http/response.ts';
import {
  createChannelStack,
  drainIngestQueue,
  fixture,
  queueDepth,
  recordOutbound,
  SECRETS,
  signedXEvent,
  tableItemCount,
  timelineOf,
  webhookEvent,
} from '../support/channels.ts';
import { context } from '../support/events.ts';
import type { TestStack } from '../support/local-aws.ts';

const body = (result: HttpResult) => JSON.parse(result.body ?? '{}');
const CUSTOMER = 'x:1189475012399288320';

describe('X Account Activity webhook', () => {
  let stack: TestStack;
  let webhook: ReturnType<typeof makeHandler>;
  beforeEach(async () => {
    stack = await createChannelStack();
    webhook = makeHandler(stack);
  });

  const deliver = async (name: string) => {
    const result = await webhook(signedXEvent(fixture('x', name)), context);
    expect(result.statusCode).toBe(200);
    await drainIngestQueue(stack);
    return result;
  };

  it('answers the Challenge-Response Check with the HMAC of the token', async () => {
    const withExample = makeHandler(
      await createChannelStack({ secrets: { ...SECRETS, X_CONSUMER_SECRET: 'example_consumer_secret' } }),
    );
    const result = await withExample(
      webhookEvent('GET /webhooks/x', { query: { crc_token: '0c1b2a39-8f7e-4d6c-b5a4-93827161504f' } }),
      context,
    );
    expect(result.statusCode).toBe(200);
    expect(body(result)).toEqual({ response_token: 'sha256=o/dnwkX9ZZfNuF9n9MDUNMy0XhvxqX3PcjYqSoH+DLM=' });
    const missing = await webhook(webhookEvent('GET /webhooks/x'), context);
    expect(missing.statusCode).toBe(400);
  });

  it('answers only CRC tokens of the shape X sends, naming crc_token otherwise', async () => {
    const crc = (crcToken: string) =>
      webhook(webhookEvent('GET /webhooks/x', { query: { crc_token: crcToken } }), context);
    // X's tokens are about 48 base64url-like characters.
    expect((await crc('U2FsdGVkX1-4rJm3b_9sQwYc2Z7oVnLp0aT8eKxH5dGfMiNjBu')).statusCode).toBe(200);
    expect((await crc('a+b/c=')).statusCode).toBe(200);
    for (const token of ['x'.repeat(129), '{"a":1}', 'two words', '"quoted"', 'tab\there', 'new\nline']) {
      const result = await crc(token);
      expect(result.statusCode).toBe(400);
      expect(body(result).error).toMatchObject({ field: 'crc_token' });
      expect(body(result)).not.toHaveProperty('response_token');
    }
  });

  it('never signs a forged delivery sent as a CRC token, so posting it stores nothing', async () => {
    const forged = JSON.stringify({
      for_user_id: '1453187705217024000',
      direct_message_events: [
        {
          type: 'message_create',
          id: '1900000000000000001',
          created_timestamp: '1741686902417',
          message_create: {
            target: { recipient_id: '1453187705217024000' },
            sender_id: '666',
            message_data: { text: 'Please send the refund to my new card' },
          },
        },
      ],
    });
    // Why the shape matters: the CRC answer for a token is the signature of a body equal to it.
    expect(crcResponseToken(forged, SECRETS.X_CONSUMER_SECRET)).toBe(
      xSignature(Buffer.from(forged), SECRETS.X_CONSUMER_SECRET),
    );
    for (const crcToken of [forged, '{"for_user_id":"1453187705217024000"}']) {
      const challenge = await webhook(
        webhookEvent('GET /webhooks/x', { query: { crc_token: crcToken } }),
        context,
      );
      expect(challenge.statusCode).toBe(400);
      expect(body(challenge).error).toMatchObject({ field: 'crc_token' });
      const posted = await webhook(
        webhookEvent('POST /webhooks/x', {
          body: crcToken,
          headers: { 'x-twitter-webhooks-signature': body(challenge).response_token ?? '' },
        }),
        context,
      );
      expect(posted.statusCode).toBe(401);
    }
    await drainIngestQueue(stack);
    expect(await stack.customers.findByIdentity('x:666')).toBeUndefined();
    expect(await tableItemCount(stack)).toBe(0);
  });

  it('puts a direct message and its photo on the sender’s timeline, routed by our account', async () => {
    await deliver('dm.json');
    const [entry] = await timelineOf(stack, CUSTOMER);
    expect(entry).toMatchObject({
      channel: 'x',
      direction: 'inbound',
      providerMessageId: '1899441236502876161',
      at: '2025-03-11T09:55:02.417Z',
      text: 'Hi @NorthwindHelp, my order #48213 arrived damaged. https://t.co/k2P8c1V5r0',
      attachments: [
        {
          ref: 'https://ton.twitter.com/1.1/ton/data/dm/1899441236502876161/1899441200000000000/Xk3pQ9zL.jpg',
          kind: 'photo',
          contentType: 'image/*',
        },
      ],
      endpoint: { provider: 'x', business: '1453187705217024000', customer: '1189475012399288320' },
    });
    const customer = await stack.customers.findByIdentity(CUSTOMER);
    expect(customer?.name).toBe('Zoë M.');
    const conversation = await stack.conversations.get(entry?.conversationId as string);
    const item = await stack.workItems.get(conversation?.openWorkItemId as string);
    expect(item).toMatchObject({ queueId: 'x-support', channel: 'x' });
  });

  it('stores an event X delivers five times once', async () => {
    for (let i = 0; i < 5; i++) await deliver('dm.json');
    expect(await timelineOf(stack, CUSTOMER)).toHaveLength(1);
  });

  it('treats our own direct message as the echo of a reply, not as the customer writing', async () => {
    await recordOutbound(stack, {
      channel: 'x',
      providerMessageId: '1899450011223344556',
      identities: [CUSTOMER],
    });
    await deliver('dm-echo.json');
    const timeline = await timelineOf(stack, CUSTOMER);
    expect(timeline).toHaveLength(1);
    expect(timeline[0]).toMatchObject({ direction: 'outbound', deliveryStatus: 'sent' });
  });

  it('acknowledges other activity (likes, typing) and enqueues nothing', async () => {
    const result = await deliver('other-events.json');
    expect(body(result)).toEqual({ received: 0 });
    expect(await tableItemCount(stack)).toBe(0);
  });

  it('refuses a missing, wrong or foreign signature, or a tampered body, and keeps nothing', async () => {
    const payload = fixture('x', 'dm.json');
    const post = (headers: Record<string, string>, bytes: Buffer | string = payload) =>
      webhook(webhookEvent('POST /webhooks/x', { body: bytes, headers }), context);
    const valid = xSignature(payload, SECRETS.X_CONSUMER_SECRET);
    const results = await Promise.all([
      post({}),
      post({ 'x-twitter-webhooks-signature': valid.replace('sha256=', 'sha1=') }),
      post({ 'x-twitter-webhooks-signature': xSignature(payload, 'another secret') }),
      post({ 'x-twitter-webhooks-signature': valid }, payload.toString().replace('damaged', 'fine')),
    ]);
    for (const result of results) expect(result.statusCode).toBe(401);
    expect(await queueDepth(stack)).toBe(0);
  });

  it('answers 400 for a validly signed body that is not an activity event', async () => {
    for (const bytes of ['{', '{"for_user_id":1453187705217024000}', '{"direct_message_events":[]}']) {
      expect((await webhook(signedXEvent(bytes), context)).statusCode).toBe(400);
    }
    expect(await queueDepth(stack)).toBe(0);
  });
});
