import { beforeEach, describe, expect, it } from 'vitest';
import { twilioSignature } from '#channels/twilio/signature.ts';
import { EMPTY_TWIML, makeHandler } from '#handlers/twilio-webhook.ts';
import type { HttpResult } from '#http/response.ts';
import {
  createChannelStack,
  drainIngestQueue,
  fixture,
  queueDepth,
  recordOutbound,
  SECRETS,
  signedTwilioEvent,
  TWILIO_WEBHOOK_URL,
  tableItemCount,
  timelineOf,
  webhookEvent,
} from '../support/channels.ts';
import { context } from '../support/events.ts';
import type { TestStack } from '../support/local-aws.ts';

const body = (result: HttpResult) => JSON.parse(result.body ?? '{}');
const CUSTOMER = 'phone:+14155550100';
const WHATSAPP_CUSTOMER = 'phone:+447700900123';
/** Fixtures are stored without a trailing newline; trimming guards against an editor adding one. */
const form = (name: string) => fixture('twilio', name).toString('utf8').trim();

describe('Twilio messaging webhook', () => {
  let stack: TestStack;
  let webhook: ReturnType<typeof makeHandler>;
  beforeEach(async () => {
    stack = await createChannelStack();
    webhook = makeHandler(stack);
  });

  const deliver = async (name: string, options: { base64?: boolean; url?: string } = {}) => {
    const result = await webhook(signedTwilioEvent(form(name), options), context);
    expect(result.statusCode).toBe(200);
    await drainIngestQueue(stack);
    return result;
  };

  async function workItemOf(identity: `${string}:${string}`) {
    const [latest] = await timelineOf(stack, identity);
    const conversation = await stack.conversations.get(latest?.conversationId as string);
    return stack.workItems.get(conversation?.openWorkItemId as string);
  }

  it('answers an SMS with empty TwiML and puts it on the sender’s timeline, routed by our number', async () => {
    const result = await deliver('sms.txt');
    expect(result.body).toBe(EMPTY_TWIML);
    expect(result.headers?.['content-type']).toMatch(/^text\/xml/);
    const [entry] = await timelineOf(stack, CUSTOMER);
    expect(entry).toMatchObject({
      channel: 'sms',
      direction: 'inbound',
      text: 'Where is my refund? Order #48213',
      providerMessageId: 'SM7f3a91c2e4b85d06a1f2c3d4e5f6a7b8',
      endpoint: { provider: 'twilio', business: '+12065550100', customer: '+14155550100' },
    });
    expect(await workItemOf(CUSTOMER)).toMatchObject({ queueId: 'sms-support', channel: 'sms' });
  });

  it('keeps the media of an MMS by reference', async () => {
    await deliver('mms.txt');
    const [entry] = await timelineOf(stack, CUSTOMER);
    expect(entry?.text).toBeUndefined();
    expect(entry?.attachments).toEqual([
      {
        ref: 'https://api.twilio.com/2010-04-01/Accounts/ACa1b2c3d4e5f60718293a4b5c6d7e8f90/Messages/MM0c1b2a39f8e74d6cb5a493827161504f/Media/ME4d1a7c0b9e8f2d3c5b6a7980e1f2a3b4',
        contentType: 'image/jpeg',
      },
      {
        ref: 'https://api.twilio.com/2010-04-01/Accounts/ACa1b2c3d4e5f60718293a4b5c6d7e8f90/Messages/MM0c1b2a39f8e74d6cb5a493827161504f/Media/ME9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b',
        contentType: 'application/pdf',
      },
    ]);
  });

  it('takes a WhatsApp message through Twilio as the phone number’s customer, with the profile name', async () => {
    await deliver('whatsapp.txt', { base64: true });
    const [entry] = await timelineOf(stack, WHATSAPP_CUSTOMER);
    expect(entry).toMatchObject({
      channel: 'whatsapp',
      text: 'Hallo, wo bleibt meine Rückerstattung?',
      endpoint: { provider: 'twilio', business: 'whatsapp:+14155238886', customer: 'whatsapp:+447700900123' },
    });
    expect((await stack.customers.findByIdentity(WHATSAPP_CUSTOMER))?.name).toBe('Zoë Müller');
  });

  it('records a location shared on WhatsApp', async () => {
    await deliver('whatsapp-location.txt');
    const [entry] = await timelineOf(stack, WHATSAPP_CUSTOMER);
    expect(entry?.location).toEqual({
      latitude: 51.5033635,
      longitude: -0.1276248,
      name: 'Northwind Store Westminster',
      address: '12 Whitehall, London SW1A 2DD',
    });
  });

  it('stores a message Twilio posts five times once', async () => {
    for (let i = 0; i < 5; i++) await deliver('sms.txt');
    expect(await timelineOf(stack, CUSTOMER)).toHaveLength(1);
  });

  describe('signature', () => {
    const post = (headers: Record<string, string>, bytes = form('sms.txt')) =>
      webhook(webhookEvent('POST /webhooks/twilio/sms', { body: bytes, headers }), context);
    const params = new URLSearchParams(form('sms.txt'));

    it('is checked over ONETHREAD_PUBLIC_URL and the path, with or without the default port', async () => {
      await deliver('sms.txt', { url: 'https://hooks.northwind.example:443/webhooks/twilio/sms' });
      expect(await timelineOf(stack, CUSTOMER)).toHaveLength(1);
    });

    it('is checked over the scheme and Host the request came in on when no public URL is set', async () => {
      const local = makeHandler(await createChannelStack({ publicUrl: undefined }));
      const signature = twilioSignature(
        'http://localhost:3000/webhooks/twilio/sms',
        params,
        SECRETS.TWILIO_AUTH_TOKEN,
      );
      const event = webhookEvent('POST /webhooks/twilio/sms', {
        body: form('sms.txt'),
        headers: { host: 'localhost:3000', 'x-forwarded-proto': '', 'x-twilio-signature': signature },
      });
      expect((await local(event, context)).statusCode).toBe(200);
    });

    it('refuses a missing or wrong signature, another URL or a tampered parameter, and keeps nothing', async () => {
      const valid = twilioSignature(TWILIO_WEBHOOK_URL, params, SECRETS.TWILIO_AUTH_TOKEN);
      const results = await Promise.all([
        post({}),
        post({ 'x-twilio-signature': 'not base64!' }),
        post({ 'x-twilio-signature': twilioSignature(TWILIO_WEBHOOK_URL, params, 'another token') }),
        post({
          'x-twilio-signature': twilioSignature(
            `${TWILIO_WEBHOOK_URL}?x=1`,
            params,
            SECRETS.TWILIO_AUTH_TOKEN,
          ),
        }),
        post({ 'x-twilio-signature': valid }, form('sms.txt').replace('refund', 'refunds')),
        post({ 'x-twilio-signature': valid }, `${form('sms.txt')}&Injected=1`),
      ]);
      for (const result of results) expect(result.statusCode).toBe(401);
      expect(await queueDepth(stack)).toBe(0);
      expect(await tableItemCount(stack)).toBe(0);
    });

    it('refuses a validly signed post from another Twilio account with 403', async () => {
      const other = form('sms.txt').replace(
        'ACa1b2c3d4e5f60718293a4b5c6d7e8f90',
        'AC00000000000000000000000000000000',
      );
      const result = await webhook(signedTwilioEvent(other), context);
      expect(result.statusCode).toBe(403);
      expect(await queueDepth(stack)).toBe(0);
    });

    it('answers 400, naming the field, for a validly signed post that is not a message', async () => {
      const noSid = form('sms.txt').replace(/&MessageSid=[^&]+/, '');
      const result = await webhook(signedTwilioEvent(noSid), context);
      expect(result.statusCode).toBe(400);
      expect(body(result).error.field).toBe('MessageSid');
      const shortCode = form('sms.txt').replace('From=%2B14155550100', 'From=12');
      expect((await webhook(signedTwilioEvent(shortCode), context)).statusCode).toBe(400);
      expect(await queueDepth(stack)).toBe(0);
    });
  });

  describe('status callbacks', () => {
    const SID = 'SM5c4b3a29180f7e6d5c4b3a2918f0e1d2';
    beforeEach(() =>
      recordOutbound(stack, {
        channel: 'sms',
        providerMessageId: SID,
        identities: ['sms:+14155550100'],
        endpoint: { provider: 'twilio', business: '+12065550100', customer: '+14155550100' },
      }),
    );

    it('marks our SMS delivered, adding nothing inbound', async () => {
      await deliver('status-delivered.txt');
      const timeline = await timelineOf(stack, CUSTOMER);
      expect(timeline).toHaveLength(1);
      expect(timeline[0]).toMatchObject({ direction: 'outbound', deliveryStatus: 'delivered' });
    });

    it('marks an undelivered SMS failed, with Twilio’s error code', async () => {
      await deliver('status-undelivered.txt');
      await deliver('status-delivered.txt');
      const [reply] = await timelineOf(stack, CUSTOMER);
      expect(reply).toMatchObject({ deliveryStatus: 'failed', deliveryReason: 'Twilio error 30005' });
    });
  });
});
