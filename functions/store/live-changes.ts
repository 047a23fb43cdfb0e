import { chatThreadKey } from '#core/chat-session.ts';
import type { RecordChange } from '#core/live-topics.ts';
import { keys } from './table.ts';

type Item = Record<string, unknown>;

/** The partition-key prefix of a key builder (`WORKITEM#`), read off the layout itself. */
const prefixOf = (key: { pk: string }) => key.pk.slice(0, key.pk.indexOf('#') + 1);

const PREFIX = {
  workItem: prefixOf(keys.workItem('')),
  interaction: prefixOf(keys.interaction('')),
  customer: prefixOf(keys.customer('')),
  agent: prefixOf(keys.agent('')),
  agentDesk: prefixOf(keys.agentDesk('', '')),
  routingState: prefixOf(keys.routingState('')),
  queueStats: prefixOf(keys.queueStats('', '')),
  typing: prefixOf(keys.typing('', 'customer')),
};
const CUSTOMER_TYPING = keys.typing('', 'customer').sk;
const TIMELINE = keys.timelinePartition('');

/**
 * The partition-key prefixes whose changes the console hears about. The stream's event source
 * filter lets only these (and the domain events' below) through, so the live feed's own
 * subscription items never echo.
 */
export const LIVE_SOURCE_PREFIXES: readonly string[] = Object.values(PREFIX);

/**
 * The partition-key prefixes of the records domain events are told from (docs/events.md), that
 * the console does not hear about already: conversations, erasures and surveys.
 */
export const DOMAIN_EVENT_PREFIXES: readonly string[] = [
  prefixOf(keys.conversation('')),
  prefixOf(keys.erasure('')),
  prefixOf(keys.survey('')),
];

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.length > 0 ? value : undefined;

/**
 * What a changed item is, from its keys (and, for a work item, the agents it names before and
 * after). Either image may be missing: a new item has no old one, a deleted item no new one.
 */
export function recordChange(
  oldImage: Item | undefined,
  newImage: Item | undefined,
): RecordChange | undefined {
  const image = newImage ?? oldImage;
  const pk = text(image?.pk);
  if (!image || !pk) return undefined;
  const id = pk.slice(pk.indexOf('#') + 1);
  if (pk.startsWith(PREFIX.workItem)) {
    const agentIds = [oldImage?.agentId, newImage?.agentId].map(text).filter((a): a is string => !!a);
    return { kind: 'workItem', agentIds: [...new Set(agentIds)] };
  }
  if (pk.startsWith(PREFIX.interaction)) {
    const partition = text(image.gsi1pk);
    return partition?.startsWith(TIMELINE)
      ? { kind: 'timelineEntry', customerId: partition.slice(TIMELINE.length) }
      : undefined;
  }
  if (pk.startsWith(PREFIX.customer)) return { kind: 'customer', customerId: id };
  if (pk.startsWith(PREFIX.agent)) return { kind: 'agent', agentId: id };
  if (pk.startsWith(PREFIX.agentDesk)) {
    const sk = text(image.sk) ?? '';
    return { kind: 'agent', agentId: sk.slice(sk.indexOf('#') + 1) };
  }
  // Of a routing partition only the queue board is news; its log and snapshots are not.
  if (pk.startsWith(PREFIX.routingState))
    return image.sk === keys.routingQueues('').sk ? { kind: 'routingState' } : undefined;
  if (pk.startsWith(PREFIX.queueStats)) return { kind: 'queueStats' };
  // The agent's own typing is news only to the chat widget (chatChange below).
  if (pk.startsWith(PREFIX.typing)) {
    const customerId = text(image.customerId);
    return image.sk === CUSTOMER_TYPING && customerId ? { kind: 'customerTyping', customerId } : undefined;
  }
  return undefined;
}

const AGENT_TYPING = keys.typing('', 'agent').sk;
const CHAT_THREAD = chatThreadKey('');

/** A change a chat visitor's page hears about, read off the whole stream images. */
export type ChatChange =
  /** An entry of a chat thread was written or changed: the visitor's page shows it. */
  | { kind: 'chatEntry'; threadKey: string; item: Item }
  /** The agent answering a conversation is typing. */
  | { kind: 'agentTyping'; conversationId: string; until: string }
  /** A chat's work item was opened or moved on (offered, assigned, completed, abandoned). */
  | { kind: 'chatWork'; conversationId: string; state: string };

export function chatChange(oldImage: Item | undefined, newImage: Item | undefined): ChatChange | undefined {
  const pk = text(newImage?.pk);
  if (!newImage || !pk) return undefined;
  if (pk.startsWith(PREFIX.interaction)) {
    const threadKey = text(newImage.threadKey);
    return threadKey?.startsWith(CHAT_THREAD) ? { kind: 'chatEntry', threadKey, item: newImage } : undefined;
  }
  const conversationId = text(newImage.conversationId);
  if (!conversationId) return undefined;
  if (pk.startsWith(PREFIX.typing) && newImage.sk === AGENT_TYPING) {
    const until = text(newImage.until);
    return until ? { kind: 'agentTyping', conversationId, until } : undefined;
  }
  const state = text(newImage.state);
  if (pk.startsWith(PREFIX.workItem) && newImage.channel === 'chat' && state && state !== oldImage?.state) {
    return { kind: 'chatWork', conversationId, state };
  }
  return undefined;
}
