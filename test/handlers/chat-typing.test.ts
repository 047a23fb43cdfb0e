import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { TYPING_HOLD_MS } from '#core/typing.ts';
import { makeHandler } from '#handlers/chat-api.ts';
import { makeHandler as makeIngest } from '#handlers/ingest.ts';
import type { HttpResult } from '#http/response.ts';
import { drainIngestQueue } from '../support/channels.ts';
import { chatMessage, context, httpEvent, sqsEvent, supervisorClaims } from '../support/events.ts';
import { createTestStack, type TestStack } from '../support/local-aws.ts';
import { assignToAgent, createRoutingTestStack } from '../support/routing-stack.ts';

const body = (result: HttpResult) => JSON.parse(result.body ?? '{}');
const CUSTOMER_TYPING = 'POST /chat/sessions/{sessionId}/typing';
const AGENT_TYPING = 'POST /conversations/{conversationId}/typing';
const READ_TYPING = 'GET /conversations/{conversationId}/typing';
const GET_MESSAGES = 'GET /chat/sessions/{sessionId}/messages';
const agent = { sub: 'agent-ana' };

describe('typing in a chat', () => {
  let stack: TestStack;
  let chat: ReturnType<typeof makeHandler>;
  let elapsedMs: number;
  const start = new Date();
  beforeEach(async () => {
    stack = await createTestStack();
    elapsedMs = 0;
    chat = makeHandler({ ...stack, clock: { now: () => new Date(start.getTime() + elapsedMs) } });
  });

  async function itemCount(of: Pick<TestStack, 'table'> = stack): Promise<number> {
    const { Items = [] } = await of.table.doc.send(new ScanCommand({ TableName: of.table.tableName }));
    return Items.length;
  }

  /** A visitor who has written once, so the chat has a conversation an agent answers in. */
  async function openChat() {
    const opened = await chat(httpEvent('POST /chat/sessions', { body: { name: 'Ana' } }), context);
    const session = body(opened) as { sessionId: string; token: string; customerId: string };
    const sent = await chat(
      httpEvent('POST /chat/sessions/{sessionId}/messages', {
        pathParameters: { sessionId: session.sessionId },
        token: session.token,
        body: { text: 'Where is my refund?', clientMessageId: 'c1' },
      }),
      context,
    );
    expect(sent.statusCode).toBe(202);
    expect(await drainIngestQueue(stack)).toBe(1);
    const conversationId = await stack.conversations.threadConversation(`chat:${session.sessionId}`);
    if (!conversationId) throw new Error('the chat has no conversation');
    return { ...session, conversationId };
  }

  const customerTypes = (sessionId: string, token?: string) =>
    chat(httpEvent(CUSTOMER_TYPING, { pathParameters: { sessionId }, ...(token ? { token } : {}) }), context);
  const agentTypes = (conversationId: string, claims?: Record<string, string>) =>
    chat(
      httpEvent(AGENT_TYPING, { pathParameters: { conversationId }, ...(claims ? { claims } : {}) }),
      context,
    );
  const customerTypingSeen = async (conversationId: string) =>
    body(await chat(httpEvent(READ_TYPING, { pathParameters: { conversationId }, claims: agent }), context))
      .customerTypingUntil;
  const agentTypingSeen = async (session: { sessionId: string; token: string }) =>
    body(
      await chat(
        httpEvent(GET_MESSAGES, { pathParameters: { sessionId: session.sessionId }, token: session.token }),
        context,
      ),
    ).agentTypingUntil;

  it('shows the agent the customer typing, for a few seconds after the last signal', async () => {
    const visitor = await openChat();
    expect(await customerTypingSeen(visitor.conversationId)).toBeUndefined();

    const typed = await customerTypes(visitor.sessionId, visitor.token);
    expect(typed.statusCode).toBe(202);
    const until = new Date(start.getTime() + TYPING_HOLD_MS).toISOString();
    expect(body(typed).typingUntil).toBe(until);
    expect(await customerTypingSeen(visitor.conversationId)).toBe(until);

    elapsedMs = TYPING_HOLD_MS;
    expect(await customerTypingSeen(visitor.conversationId)).toBeUndefined();
  });

  it('shows the visitor the agent typing with the messages they poll, for a few seconds', async () => {
    const visitor = await openChat();
    expect(await agentTypingSeen(visitor)).toBeUndefined();

    const typed = await agentTypes(visitor.conversationId, agent);
    expect(typed.statusCode).toBe(202);
    expect(await agentTypingSeen(visitor)).toBe(new Date(start.getTime() + TYPING_HOLD_MS).toISOString());
    // The agent's own signal is not the customer typing.
    expect(await customerTypingSeen(visitor.conversationId)).toBeUndefined();

    elapsedMs = TYPING_HOLD_MS + 1;
    expect(await agentTypingSeen(visitor)).toBeUndefined();
  });

  it('records nothing for a visitor who has not written yet: no agent is there to see it', async () => {
    const opened = body(await chat(httpEvent('POST /chat/sessions', { body: {} }), context));
    const before = await itemCount();
    expect((await customerTypes(opened.sessionId, opened.token)).statusCode).toBe(202);
    expect(await itemCount()).toBe(before);
  });

  it('refuses an unknown session or conversation with 404 and a wrong token or no agent with 401', async () => {
    const visitor = await openChat();
    const before = await itemCount();
    expect((await customerTypes('chat_nope', visitor.token)).statusCode).toBe(404);
    expect((await customerTypes(visitor.sessionId)).statusCode).toBe(401);
    expect((await customerTypes(visitor.sessionId, `${visitor.token}x`)).statusCode).toBe(401);
    expect((await agentTypes('conv_nope', agent)).statusCode).toBe(404);
    expect((await agentTypes(visitor.conversationId)).statusCode).toBe(401);
    const unknown = await chat(
      httpEvent(READ_TYPING, { pathParameters: { conversationId: 'conv_nope' }, claims: agent }),
      context,
    );
    expect(unknown.statusCode).toBe(404);
    expect(await itemCount()).toBe(before);
  });

  it('lets only the agent holding the chat, or a supervisor, say they are typing', async () => {
    const routed = await createRoutingTestStack();
    const edge = makeHandler(routed);
    await makeIngest(routed)(sqsEvent([chatMessage({ identities: ['email:held@example.com'] })]), context);
    const customer = await routed.customers.findByIdentity('email:held@example.com');
    const conversation = await routed.conversations.get(customer?.lastConversationId as string);
    const item = await routed.workItems.get(conversation?.openWorkItemId as string);
    await assignToAgent(routed, item as NonNullable<typeof item>, 'ana');
    const asCaller = (claims: Record<string, string>) =>
      edge(
        httpEvent(AGENT_TYPING, {
          pathParameters: { conversationId: conversation?.conversationId as string },
          claims,
        }),
        context,
      );
    const agentNamed = (username: string) => ({ sub: `${username}-sub`, 'cognito:username': username });
    const before = await itemCount(routed);
    expect((await asCaller(agentNamed('ben'))).statusCode).toBe(403);
    expect(await itemCount(routed)).toBe(before);
    expect((await asCaller(agentNamed('ana'))).statusCode).toBe(202);
    expect((await asCaller(supervisorClaims)).statusCode).toBe(202);
  });
});
