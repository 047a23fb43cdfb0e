import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TranslationError, translateReply } from '#core/translation.ts';
import { Apertium } from '#local/apertium.ts';
import { startTranslateStandIn, type TranslateStandIn } from '#local/translate-standin.ts';
import { AmazonTranslator } from '#shared/amazon-translate.ts';
import { MemoryMeter } from '#shared/metrics.ts';
import { CachedTranslator } from '#store/translation-cache.ts';
import { createTestStack } from '../support/local-aws.ts';

const listing = spawnSync('apertium', ['-l'], { encoding: 'utf8' });
const HAS_APERTIUM = listing.status === 0 && /eng-spa/.test(listing.stdout) && /spa-eng/.test(listing.stdout);
/** Tests that need Apertium say in their name why they were skipped where it is absent. */
const needsApertium = (name: string) =>
  HAS_APERTIUM ? name : `${name} — skipped: Apertium (eng-spa, spa-eng) is not installed`;

async function failureOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return error instanceof TranslationError ? error.failure : `not a TranslationError: ${String(error)}`;
  }
}

describe('the TranslateText stand-in, through the real Amazon Translate client', () => {
  let standIn: TranslateStandIn;
  let translator: AmazonTranslator;
  beforeAll(async () => {
    standIn = await startTranslateStandIn();
    translator = new AmazonTranslator({ region: 'us-east-1', endpoint: standIn.endpoint });
  });
  afterAll(() => standIn.stop());

  it('says translation is unavailable when Apertium is absent, and a reply then goes out as written', async () => {
    const bare = await startTranslateStandIn({ apertium: new Apertium('apertium-that-is-not-installed') });
    try {
      const client = new AmazonTranslator({ region: 'us-east-1', endpoint: bare.endpoint });
      expect(await failureOf(client.translate('Hola', 'es', 'en'))).toBe('unavailable');
      const sent = await translateReply('I will check now', { customer: 'es', agent: 'en' }, client);
      expect(sent).toEqual({
        text: 'I will check now',
        translation: {
          status: 'unavailable',
          original: 'I will check now',
          from: 'en',
          to: 'es',
          note: 'Translation is unavailable right now: sent as written.',
        },
      });
    } finally {
      await bare.stop();
    }
  });

  it('reports a stand-in that is down as unavailable', async () => {
    const gone = await startTranslateStandIn();
    await gone.stop();
    const client = new AmazonTranslator({ region: 'us-east-1', endpoint: gone.endpoint });
    expect(await failureOf(client.translate('Hola', 'es', 'en'))).toBe('unavailable');
  });

  it('reports a throttle as throttled', async () => {
    standIn.setFault('throttled');
    try {
      expect(await failureOf(translator.translate('Hola', 'es', 'en'))).toBe('throttled');
    } finally {
      standIn.setFault(undefined);
    }
  });

  it.skipIf(!HAS_APERTIUM)(
    needsApertium('translates Spanish to English and back with Apertium'),
    async () => {
      expect(await translator.translate('Hola, no he recibido mi pedido', 'es', 'en')).toMatch(/received/i);
      expect(await translator.translate('Thank you very much', 'en', 'es')).toMatch(/gracias/i);
    },
  );

  it.skipIf(!HAS_APERTIUM)(
    needsApertium('refuses a pair Apertium does not have as unsupported'),
    async () => {
      expect(await failureOf(translator.translate('Merhaba', 'tr', 'en'))).toBe('unsupported');
    },
  );

  it.skipIf(!HAS_APERTIUM)(
    needsApertium('caches per text and pair, and meters only what it sent'),
    async () => {
      const stack = await createTestStack();
      const meter = new MemoryMeter();
      const cached = new CachedTranslator(translator, stack.table, meter);
      const before = standIn.characters;
      const text = 'Mi paquete llegó roto';
      const first = await cached.translate(text, 'es', 'en');
      // Another warm function: the table answers, not the service.
      const other = new CachedTranslator(translator, stack.table, meter);
      expect(await other.translate(text, 'es', 'en')).toBe(first);
      expect(await cached.translate(text, 'es', 'en')).toBe(first);
      expect(standIn.characters - before).toBe(text.length);
      expect(meter.total('TranslatedCharacters')).toBe(text.length);
    },
  );
});
