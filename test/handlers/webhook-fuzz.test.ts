import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeHandler as makeMetaWebhook } from '#handlers/meta-webhook.ts';
import { makeHandler as makeTwilioWebhook } from '#handlers/twilio-webhook.ts';
import { makeHandler as makeXWebhook } from '#handlers/x-webhook.ts';
import type { HttpResult } from '#http/response.ts';
import {
  createChannelStack,
  fixture,
  queueDepth,
  signedMetaEvent,
  signedTwilioEvent,
  signedXEvent,
  tableItemCount,
} from '../support/channels.ts';
import { context } from '../support/events.ts';
import type { TestStack } from '../support/local-aws.ts';

const META_FIXTURES = [
  'messenger-message.json',
  'messenger-batch.json',
  'messenger-echo.json',
  'messenger-delivery.json',
  'messenger-reaction.json',
  'messenger-postback.json',
  'messenger-read.json',
  'instagram-message.json',
  'instagram-read.json',
  'whatsapp-text.json',
  'whatsapp-media.json',
  'whatsapp-location.json',
  'whatsapp-reaction.json',
  'whatsapp-interactive.json',
  'whatsapp-statuses.json',
  'whatsapp-failed.json',
];
const X_FIXTURES = ['dm.json', 'dm-echo.json'];

/** Every proper prefix of a payload: what a cut connection or a broken proxy would deliver. */
const prefixes = (bytes: Buffer) =>
  Array.from({ length: bytes.length }, (_, length) => bytes.subarray(0, length));

/**
 * A Twilio form with `MessageSid` moved to the end: a prefix of it that still held every field
 * would be a complete, legitimate message, so cutting must always cut into the SID.
 */
function twilioFormSidLast(name: string): Buffer {
  const params = new URLSearchParams(fixture('twilio', name).toString('utf8').trim());
  const sid = params.get('MessageSid') ?? '';
  params.delete('MessageSid');
  params.delete('SmsSid');
  params.delete('SmsMessageSid');
  return Buffer.from(`${params.toString()}&MessageSid=${sid}`);
}

/** Bodies of every kind: bytes, text, JSON, and JSON shaped like each provider's envelope. */
function randomBodies(envelope: fc.Arbitrary<unknown>): fc.Arbitrary<{ bytes: Buffer; base64: boolean }> {
  const body = fc.oneof(
    fc.uint8Array({ maxLength: 2048 }).map((bytes) => Buffer.from(bytes)),
    fc.string({ unit: 'binary', maxLength: 2048 }).map((text) => Buffer.from(text)),
    fc.json({ maxDepth: 4 }).map((text) => Buffer.from(text)),
    envelope.map((value) => Buffer.from(JSON.stringify(value) ?? 'null')),
  );
  return fc.record({ bytes: body, base64: fc.boolean() });
}

const metaEnvelope = fc.record({
  object: fc.constantFrom('page', 'instagram', 'whatsapp_business_account', 'user', ''),
  entry: fc.array(
    fc.record(
      {
        id: fc.oneof(fc.string(), fc.integer()),
        time: fc.oneof(fc.integer(), fc.double(), fc.string()),
        messaging: fc.array(fc.anything({ maxDepth: 3 }), { maxLength: 3 }),
        changes: fc.array(
          fc.record({
            field: fc.constantFrom('messages', 'account_update'),
            value: fc.anything({ maxDepth: 3 }),
          }),
          { maxLength: 3 },
        ),
      },
      { requiredKeys: [] },
    ),
    { maxLength: 3 },
  ),
});

const xEnvelope = fc.record(
  {
    for_user_id: fc.oneof(fc.stringMatching(/^\d{1,20}$/), fc.integer(), fc.string()),
    direct_message_events: fc.array(fc.anything({ maxDepth: 3 }), { maxLength: 3 }),
    users: fc.anything({ maxDepth: 2 }),
  },
  { requiredKeys: [] },
);

const twilioForm = fc
  .dictionary(
    fc.oneof(
      fc.constantFrom('MessageSid', 'From', 'To', 'Body', 'NumMedia', 'AccountSid', 'MessageStatus'),
      fc.string(),
    ),
    fc.string(),
  )
  .map((fields) => new URLSearchParams(fields).toString());

describe('webhooks under random and truncated bodies with valid signatures', () => {
  let stack: TestStack;
  let meta: ReturnType<typeof makeMetaWebhook>;
  let x: ReturnType<typeof makeXWebhook>;
  let twilio: ReturnType<typeof makeTwilioWebhook>;

  beforeAll(async () => {
    stack = await createChannelStack();
    meta = makeMetaWebhook(stack);
    x = makeXWebhook(stack);
    twilio = makeTwilioWebhook(stack);
  });

  afterAll(async () => {
    expect(await queueDepth(stack)).toBe(0);
    expect(await tableItemCount(stack)).toBe(0);
  });

  /** A validly signed body is acknowledged or refused as malformed: never a 5xx, never a 401. */
  const answered = (result: HttpResult) => {
    const status = result.statusCode ?? 200;
    expect([200, 400, 403]).toContain(status);
    return status;
  };

  it('Meta: every truncation of every payload is refused with a 4xx', async () => {
    for (const name of META_FIXTURES) {
      for (const prefix of prefixes(fixture('meta', name))) {
        expect(answered(await meta(signedMetaEvent(prefix), context))).toBe(400);
      }
    }
  });

  it('Meta: random bodies never cause a 5xx and never reach the queue', async () => {
    await fc.assert(
      fc.asyncProperty(randomBodies(metaEnvelope), async ({ bytes, base64 }) => {
        answered(await meta(signedMetaEvent(bytes, { base64 }), context));
      }),
      { numRuns: 1500 },
    );
    expect(await queueDepth(stack)).toBe(0);
  });

  it('X: every truncation is refused and random bodies never cause a 5xx', async () => {
    for (const name of X_FIXTURES) {
      for (const prefix of prefixes(fixture('x', name))) {
        expect(answered(await x(signedXEvent(prefix), context))).toBe(400);
      }
    }
    await fc.assert(
      fc.asyncProperty(randomBodies(xEnvelope), async ({ bytes }) => {
        answered(await x(signedXEvent(bytes), context));
      }),
      { numRuns: 1500 },
    );
    expect(await queueDepth(stack)).toBe(0);
  });

  it('Twilio: every truncation and random forms never cause a 5xx and never reach the queue', async () => {
    for (const name of ['sms.txt', 'mms.txt', 'whatsapp.txt', 'whatsapp-location.txt']) {
      for (const prefix of prefixes(twilioFormSidLast(name))) {
        expect(answered(await twilio(signedTwilioEvent(prefix), context))).toBeGreaterThanOrEqual(400);
      }
    }
    const bodies = fc.oneof(
      twilioForm.map((text) => ({ bytes: Buffer.from(text), base64: false })),
      randomBodies(fc.anything({ maxDepth: 2 })),
    );
    await fc.assert(
      fc.asyncProperty(bodies, async ({ bytes, base64 }) => {
        answered(await twilio(signedTwilioEvent(bytes, { base64 }), context));
      }),
      { numRuns: 1500 },
    );
    expect(await queueDepth(stack)).toBe(0);
  });
});
