import { type ConversationPolicy, conversationStatus } from '#core/conversation.ts';
import type { Customer } from '#core/model.ts';
import type { ConversationsRepo } from './conversations-repo.ts';

export interface CustomerViewSources {
  conversations: Pick<ConversationsRepo, 'get'>;
  clock: { now(): Date };
  config: { conversationPolicy: ConversationPolicy };
}

/** A customer as the API shows them: the profile, and their latest conversation with its status. */
export async function customerView(customer: Customer, sources: CustomerViewSources) {
  const latest = customer.lastConversationId
    ? await sources.conversations.get(customer.lastConversationId)
    : undefined;
  const { version: _version, ...profile } = customer;
  return {
    ...profile,
    latestConversation: latest
      ? {
          ...latest,
          status: conversationStatus(latest, sources.clock.now(), sources.config.conversationPolicy),
        }
      : null,
  };
}
