import { describe, expect, it } from 'vitest';
import {
  chooseConversation,
  conversationStatus,
  isConversationOpen,
  needsActivityUpdate,
} from '#core/conversation.ts';
import type { Conversation } from '#core/model.ts';

const policy = { quietSeconds: 3600 };
const now = new Date('2026-05-01T12:00:00.000Z');
const conversation = (lastActivityAt: string, extra: Partial<Conversation> = {}): Conversation => ({
  conversationId: 'conv_1',
  customerId: 'cust_1',
  startedAt: '2026-05-01T09:00:00.000Z',
  lastActivityAt,
  channels: ['chat'],
  ...extra,
});

describe('conversation lifecycle', () => {
  it('stays open while activity is within the quiet period', () => {
    expect(isConversationOpen(conversation('2026-05-01T11:30:00.000Z'), now, policy)).toBe(true);
  });

  it('closes once the quiet period passes without activity', () => {
    expect(conversationStatus(conversation('2026-05-01T10:59:59.000Z'), now, policy)).toBe('closed');
  });

  it('never closes under an agent who is still working it', () => {
    const working = conversation('2026-04-01T00:00:00.000Z', { openWorkItemId: 'wi_1' });
    expect(isConversationOpen(working, now, policy)).toBe(true);
  });
});

describe('choosing the conversation for a new interaction', () => {
  it("joins the customer's open conversation, whatever the channel", () => {
    const latest = conversation('2026-05-01T11:50:00.000Z');
    expect(chooseConversation({ latest, now, policy })).toEqual({ action: 'join', conversationId: 'conv_1' });
  });

  it('starts a new conversation when the latest one has gone quiet', () => {
    const latest = conversation('2026-04-30T11:50:00.000Z');
    expect(chooseConversation({ latest, now, policy })).toEqual({ action: 'start' });
  });

  it('follows a bound thread key even when another conversation is newer', () => {
    const latest = conversation('2026-05-01T11:59:00.000Z');
    expect(chooseConversation({ threadConversationId: 'conv_thread', latest, now, policy })).toEqual({
      action: 'join',
      conversationId: 'conv_thread',
    });
  });

  it('starts the first conversation of a new customer', () => {
    expect(chooseConversation({ now, policy })).toEqual({ action: 'start' });
  });
});

describe('recording conversation activity', () => {
  const open = conversation('2026-05-01T11:59:00.000Z');

  it('skips the write for another message within the same minute on a known channel', () => {
    expect(needsActivityUpdate(open, '2026-05-01T11:59:40.000Z', 'chat')).toBe(false);
  });

  it('records activity a minute or more later', () => {
    expect(needsActivityUpdate(open, '2026-05-01T12:00:00.000Z', 'chat')).toBe(true);
  });

  it('records a channel the conversation has not used yet, whenever it comes', () => {
    expect(needsActivityUpdate(open, '2026-05-01T11:59:01.000Z', 'email')).toBe(true);
  });
});
