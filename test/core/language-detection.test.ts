import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MIN_CONFIDENCE } from '#core/language.ts';
import { detectLanguage, messageLanguage } from '#core/language-detection.ts';

const SAMPLE_DIR = new URL('../fixtures/language/', import.meta.url);

/** The labelled sample: one file per language, one customer message a line. */
function sample(): Array<{ language: string; text: string }> {
  return readdirSync(SAMPLE_DIR)
    .filter((file) => file.endsWith('.txt'))
    .flatMap((file) =>
      readFileSync(new URL(file, SAMPLE_DIR), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((text) => ({ language: file.slice(0, 2), text })),
    );
}

describe('language detection on the labelled sample', () => {
  const messages = sample();

  it('holds a few hundred messages in ten languages', () => {
    expect(messages.length).toBeGreaterThanOrEqual(300);
    expect(new Set(messages.map((m) => m.language)).size).toBe(10);
  });

  it('names the right language for at least 94% of each language’s messages, 97% overall', () => {
    const byLanguage = new Map<string, { right: number; all: number }>();
    for (const { language, text } of messages) {
      const tally = byLanguage.get(language) ?? { right: 0, all: 0 };
      tally.all++;
      if (detectLanguage(text)?.code === language) tally.right++;
      byLanguage.set(language, tally);
    }
    for (const [language, { right, all }] of byLanguage) {
      expect(right / all, language).toBeGreaterThanOrEqual(0.94);
    }
    const right = [...byLanguage.values()].reduce((sum, tally) => sum + tally.right, 0);
    expect(right / messages.length).toBeGreaterThanOrEqual(0.97);
  });

  it('is almost never wrong when it is confident: what it is unsure of falls back instead', () => {
    const confident = messages.filter(
      ({ text }) => (detectLanguage(text)?.confidence ?? 0) >= MIN_CONFIDENCE,
    );
    const wrong = confident.filter(({ language, text }) => detectLanguage(text)?.code !== language);
    expect(confident.length / messages.length).toBeGreaterThanOrEqual(0.9);
    expect(wrong.length).toBeLessThanOrEqual(2);
  });
});

describe('a message’s language', () => {
  it('is the text’s own when the text is clear', () => {
    expect(messageLanguage('Hola, no he recibido mi pedido todavía', { conversation: 'en' })).toMatchObject({
      code: 'es',
      source: 'detected',
    });
  });

  it('falls back to the conversation’s, then the customer’s, then the queue’s for a short text', () => {
    expect(messageLanguage('ok', { conversation: 'pt', customer: 'es', queue: 'en' })).toEqual({
      code: 'pt',
      confidence: 0,
      source: 'conversation',
    });
    expect(messageLanguage('ok', { customer: 'es', queue: 'en' })).toMatchObject({
      code: 'es',
      source: 'customer',
    });
    expect(messageLanguage('👍', { queue: 'de' })).toMatchObject({ code: 'de', source: 'queue' });
  });

  it('keeps an unsure detection when nothing else is known, and nothing for no letters at all', () => {
    expect(messageLanguage('gracias', {})?.source).toBe('detected');
    expect(messageLanguage('12345 !!', {})).toBeUndefined();
  });
});
