import { describe, expect, it } from 'vitest';
import { chatReply } from '#core/chat-reply.ts';
import type { Conversation, Customer } from '#core/model.ts';

const conversation: Conversation = {
  conversationId: 'conv_1',
  customerId: 'cust_1',
  startedAt: '2026-05-01T09:00:00.000Z',
  lastActivityAt: '2026-05-01T09:00:00.000Z',
  channels: ['chat', 'email'],
};
const customer: Customer = {
  customerId: 'cust_1',
  identities: ['chat:s2'],
  createdAt: conversation.startedAt,
  updatedAt: conversation.startedAt,
  evidence: {},
  claims: [],
  mergedFrom: [],
  splitVersion: 0,
  version: 1,
};

function deps(items: Array<{ conversationId?: string; threadKey?: string }>) {
  return {
    conversations: { get: async (id: string) => (id === 'conv_1' ? conversation : undefined) },
    customers: { get: async () => customer },
    timeline: { query: async () => ({ items }) },
  } as unknown as Parameters<typeof chatReply>[1];
}

const request = {
  conversationId: 'conv_1',
  text: ' On its way ',
  agentId: 'ana',
  replyId: 'r1',
  at: conversation.startedAt,
};

describe('chat replies', () => {
  it('answer on the session the customer last chatted from in this conversation', async () => {
    const record = await chatReply(
      request,
      deps([
        { conversationId: 'conv_0', threadKey: 'chat:s0' },
        { conversationId: 'conv_1', threadKey: 'chat:s2' },
        { conversationId: 'conv_1', threadKey: 'chat:s1' },
      ]),
    );
    expect(record).toMatchObject({
      direction: 'outbound',
      threadKey: 'chat:s2',
      identities: ['chat:s2'],
      text: 'On its way',
      sentBy: 'ana',
    });
  });

  it('record a retried request once, by its reply id', async () => {
    const items = [{ conversationId: 'conv_1', threadKey: 'chat:s2' }];
    const [a, b] = await Promise.all([chatReply(request, deps(items)), chatReply(request, deps(items))]);
    expect(a.providerMessageId).toBe(b.providerMessageId);
  });

  it('refuse a conversation the customer never chatted in', async () => {
    await expect(chatReply(request, deps([]))).rejects.toThrow(/not chatted/);
  });
});
