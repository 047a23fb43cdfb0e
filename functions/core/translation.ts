import { DomainError } from './errors.ts';
import type { ReplyTranslation } from './language.ts';
import type { Conversation, Interaction, Skills } from './model.ts';

/** Why a translation could not be had; the message then goes or shows as written. */
export type TranslationFailure = 'unavailable' | 'throttled' | 'unsupported';

export class TranslationError extends DomainError {
  constructor(
    readonly failure: TranslationFailure,
    message: string,
  ) {
    super('translation_failed', message, { failure });
    this.name = 'TranslationError';
  }
}

/** Translates one text between two ISO 639-1 languages; throws `TranslationError`. */
export interface Translator {
  translate(text: string, from: string, to: string): Promise<string>;
}

export interface TranslationSettings {
  enabled: boolean;
  /** Empty: any language the service offers. */
  languages: string[];
  /** The language of an agent whose skills name none. */
  agentLanguage: string;
}

export interface LanguagePair {
  /** The customer's language. */
  customer: string;
  /** The agent's. */
  agent: string;
}

const LANGUAGE_SKILL = /^lang:([a-z]{2})$/;

/** The agent's own language: their best `lang:xx` skill, else the deployment's agent language. */
export function agentLanguage(skills: Skills, fallback: string): string {
  let best: { code: string; level: number } | undefined;
  for (const [skill, level] of Object.entries(skills)) {
    const code = LANGUAGE_SKILL.exec(skill)?.[1];
    if (code && (!best || level > best.level)) best = { code, level };
  }
  return best?.code ?? fallback;
}

/**
 * The pair to translate between, or undefined when the agent speaks the customer's language,
 * translation is off for the deployment or the conversation, or a language is not offered.
 */
export function translationPair(
  settings: TranslationSettings,
  conversation: Pick<Conversation, 'language' | 'translationOff'>,
  agentSkills: Skills,
): LanguagePair | undefined {
  const customer = conversation.language;
  if (!settings.enabled || conversation.translationOff || !customer) return undefined;
  if ((agentSkills[`lang:${customer}`] ?? 0) > 0) return undefined;
  const agent = agentLanguage(agentSkills, settings.agentLanguage);
  if (agent === customer) return undefined;
  const offered = (code: string) => settings.languages.length === 0 || settings.languages.includes(code);
  return offered(customer) && offered(agent) ? { customer, agent } : undefined;
}

/** Translates the text of markup with `translate`, leaving the markup itself as it is. */
export type MarkupTranslator = (
  html: string,
  translate: (text: string) => Promise<string>,
) => Promise<string>;

/**
 * What an agent's reply goes out as: translated into the customer's language, or as written with
 * a note. With `markup` (an email's HTML part) every part is translated or none is, so the
 * customer never gets a text part and an HTML part in two languages.
 */
export async function translateReply(
  text: string,
  pair: LanguagePair,
  translator: Translator,
  markup?: { html: string; translate: MarkupTranslator },
): Promise<{ text: string; html?: string | undefined; translation: ReplyTranslation }> {
  const base = { original: text, from: pair.agent, to: pair.customer };
  const translate = (part: string) => translator.translate(part, pair.agent, pair.customer);
  try {
    const translated = await translate(text);
    const html = markup && { html: await markup.translate(markup.html, translate) };
    return { text: translated, ...html, translation: { status: 'translated', ...base } };
  } catch (error) {
    const note = failureNote(error, 'sent');
    const html = markup && { html: markup.html };
    return { text, ...html, translation: { status: 'unavailable', ...base, note } };
  }
}

/** One inbound message as the agent reads it: in their language, or as written with a note. */
export interface InboundTranslation {
  interactionId: string;
  from: string;
  to: string;
  status: 'translated' | 'unavailable' | 'same-language';
  text?: string | undefined;
  note?: string | undefined;
}

/**
 * The customer's messages translated for the agent, one call per message (so a failure leaves
 * the others translated). Messages already in the agent's language are left as they are.
 */
export async function translateInbound(
  interactions: readonly Interaction[],
  agentLang: string,
  translator: Translator,
): Promise<InboundTranslation[]> {
  const inbound = interactions.filter((i) => i.direction === 'inbound' && i.text && i.language);
  const results: InboundTranslation[] = [];
  for (const interaction of inbound) {
    const from = interaction.language?.code as string;
    const base = { interactionId: interaction.interactionId, from, to: agentLang };
    if (from === agentLang) {
      results.push({ ...base, status: 'same-language' });
      continue;
    }
    try {
      const text = await translator.translate(interaction.text as string, from, agentLang);
      results.push({ ...base, status: 'translated', text });
    } catch (error) {
      results.push({ ...base, status: 'unavailable', note: failureNote(error, 'shown') });
    }
  }
  return results;
}

/** What the agent is told; never the text itself. */
function failureNote(error: unknown, what: 'sent' | 'shown'): string {
  const failure = error instanceof TranslationError ? error.failure : 'unavailable';
  if (failure === 'throttled') return `Translation is busy right now: ${what} as written.`;
  if (failure === 'unsupported') return `Translation does not cover this language pair: ${what} as written.`;
  return `Translation is unavailable right now: ${what} as written.`;
}
