import type { Channel, Conversation, Customer, IdentityKey, Interaction, WorkItem } from './model.ts';

/** Storage the core needs; the DynamoDB adapters in `functions/store/` implement these. */

export interface CustomerStore {
  /**
   * Finds or creates the one customer these identities belong to, merging customers when the
   * identities prove two of them are one person. Safe under concurrency and redelivery.
   */
  resolve(
    identities: IdentityKey[],
    input: { at: string; channel: Channel; name?: string | undefined; sourceInteractionId?: string },
  ): Promise<Customer>;
  /** The customer, following merges to the survivor; undefined when unknown. */
  get(customerId: string): Promise<Customer | undefined>;
  findByIdentity(identity: IdentityKey): Promise<Customer | undefined>;
}

export class ConcurrentUpdateError extends Error {
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

export interface TimelineStore {
  get(interactionId: string): Promise<Interaction | undefined>;
  /** Writes the interaction once; returns false (and writes nothing) when it already exists. */
  append(interaction: Interaction): Promise<boolean>;
}

export interface WorkItemStore {
  /** Opens the item and links it to its conversation, unless the conversation already has one. */
  open(item: WorkItem): Promise<{ opened: boolean }>;
  get(workItemId: string): Promise<WorkItem | undefined>;
}

export interface Clock {
  now(): Date;
}
