import { DeleteMessageBatchCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { derivedId } from '#core/ids.ts';
import { makeHandler as makeChat } from '#handlers/chat-api.ts';
import { makeHandler as makeIngest } from '#handlers/ingest.ts';
import type { HttpResult } from '#http/response.ts';
import { keys } from '#store/table.ts';
import { context, httpEvent, sqsEvent } from '../support/events.ts';
import { createTestStack, type TestStack } from '../support/local-aws.ts';

const body = (result: HttpResult) => JSON.parse(result.body ?? '{}');

describe('articles offered before a chat is queued', () => {
  let stack: TestStack;
  let chat: ReturnType<typeof makeChat>;

  beforeAll(async () => {
    stack = await createTestStack();
    chat = makeChat(stack);
  });

  async function drainIngest(): Promise<void> {
    const ingest = makeIngest(stack);
    for (;;) {
      const { Messages = [] } = await stack.sqs.send(
        new ReceiveMessageCommand({ QueueUrl: stack.config.ingestQueueUrl, MaxNumberOfMessages: 10 }),
      );
      if (!Messages.length) return;
      const result = await ingest(sqsEvent(Messages.map((m) => m.Body ?? '')), context);
      expect(result.batchItemFailures).toEqual([]);
      await stack.sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: stack.config.ingestQueueUrl,
          Entries: Messages.map((m, index) => ({ Id: String(index), ReceiptHandle: m.ReceiptHandle })),
        }),
      );
    }
  }

  async function heldMessage(text: string) {
    const session = body(await chat(httpEvent('POST /chat/sessions', { body: { name: 'Ana' } }), context));
    const sent = await chat(
      httpEvent('POST /chat/sessions/{sessionId}/messages', {
        pathParameters: { sessionId: session.sessionId },
        token: session.token,
        body: { text, clientMessageId: 'first', deflection: 'offered' },
      }),
      context,
    );
    expect(sent.statusCode).toBe(202);
    await drainIngest();
    const interaction = await stack.timeline.get(derivedId('int', 'chat', `${session.sessionId}:first`));
    const answer = (outcome: string, extra: Record<string, string> = {}) =>
      chat(
        httpEvent('POST /chat/sessions/{sessionId}/deflection', {
          pathParameters: { sessionId: session.sessionId },
          token: session.token,
          body: { clientMessageId: 'first', outcome, ...extra },
        }),
        context,
      );
    return { session, interaction, answer };
  }

  const conversationOf = async (conversationId: string | undefined) =>
    stack.conversations.get(conversationId ?? '');
  const todayStats = async () => {
    const { Item } = await stack.table.doc.send(
      new GetCommand({
        TableName: stack.table.tableName,
        Key: keys.queueStats('general', new Date().toISOString().slice(0, 10)),
      }),
    );
    return Item ?? {};
  };

  it('keeps the message on the timeline and opens no work item while the customer reads', async () => {
    const { interaction } = await heldMessage('Where is my parcel?');
    expect(interaction?.text).toBe('Where is my parcel?');
    expect(interaction?.flags).toEqual(['deflection-offered']);
    expect((await conversationOf(interaction?.conversationId))?.openWorkItemId).toBeUndefined();
  });

  it('closes without a work item when an article answered, counted once as deflected', async () => {
    const before = Number((await todayStats()).kbDeflected ?? 0);
    const { interaction, answer } = await heldMessage('How do I reset my password?');
    const answered = await answer('answered', { articleId: 'reset-password' });
    expect(answered.statusCode).toBe(200);
    expect(body(answered)).toMatchObject({ outcome: 'answered', articleId: 'reset-password' });
    // A change of mind after the answer gets the first answer back and queues nothing.
    expect(body(await answer('person')).outcome).toBe('answered');
    await drainIngest();
    expect((await conversationOf(interaction?.conversationId))?.openWorkItemId).toBeUndefined();
    expect(Number((await todayStats()).kbDeflected)).toBe(before + 1);
  });

  it('queues at once for a person, at the time of the first message', async () => {
    const { interaction, answer } = await heldMessage('My card was declined');
    expect((await answer('person')).statusCode).toBe(200);
    await drainIngest();
    const conversation = await conversationOf(interaction?.conversationId);
    const item = await stack.workItems.get(conversation?.openWorkItemId ?? '');
    expect(item).toMatchObject({ state: 'queued', queueId: 'general', enqueuedAt: interaction?.at });
    expect(Number((await todayStats()).kbEscalated)).toBeGreaterThanOrEqual(1);
    // Asking again (a retry) opens nothing more.
    await answer('person');
    await drainIngest();
    expect((await conversationOf(interaction?.conversationId))?.openWorkItemId).toBe(item?.workItemId);
  });

  it('refuses an answer about a message the session never sent, naming the field', async () => {
    const { session } = await heldMessage('Do you ship abroad?');
    const result = await chat(
      httpEvent('POST /chat/sessions/{sessionId}/deflection', {
        pathParameters: { sessionId: session.sessionId },
        token: session.token,
        body: { clientMessageId: 'never-sent', outcome: 'person' },
      }),
      context,
    );
    expect(result.statusCode).toBe(400);
    expect(body(result).error.field).toBe('clientMessageId');
  });
});
