import { describe, expect, it } from 'vitest';
import { makeHandler as makeIngest } from '#handlers/ingest.ts';
import { makeHandler as makeReplies } from '#handlers/replies.ts';
import { chatMessage, context, httpEvent, sqsEvent } from '../support/events.ts';
import { assignToAgent, createRoutingTestStack } from '../support/routing-stack.ts';

describe('who may reply on an assigned conversation', () => {
  it('lets only the assigned agent or a supervisor answer', async () => {
    const stack = await createRoutingTestStack();
    await makeIngest(stack)(sqsEvent([chatMessage({ identities: ['email:held@example.com'] })]), context);
    const customer = await stack.customers.findByIdentity('email:held@example.com');
    const conversation = await stack.conversations.get(customer?.lastConversationId as string);
    const item = await stack.workItems.get(conversation?.openWorkItemId as string);
    await assignToAgent(stack, item as NonNullable<typeof item>, 'ana');

    const replies = makeReplies(stack);
    const asAgent = (username: string) =>
      replies(
        httpEvent('POST /conversations/{conversationId}/replies', {
          pathParameters: { conversationId: conversation?.conversationId as string },
          body: { channel: 'sms', text: 'Hello' },
          claims: { sub: `${username}-sub`, 'cognito:username': username, 'cognito:groups': 'agents' },
        }),
        context,
      );
    expect((await asAgent('ben')).statusCode).toBe(403);
    // Ana passes the check; the conversation simply has no SMS number to answer on.
    expect((await asAgent('ana')).statusCode).not.toBe(403);
  });
});
