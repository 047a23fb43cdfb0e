/**
 * Contacts as the screen pop sees them, whatever tells it about them: Amazon Connect Streams in
 * an embedded Contact Control Panel, or a host page that frames the console and posts them.
 */

/** Where a contact is in its life, as far as the agent is concerned. */
export type ContactPhase = 'incoming' | 'connecting' | 'connected' | 'ended';

export interface FeedContact {
  contactId: string;
  /** Connect's contact type: `voice`, `queue_callback`, `chat`, `task`, `email`, … */
  channel?: string | undefined;
  phase: ContactPhase;
  /** The customer's number (E.164) on a call; absent when withheld or not a call. */
  callerNumber?: string | undefined;
  /** The Connect queue's name. */
  queue?: string | undefined;
  /** Contact attributes, as the contact flow set them. */
  attributes: Record<string, string>;
}

export type ContactListener = (contact: FeedContact) => void;

export interface ContactFeed {
  /** Calls `listener` on each change of each contact; returns the way to stop. */
  subscribe(listener: ContactListener): () => void;
}

// The sample inbound flow (docs/connect/inbound-flow.json) copies the lookup's answer into
// `onethread*` attributes; a flow that copies the answer's own keys works as well.
const CUSTOMER_KEYS = ['onethreadCustomerId', 'customerId'] as const;
const CONVERSATION_KEYS = ['onethreadConversationId', 'openConversationId'] as const;

function first(attributes: Record<string, string>, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const value = attributes[key]?.trim();
    if (value) return value;
  }
  return undefined;
}

/** The OneThread customer the flow lookup named for this contact, if any. */
export function customerIdOf(contact: FeedContact): string | undefined {
  return first(contact.attributes, CUSTOMER_KEYS);
}

/** The customer's open conversation the flow lookup named, if any. */
export function conversationIdOf(contact: FeedContact): string | undefined {
  return first(contact.attributes, CONVERSATION_KEYS);
}

/** News of a contact: what it leaves out (a host may post only the new phase) stays as it was. */
function update(known: FeedContact, news: FeedContact): FeedContact {
  return {
    ...known,
    ...Object.fromEntries(Object.entries(news).filter(([, value]) => value !== undefined)),
    attributes: { ...known.attributes, ...news.attributes },
  };
}

/**
 * Which contact the screen pop shows once `next` is reported: news of the shown contact
 * updates it; another contact pops when it is coming in, or when nothing else is live. A page
 * asked for one contact (`pinned`) shows only that one.
 */
export function popContact(
  shown: FeedContact | undefined,
  next: FeedContact,
  pinned?: string,
): FeedContact | undefined {
  if (pinned && next.contactId !== pinned) return shown;
  if (!shown) return next;
  if (shown.contactId === next.contactId) return update(shown, next);
  if (next.phase === 'incoming' || next.phase === 'connecting') return next;
  return shown.phase === 'ended' && next.phase !== 'ended' ? next : shown;
}
