import { eld } from 'eld/small';
import {
  type KnownLanguages,
  type LanguageCode,
  LanguageCodeSchema,
  type MessageLanguage,
  MIN_CONFIDENCE,
} from './language.ts';

// Apart from the language schemas, so that only the functions that detect load the detector's n-gram data.

/** A score margin of this much over the runner-up counts as full confidence. */
const FULL_MARGIN = 0.2;
/** Fewer letters than this carry no usable n-grams ("ok", "👍"). */
const MIN_LETTERS = 3;

export interface Detection {
  code: LanguageCode;
  confidence: number;
}

/**
 * The language the text's n-grams point to. The detector's own scores are not probabilities,
 * so confidence is the top language's margin over the runner-up, halved when the detector
 * itself calls the result unreliable: "gracias" and "obrigado" score close, a sentence does not.
 */
export function detectLanguage(text: string): Detection | undefined {
  const letters = text.replace(/[^\p{L}]/gu, '');
  if (letters.length < MIN_LETTERS) return undefined;
  const result = eld.detect(text);
  if (!LanguageCodeSchema.safeParse(result.language).success) return undefined;
  const scores = Object.values(result.getScores()).sort((a, b) => b - a);
  const [top = 0, second = 0] = scores;
  if (top <= 0) return undefined;
  const margin = 1 - second / top;
  const confidence = Math.min(1, margin / FULL_MARGIN) * (result.isReliable() ? 1 : 0.5);
  return { code: result.language, confidence: round(confidence) };
}

/**
 * A message's language: the text's own when it is clear, else the conversation's, then the
 * customer's, then the queue's default. Undefined when nothing at all is known.
 */
export function messageLanguage(
  text: string | undefined,
  known: KnownLanguages,
): MessageLanguage | undefined {
  const detected = text ? detectLanguage(text) : undefined;
  if (detected && detected.confidence >= MIN_CONFIDENCE) return { ...detected, source: 'detected' };
  for (const source of ['conversation', 'customer', 'queue'] as const) {
    const code = known[source];
    if (code && LanguageCodeSchema.safeParse(code).success) return { code, confidence: 0, source };
  }
  return detected ? { ...detected, source: 'detected' } : undefined;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
