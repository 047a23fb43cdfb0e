import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { acceptInboundEmail } from '#channels/email/inbound.ts';
import { inboundDeps } from '#channels/email/receive.ts';
import { makeHandler } from '#handlers/replies.ts';
import type { HttpResult } from '#http/response.ts';
import { Apertium } from '#local/apertium.ts';
import type { Emulator } from '#local/emulators.ts';
import { startSesEmulator } from '#local/ses-emulator.ts';
import { startTranslateStandIn, type TranslateStandIn } from '#local/translate-standin.ts';
import { loadLanguageConfig } from '#shared/language-config.ts';
import { MemoryMeter } from '#shared/metrics.ts';
import { createEmailStack, drainIngest, type EmailStack, timelineOf } from '../channels/email/support.ts';
import { context, httpEvent } from '../support/events.ts';

const listing = spawnSync('apertium', ['-l'], { encoding: 'utf8' });
const HAS_APERTIUM = listing.status === 0 && /eng-spa/.test(listing.stdout) && /spa-eng/.test(listing.stdout);
const needsApertium = (name: string) =>
  HAS_APERTIUM ? name : `${name} — skipped: Apertium (eng-spa, spa-eng) is not installed`;

const AGENT = { sub: 'agent-ana', 'cognito:groups': 'agents' };
const REPLY = 'POST /conversations/{conversationId}/replies';
const SWITCH = 'PUT /conversations/{conversationId}/translation';
const VIEW = 'GET /conversations/{conversationId}/translations';
const LUCIA = 'email:lucia.perez@example.com';
const QUESTION = 'Hola, no he recibido mi pedido y necesito ayuda con la devolución.';

const body = (result: HttpResult) => JSON.parse(result.body ?? '{}');

interface SentEmail {
  messageId: string;
  body: { text?: string; html?: string };
}

let ses: Emulator;
let translate: TranslateStandIn;
let silent: TranslateStandIn;
beforeAll(async () => {
  [ses, translate, silent] = await Promise.all([
    startSesEmulator(),
    startTranslateStandIn(),
    startTranslateStandIn({ apertium: new Apertium('apertium-that-is-not-installed') }),
  ]);
});
afterAll(() => Promise.all([ses?.stop(), translate?.stop(), silent?.stop()]));

async function sentEmail(sesMessageId: string): Promise<SentEmail | undefined> {
  const store = (await (await fetch(`${ses.endpoint}/store`)).json()) as { emails: SentEmail[] };
  return store.emails.find((email) => email.messageId === sesMessageId);
}

/** A deployment with live translation on, its TranslateText at `endpoint`, and email through SES. */
async function deployment(endpoint: string) {
  const language = loadLanguageConfig({ ONETHREAD_TRANSLATION: 'on', TRANSLATE_ENDPOINT: endpoint });
  const stack = await createEmailStack({
    sesEndpoint: ses.endpoint,
    app: { language },
    email: { fromName: 'Northwind Support' },
  });
  const meter = new MemoryMeter();
  return { stack, meter, replies: makeHandler({ ...stack, translationMeter: meter }) };
}

let counter = 0;
/** Lucía emails in Spanish; answers her conversation. */
async function luciaWrites(stack: EmailStack): Promise<string> {
  counter += 1;
  const raw = [
    'From: Lucía Pérez <lucia.perez@example.com>',
    'To: support@northwind.example',
    'Subject: Mi pedido no ha llegado',
    `Message-ID: <pedido-${counter}-${Date.now()}@example.com>`,
    'Date: Tue, 11 Mar 2025 10:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    QUESTION,
    '',
  ].join('\r\n');
  await acceptInboundEmail(inboundDeps(stack), {
    providerMessageId: `translation-test-${counter}-${Date.now()}`,
    raw: Buffer.from(raw, 'utf8'),
    receivedAt: new Date(Date.now() - 60_000),
    envelope: { recipients: ['support@northwind.example'] },
    verdicts: { spf: 'PASS', dkim: 'PASS', dmarc: 'PASS' },
  });
  await drainIngest(stack);
  const [entry] = await timelineOf(stack, LUCIA);
  expect(entry?.language).toMatchObject({ code: 'es', source: 'detected' });
  return entry?.conversationId as string;
}

function call(
  handler: ReturnType<typeof makeHandler>,
  routeKey: string,
  conversationId: string,
  payload?: unknown,
) {
  return handler(
    httpEvent(routeKey, {
      pathParameters: { conversationId },
      ...(payload === undefined ? {} : { body: payload }),
      claims: AGENT,
    }),
    context,
  );
}

describe('turning live translation off and on for a conversation', () => {
  let stack: EmailStack;
  let replies: ReturnType<typeof makeHandler>;
  let conversationId: string;
  beforeEach(async () => {
    ({ stack, replies } = await deployment(silent.endpoint));
    conversationId = await luciaWrites(stack);
  });

  it('refuses a body without a boolean enabled, naming the field, and writes nothing', async () => {
    for (const payload of [{}, { enabled: 'no' }, { enabled: null }, { enabled: false, extra: 1 }]) {
      const result = await call(replies, SWITCH, conversationId, payload);
      expect(result.statusCode).toBe(400);
      expect(body(result).error.field).toBe(Object.hasOwn(payload, 'extra') ? 'body' : 'enabled');
    }
    const result = await replies(
      httpEvent(SWITCH, { pathParameters: { conversationId }, rawBody: '{"enabled":', claims: AGENT }),
      context,
    );
    expect(result.statusCode).toBe(400);
    expect(body(result).error.field).toBe('body');
    expect((await stack.conversations.get(conversationId))?.translationOff).toBeUndefined();
  });

  it('answers 404 for an unknown conversation, and 401 to a caller who is not signed in', async () => {
    expect((await call(replies, SWITCH, 'conv_unknown', { enabled: false })).statusCode).toBe(404);
    const anonymous = await replies(
      httpEvent(SWITCH, { pathParameters: { conversationId }, body: { enabled: false } }),
      context,
    );
    expect(anonymous.statusCode).toBe(401);
    expect((await stack.conversations.get(conversationId))?.translationOff).toBeUndefined();
  });

  it('keeps the switch on the conversation: off, replies go as written and nothing is translated; on again, they are', async () => {
    const off = await call(replies, SWITCH, conversationId, { enabled: false });
    expect(off.statusCode).toBe(200);
    expect(body(off)).toEqual({ conversationId, enabled: false });
    expect((await stack.conversations.get(conversationId))?.translationOff).toBe(true);
    expect(body(await call(replies, VIEW, conversationId))).toMatchObject({
      enabled: false,
      needed: true,
      translating: false,
      translations: [],
    });
    const asWritten = await call(replies, REPLY, conversationId, { channel: 'email', text: 'We are on it.' });
    expect(asWritten.statusCode).toBe(202);
    expect(body(asWritten).translation).toBeUndefined();
    expect((await sentEmail(body(asWritten).sesMessageId))?.body.text).toBe('We are on it.');

    expect(body(await call(replies, SWITCH, conversationId, { enabled: true }))).toEqual({
      conversationId,
      enabled: true,
    });
    expect((await stack.conversations.get(conversationId))?.translationOff).toBeUndefined();
    // Translation is asked for again; this deployment's has no Apertium, so it says so.
    const view = body(await call(replies, VIEW, conversationId));
    expect(view).toMatchObject({ enabled: true, translating: true });
    expect(view.translations[0]).toMatchObject({ status: 'unavailable', from: 'es', to: 'en' });
    const tried = await call(replies, REPLY, conversationId, { channel: 'email', text: 'Still on it.' });
    expect(body(tried).translation).toMatchObject({ status: 'unavailable', original: 'Still on it.' });
  });
});

describe('email replies in the customer’s language', () => {
  it.skipIf(!HAS_APERTIUM)(
    needsApertium('sends the text and HTML parts in Spanish and keeps what the agent wrote on the timeline'),
    async () => {
      const { stack, meter, replies } = await deployment(translate.endpoint);
      const conversationId = await luciaWrites(stack);
      const view = body(await call(replies, VIEW, conversationId));
      expect(view).toMatchObject({ customerLanguage: 'es', agentLanguage: 'en', translating: true });
      expect(view.translations[0].text).toMatch(/received/i);

      const text = 'Thank you, I will check your order now.';
      const result = await call(replies, REPLY, conversationId, {
        channel: 'email',
        text,
        html: '<p>Thank you, I will check <b>your order</b> now.</p>',
      });
      expect(result.statusCode).toBe(202);
      const answer = body(result);
      expect(answer.translation).toEqual({ status: 'translated', original: text, from: 'en', to: 'es' });

      const email = await sentEmail(answer.sesMessageId);
      expect(email?.body.text).toMatch(/gracias/i);
      expect(email?.body.html).toMatch(/^<p>[^<]*gracias[^<]*<b>[^<]+<\/b>[^<]*<\/p>$/i);
      expect(email?.body.html).not.toMatch(/order/i);

      const [reply] = await timelineOf(stack, LUCIA);
      expect(reply).toMatchObject({
        direction: 'outbound',
        text: email?.body.text,
        translation: { status: 'translated', original: text, from: 'en', to: 'es' },
      });
      expect(reply?.email?.html).toBe(email?.body.html);
      // The question, the text part, and the HTML part's three pieces of text: each metered once.
      const pieces = ['Thank you, I will check', 'your order', 'now.'];
      expect(meter.total('TranslatedCharacters')).toBe(
        QUESTION.length + text.length + pieces.join('').length,
      );
    },
  );

  it('delivers the reply as written, with a note, when translation is unavailable', async () => {
    const { stack, replies } = await deployment(silent.endpoint);
    const conversationId = await luciaWrites(stack);
    const text = 'Thank you, I will check your order now.';
    const html = '<p>Thank you, I will check <b>your order</b> now.</p>';
    const result = await call(replies, REPLY, conversationId, { channel: 'email', text, html });
    expect(result.statusCode).toBe(202);
    const note = 'Translation is unavailable right now: sent as written.';
    expect(body(result).translation).toEqual({
      status: 'unavailable',
      original: text,
      from: 'en',
      to: 'es',
      note,
    });
    expect((await sentEmail(body(result).sesMessageId))?.body).toEqual({ text, html });
    const [reply] = await timelineOf(stack, LUCIA);
    expect(reply).toMatchObject({
      direction: 'outbound',
      text,
      translation: { status: 'unavailable', note },
    });
  });

  it('delivers the reply as written when the service throttles', async () => {
    const { stack, replies } = await deployment(translate.endpoint);
    const conversationId = await luciaWrites(stack);
    translate.setFault('throttled');
    try {
      const result = await call(replies, REPLY, conversationId, { channel: 'email', text: 'One moment.' });
      expect(result.statusCode).toBe(202);
      expect(body(result).translation).toMatchObject({
        status: 'unavailable',
        note: 'Translation is busy right now: sent as written.',
      });
      expect((await sentEmail(body(result).sesMessageId))?.body.text).toBe('One moment.');
    } finally {
      translate.setFault(undefined);
    }
  });

  it('refuses an email reply too long to send before translating anything', async () => {
    const { stack, replies } = await deployment(translate.endpoint);
    const conversationId = await luciaWrites(stack);
    const before = translate.characters;
    const result = await call(replies, REPLY, conversationId, { channel: 'email', text: 'x'.repeat(70_000) });
    expect(result.statusCode).toBe(400);
    expect(body(result).error.field).toBe('text');
    expect(translate.characters).toBe(before);
    expect(await timelineOf(stack, LUCIA)).toHaveLength(1);
  });
});
