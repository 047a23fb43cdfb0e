import type { IngestMessage } from './ingest-message.ts';
import { isConfident, type KnownLanguages, type MessageLanguage } from './language.ts';
import type { Conversation, Customer, Interaction } from './model.ts';

/** Remembers languages with conditional updates, never by rewriting the record. */
export interface LanguageMemory {
  rememberForConversation(conversationId: string, code: string): Promise<void>;
  rememberForCustomer(customerId: string, code: string): Promise<void>;
}

/** The deployment's last resort when a message says too little: per queue, then overall. */
export interface LanguageDefaults {
  defaultLanguage?: string | undefined;
  queues: Record<string, string>;
}

/** What a text is written in, given what is known; `messageLanguage` of language-detection.ts. */
export type LanguageDetector = (
  text: string | undefined,
  known: KnownLanguages,
) => MessageLanguage | undefined;

export interface LanguageDeps {
  memory: LanguageMemory;
  defaults: LanguageDefaults;
  /**
   * Only the function that takes in customers' messages carries the detector, whose n-gram
   * data is most of a bundle; elsewhere (our own replies, calls) nothing is detected anyway.
   */
  detect?: LanguageDetector | undefined;
}

/** Only what a customer wrote is detected; our replies carry their translation instead. */
export function isDetectable(message: IngestMessage): boolean {
  return message.direction === 'inbound' && message.kind === 'message' && !message.call && !!message.text;
}

/** The language of an inbound message, with what is known to fall back on when it says too little. */
export function languageOfMessage(
  message: IngestMessage,
  known: { conversation: Conversation; customer: Customer; queueId: string | undefined },
  language: LanguageDeps,
): MessageLanguage | undefined {
  if (!isDetectable(message) || !language.detect) return undefined;
  const { defaults } = language;
  return language.detect(message.text, {
    conversation: known.conversation.language,
    customer: known.customer.preferredLanguage,
    queue: (known.queueId && defaults.queues[known.queueId]) || defaults.defaultLanguage,
  });
}

/** A clear detection becomes the conversation's language and the customer's preference. */
export async function rememberLanguage(
  interaction: Interaction,
  known: { conversation: Conversation; customer: Customer },
  memory: LanguageMemory,
): Promise<void> {
  const { language } = interaction;
  if (!isConfident(language)) return;
  if (known.conversation.language !== language.code) {
    await memory.rememberForConversation(known.conversation.conversationId, language.code);
  }
  if (known.customer.preferredLanguage !== language.code) {
    await memory.rememberForCustomer(known.customer.customerId, language.code);
  }
}
