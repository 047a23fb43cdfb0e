import type { Channel, Conversation } from './model.ts';

export interface ConversationPolicy {
  /** A conversation with no activity for this long, and no open work item, is closed. */
  quietSeconds: number;
}

/**
 * Closing is derived, not scheduled: a conversation is open while someone is working on it
 * or while it has been active within the quiet period.
 */
export function isConversationOpen(
  conversation: Conversation,
  now: Date,
  policy: ConversationPolicy,
): boolean {
  if (conversation.openWorkItemId) return true;
  const quietMs = now.getTime() - Date.parse(conversation.lastActivityAt);
  return quietMs < policy.quietSeconds * 1000;
}

export type ConversationChoice = { action: 'join'; conversationId: string } | { action: 'start' };

/**
 * Where a new interaction goes. A thread key that is already bound (an email reply, an
 * ongoing chat session) wins even over a newer conversation; otherwise the customer's open
 * conversation continues; otherwise a new one starts.
 */
export function chooseConversation(input: {
  threadConversationId?: string | undefined;
  latest?: Conversation | undefined;
  now: Date;
  policy: ConversationPolicy;
}): ConversationChoice {
  if (input.threadConversationId) return { action: 'join', conversationId: input.threadConversationId };
  if (input.latest && isConversationOpen(input.latest, input.now, input.policy)) {
    return { action: 'join', conversationId: input.latest.conversationId };
  }
  return { action: 'start' };
}

export function conversationStatus(
  conversation: Conversation,
  now: Date,
  policy: ConversationPolicy,
): 'open' | 'closed' {
  return isConversationOpen(conversation, now, policy) ? 'open' : 'closed';
}

/**
 * Activity is recorded at minute resolution: a burst of chat messages costs one conversation
 * write, not one each, and the quiet period (hours) loses nothing by it.
 */
export const ACTIVITY_RESOLUTION_MS = 60_000;

export function needsActivityUpdate(conversation: Conversation, at: string, channel: Channel): boolean {
  const newer = Date.parse(at) - Date.parse(conversation.lastActivityAt) >= ACTIVITY_RESOLUTION_MS;
  return newer || !conversation.channels.includes(channel);
}
