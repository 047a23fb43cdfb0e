import type { ContactFeed, ContactPhase, FeedContact } from './contact-feed.ts';

/**
 * Contacts posted by the page that frames the console: an agent desktop that runs Streams
 * itself, or anything else that knows the agent's contacts. A message is
 * `{ type: 'onethread:contact', contact: { contactId, phase, channel?, callerNumber?, queue?,
 * attributes? } }`, sent with `frame.contentWindow.postMessage(message, consoleOrigin)`.
 */
export const CONTACT_MESSAGE = 'onethread:contact';

const PHASES: readonly ContactPhase[] = ['incoming', 'connecting', 'connected', 'ended'];

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() ? value.trim() : undefined;

/** The contact a message carries, or undefined for anything else (other messages share the channel). */
export function parseContactMessage(data: unknown): FeedContact | undefined {
  if (!data || typeof data !== 'object') return undefined;
  const { type, contact } = data as { type?: unknown; contact?: unknown };
  if (type !== CONTACT_MESSAGE || !contact || typeof contact !== 'object') return undefined;
  const fields = contact as Record<string, unknown>;
  const contactId = text(fields.contactId);
  const phase = PHASES.find((p) => p === fields.phase);
  if (!contactId || !phase) return undefined;
  const attributes: Record<string, string> = {};
  if (fields.attributes && typeof fields.attributes === 'object') {
    for (const [key, value] of Object.entries(fields.attributes)) {
      if (typeof value === 'string') attributes[key] = value;
    }
  }
  return {
    contactId,
    phase,
    channel: text(fields.channel),
    callerNumber: text(fields.callerNumber),
    queue: text(fields.queue),
    attributes,
  };
}

/**
 * A feed of the contacts the parent frame posts. Only the parent counts, and only from
 * `trustedOrigins`: the origins that may frame the console at all (its own, and the Connect
 * instance's when one is configured).
 */
export function parentFrameFeed(target: Window, trustedOrigins: readonly string[]): ContactFeed {
  return {
    subscribe(listener) {
      const onMessage = (event: MessageEvent) => {
        if (event.source !== target.parent || !trustedOrigins.includes(event.origin)) return;
        const contact = parseContactMessage(event.data);
        if (contact) listener(contact);
      };
      target.addEventListener('message', onMessage);
      return () => target.removeEventListener('message', onMessage);
    },
  };
}
