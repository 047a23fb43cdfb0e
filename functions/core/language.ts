import { eld } from 'eld/small';
import { z } from 'zod';

/** An ISO 639-1 code such as `es`. */
export const LanguageCodeSchema = z.string().regex(/^[a-z]{2}$/);
export type LanguageCode = z.infer<typeof LanguageCodeSchema>;

/**
 * Where a message's language came from: the text itself, or, when the text was too short or
 * ambiguous to tell, what was already known about the conversation, the customer or the queue.
 */
export const LanguageSourceSchema = z.enum(['detected', 'conversation', 'customer', 'queue']);
export type LanguageSource = z.infer<typeof LanguageSourceSchema>;

export const MessageLanguageSchema = z.object({
  code: LanguageCodeSchema,
  /** 0–1: how clearly the text's own evidence picked this language; 0 for a fallback. */
  confidence: z.number().min(0).max(1),
  source: LanguageSourceSchema,
});
export type MessageLanguage = z.infer<typeof MessageLanguageSchema>;

/** Below this confidence the text is taken as ambiguous (see docs/language.md for the figures). */
export const MIN_CONFIDENCE = 0.25;
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

/** What is already known, most specific first. */
export interface KnownLanguages {
  conversation?: string | undefined;
  customer?: string | undefined;
  queue?: string | undefined;
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

/** Only a clear detection teaches the conversation and the profile anything. */
export function isConfident(language: MessageLanguage | undefined): language is MessageLanguage {
  return language?.source === 'detected' && language.confidence >= MIN_CONFIDENCE;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/**
 * On an agent's reply: what they wrote and in which language, while the interaction's `text` is
 * what the customer got. `unavailable`: translation failed, so the reply went out as written.
 */
export const ReplyTranslationSchema = z.object({
  status: z.enum(['translated', 'unavailable']),
  original: z.string().max(64 * 1024),
  from: LanguageCodeSchema,
  to: LanguageCodeSchema,
  /** Why the reply went out untranslated, for the agent to see. */
  note: z.string().max(512).optional(),
});
export type ReplyTranslation = z.infer<typeof ReplyTranslationSchema>;
