import { beforeAll, describe, expect, it } from 'vitest';
import { type ChatSession, chatAcceptance } from '#core/chat-session.ts';
import { createTestStack, type TestStack } from '../support/local-aws.ts';

const session: ChatSession = {
  sessionId: 'chat_acceptances',
  customerId: 'cust_acceptances',
  tokenHash: 'ab'.repeat(32),
  createdAt: '2026-05-01T09:00:00.000Z',
};

describe('chat sessions in DynamoDB', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await createTestStack();
    await stack.chatSessions.create(session);
  });

  it('answers the first acceptance of a client message id to every copy that races it', async () => {
    const copies = Array.from({ length: 10 }, (_, i) =>
      chatAcceptance('m1', 'Where is my refund?', new Date(Date.parse('2026-05-01T09:01:00Z') + i)),
    );
    const answers = await Promise.all(copies.map((copy) => stack.chatSessions.accept(session, copy)));
    const [first] = answers;
    expect(copies).toContainEqual(first);
    expect(answers).toEqual(copies.map(() => first));
    // Later copies, racing or not, are told the same.
    const late = chatAcceptance('m1', 'Where is my refund?', new Date('2026-05-01T10:00:00Z'));
    expect(await stack.chatSessions.accept(session, late)).toEqual(first);
  });

  it('keeps each client message id of a session apart, and each session apart', async () => {
    const at = new Date('2026-05-01T09:02:00Z');
    const m2 = chatAcceptance('m2', 'Order 48213', at);
    expect(await stack.chatSessions.accept(session, m2)).toEqual(m2);
    const other = { ...session, sessionId: 'chat_other' };
    await stack.chatSessions.create(other);
    const again = chatAcceptance('m2', 'Order 48213', new Date('2026-05-01T09:03:00Z'));
    expect(await stack.chatSessions.accept(other, again)).toEqual(again);
  });
});
