import { ConflictError } from './errors.ts';
import type {
  Channel,
  ChannelEndpoint,
  Conversation,
  Customer,
  DeliveryEvent,
  DeliveryStatus,
  IdentityKey,
  IdentitySighting,
  Interaction,
  WorkItem,
} from './model.ts';

/**
 * The identities one contact presented. A bare key is one the contact's own channel proved (the
 * sender of an inbound SMS, a chat session's own id); anything typed or unproven says so.
 */
export type Sightings = readonly (IdentityKey | IdentitySighting)[];

/** Storage the core needs; the DynamoDB adapters in `functions/store/` implement these. */

export interface CustomerStore {
  /**
   * Finds or creates the one customer these identities belong to, merging customers when
   * verified identities prove two of them are one person; claimed ones are only noted. Safe
   * under concurrency and redelivery.
   */
  resolve(
    identities: Sightings,
    input: { at: string; channel: Channel; name?: string | undefined; sourceInteractionId?: string },
  ): Promise<Customer>;
  /** The customer, following merges to the survivor; undefined when unknown. */
  get(customerId: string): Promise<Customer | undefined>;
  findByIdentity(identity: IdentityKey): Promise<Customer | undefined>;
}

export class ConcurrentUpdateError extends ConflictError {
  constructor(what: string) {
    super(`${what} changed concurrently`);
    this.name = 'ConcurrentUpdateError';
  }
}

export interface ConversationStore {
  get(conversationId: string): Promise<Conversation | undefined>;
  /**
   * Stores a new conversation and makes it the customer's latest, only if the customer's latest
   * is still `expectedLatest`; throws ConcurrentUpdateError when another writer got there first.
   */
  start(conversation: Conversation, expectedLatest: string | undefined): Promise<void>;
  /** Records activity; a late (older) interaction never moves lastActivityAt back. */
  touch(conversation: Conversation, at: string, channel: Conversation['channels'][number]): Promise<void>;
  /** Makes a conversation the customer's latest (when a thread key led elsewhere). */
  markLatest(customerId: string, conversationId: string): Promise<void>;
  threadConversation(threadKey: string): Promise<string | undefined>;
  /** Binds a thread key to a conversation unless already bound; returns the binding in force. */
  bindThread(threadKey: string, conversationId: string): Promise<string>;
}

/** What deciding where a contact goes reads of the store, taken together. */
export interface ContactSnapshot {
  /** The contact's interaction, when a delivery already stored it. */
  interaction?: Interaction | undefined;
  /** Thread key → the conversation it is bound to, for each asked-for key that is bound. */
  threads: ReadonlyMap<string, string>;
  conversations: ReadonlyMap<string, Conversation>;
}

/** Reads an ingest decision's records in as few round trips as the store allows, each strongly consistent. */
export interface ContactReader {
  snapshot(request: {
    interactionId: string;
    threadKeys: readonly string[];
    conversationIds: readonly string[];
  }): Promise<ContactSnapshot>;
}

export interface SplitGuard {
  customerId: string;
  splitVersion: number;
}

export type AppendOutcome = 'appended' | 'exists' | 'split';

export interface TimelineStore {
  get(interactionId: string): Promise<Interaction | undefined>;
  /**
   * Writes the interaction once: `exists` (and nothing written) when it is already stored. With
   * a guard, `split` (nothing written) when that customer was unmerged since it was read.
   */
  append(interaction: Interaction, guard?: SplitGuard): Promise<AppendOutcome>;
  /**
   * Replaces an interaction's delivery state, only if its history still has
   * `expectedHistoryLength` entries; false when another report got there first.
   */
  setDelivery(
    interactionId: string,
    delivery: { status?: DeliveryStatus | undefined; reason?: string | undefined; history: DeliveryEvent[] },
    expectedHistoryLength: number,
  ): Promise<boolean>;
  /** Keeps a status report that arrived before its message was recorded (for a week). */
  holdDelivery(interactionId: string, event: DeliveryEvent): Promise<void>;
  heldDeliveries(interactionId: string): Promise<DeliveryEvent[]>;
  /** The newest interactions on one channel across a customer's ids, newest first. */
  recent(owners: readonly string[], channel: Channel, limit: number): Promise<Interaction[]>;
}

/** An agent's reply as a provider client sends it. */
export interface OutboundMessage {
  channel: Channel;
  endpoint: ChannelEndpoint;
  /** What the customer reads: the message, or an approved template's body filled in. */
  text: string;
  /** A WhatsApp template to send instead of free text: its name, language and parameters. */
  template?: { name: string; language: string; parameters: readonly string[] } | undefined;
  /** Files sent with the text, each by a short-lived link the provider fetches. */
  media?: readonly OutboundMedia[] | undefined;
}

export interface OutboundMedia {
  url: string;
  contentType: string;
  name: string;
}

/** Why a provider refused a message; `reason` is the provider's own words. */
export interface SendFailure {
  kind: 'rate_limited' | 'window_closed' | 'invalid_recipient' | 'rejected' | 'unauthorized' | 'unavailable';
  reason: string;
  code?: string | undefined;
  retryAfterSeconds?: number | undefined;
}

export type SendOutcome = { ok: true; providerMessageId: string } | { ok: false; failure: SendFailure };

/** A provider's send API (Graph API, X API, Twilio Messages API) behind one method. */
export interface ChannelSender {
  send(message: OutboundMessage): Promise<SendOutcome>;
}

export interface WorkItemStore {
  /** Opens the item and links it to its conversation, unless the conversation already has one. */
  open(item: WorkItem): Promise<{ opened: boolean }>;
  get(workItemId: string): Promise<WorkItem | undefined>;
  /** Notes the item's first agent response, once: later responses leave it as it is. */
  markFirstResponse(workItemId: string, at: string): Promise<void>;
}

export interface Clock {
  now(): Date;
}

/**
 * Where message content too large for the table is kept (email attachments, original
 * messages): S3 on AWS, a folder locally. References are opaque strings (`s3://…`, `file://…`).
 */
export interface BlobStore {
  /** Stores the bytes under the key (same key, same bytes: safe to repeat); returns the reference. */
  put(key: string, body: Uint8Array, contentType?: string): Promise<string>;
  /** The bytes behind a reference this store returned; undefined when they are gone. */
  get(ref: string): Promise<Uint8Array | undefined>;
  /** Removes the bytes behind a reference this store returned; gone already is fine. */
  delete(ref: string): Promise<void>;
  /**
   * A short-lived link that downloads the bytes as an attachment named `filename`, where the
   * store has such links (S3); without, the caller serves the bytes itself.
   */
  downloadUrl?(ref: string, options: { filename: string; seconds: number }): Promise<string | undefined>;
}

/** Starts building a customer export job in the background (docs/compliance.md#export-jobs). */
export interface ExportStarter {
  start(jobId: string): Promise<void>;
}
