import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { type ChatSession, chatThreadKey } from '#core/chat-session.ts';
import type { Conversation } from '#core/model.ts';
import { stillTyping, typingUntil } from '#core/typing.ts';
import type { AppDeps } from '#deps/app.ts';
import { type Caller, requireCaller } from '#http/auth.ts';
import { ensureMayAnswer } from '#http/conversation-access.ts';
import { notFound } from '#http/errors.ts';
import { pathParameter } from '#http/request.ts';
import { type HttpResult, json } from '#http/response.ts';
import { TypingRepo } from '#store/typing-repo.ts';

/**
 * Typing signals of a chat: the widget and the console each repeat theirs while someone types,
 * and each side reads the other's. A signal only extends a short spell (core/typing.ts); once
 * it has passed, nobody is shown as typing.
 */

/** `POST /chat/sessions/{sessionId}/typing`: the visitor is typing. */
export async function customerTyping(session: ChatSession, deps: AppDeps): Promise<HttpResult> {
  const conversationId = await deps.conversations.threadConversation(chatThreadKey(session.sessionId));
  // Before the first message there is no conversation, and no agent to tell.
  if (!conversationId) return json(202, { accepted: true });
  const until = typingUntil(deps.clock.now());
  await new TypingRepo(deps.table).record(conversationId, 'customer', session.customerId, until);
  return json(202, { accepted: true, typingUntil: until });
}

/** When the agent answering this session is shown as typing to the visitor, while they are. */
export async function agentTypingUntil(session: ChatSession, deps: AppDeps): Promise<string | undefined> {
  const conversationId = await deps.conversations.threadConversation(chatThreadKey(session.sessionId));
  if (!conversationId) return undefined;
  return stillTyping(await new TypingRepo(deps.table).until(conversationId, 'agent'), deps.clock.now());
}

/** `POST /conversations/{conversationId}/typing`: the agent answering the chat is typing a reply. */
export async function agentTyping(event: APIGatewayProxyEventV2, deps: AppDeps): Promise<HttpResult> {
  const { caller, conversation } = await agentConversation(event, deps);
  await ensureMayAnswer(deps.workItems, caller, conversation);
  const until = typingUntil(deps.clock.now());
  await new TypingRepo(deps.table).record(
    conversation.conversationId,
    'agent',
    conversation.customerId,
    until,
  );
  return json(202, { accepted: true, typingUntil: until });
}

/** `GET /conversations/{conversationId}/typing`: whether the customer is typing, for the console. */
export async function conversationTyping(event: APIGatewayProxyEventV2, deps: AppDeps): Promise<HttpResult> {
  const { conversation } = await agentConversation(event, deps);
  const until = await new TypingRepo(deps.table).until(conversation.conversationId, 'customer');
  const customerTypingUntil = stillTyping(until, deps.clock.now());
  return json(200, { conversationId: conversation.conversationId, customerTypingUntil });
}

async function agentConversation(
  event: APIGatewayProxyEventV2,
  deps: AppDeps,
): Promise<{ caller: Caller; conversation: Conversation }> {
  const caller = requireCaller(event);
  const conversation = await deps.conversations.get(pathParameter(event, 'conversationId'));
  if (!conversation) throw notFound('no such conversation');
  return { caller, conversation };
}
