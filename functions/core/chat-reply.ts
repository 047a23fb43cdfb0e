import { DomainError, NotFoundError } from './errors.ts';
import { derivedId } from './ids.ts';
import type { IngestMessage } from './ingest-message.ts';
import type { Attachment } from './model.ts';
import type { ConversationStore, CustomerStore } from './ports.ts';
import { timelineOwners } from './resolution.ts';

/** Reads a customer's chat entries, newest first (the timeline store's query). */
export interface ChatHistory {
  query(
    owners: readonly string[],
    query: { limit: number; channel: 'chat' },
  ): Promise<{ items: Array<{ conversationId?: string | undefined; threadKey?: string | undefined }> }>;
}

export const CHAT_REPLY_LIMIT = 8000;

/**
 * An agent's chat reply, as the outbound interaction the ingest queue records: on the chat
 * session the customer last wrote from in this conversation, so their widget shows it. Chat
 * needs no provider call: the widget reads the session's messages. `replyId` makes a retried
 * request record the reply once.
 */
export async function chatReply(
  request: {
    conversationId: string;
    text: string;
    agentId: string;
    replyId: string;
    at: string;
    /** Files the agent uploaded to the conversation, already checked. */
    attachments?: Attachment[];
  },
  deps: { conversations: ConversationStore; customers: CustomerStore; timeline: ChatHistory },
): Promise<IngestMessage> {
  const text = request.text.trim();
  const attachments = request.attachments ?? [];
  if ((!text && attachments.length === 0) || text.length > CHAT_REPLY_LIMIT) {
    throw new DomainError('invalid_input', `text: 1 to ${CHAT_REPLY_LIMIT} characters`, { field: 'text' });
  }
  const conversation = await deps.conversations.get(request.conversationId);
  if (!conversation) throw new NotFoundError('conversation', request.conversationId);
  const customer = await deps.customers.get(conversation.customerId);
  if (!customer) throw new NotFoundError('customer', conversation.customerId);
  const { items } = await deps.timeline.query(timelineOwners(customer), { limit: 100, channel: 'chat' });
  const session = items.find(
    (item) => item.conversationId === conversation.conversationId && item.threadKey?.startsWith('chat:'),
  )?.threadKey;
  if (!session) {
    throw new DomainError('conflict', 'the customer has not chatted in this conversation', {
      field: 'channel',
    });
  }
  return {
    type: 'interaction',
    channel: 'chat',
    direction: 'outbound',
    kind: 'message',
    providerMessageId: derivedId('reply', request.conversationId, request.replyId),
    at: request.at,
    identities: [session],
    text,
    threadKey: session,
    conversationId: conversation.conversationId,
    relatedThreadKeys: [],
    profile: {},
    attachments,
    flags: [],
    sentBy: request.agentId,
  };
}
