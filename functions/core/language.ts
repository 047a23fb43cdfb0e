import * as z from 'zod';

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
/** What is already known, most specific first. */
export interface KnownLanguages {
  conversation?: string | undefined;
  customer?: string | undefined;
  queue?: string | undefined;
}

/** Only a clear detection teaches the conversation and the profile anything. */
export function isConfident(language: MessageLanguage | undefined): language is MessageLanguage {
  return language?.source === 'detected' && language.confidence >= MIN_CONFIDENCE;
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
