import { describe, expect, it } from 'vitest';
import { DEFAULT_ROUTING_RULES, queueForEntryPoint, RoutingRulesSchema } from '#core/entry-points.ts';
import type { Conversation, Interaction } from '#core/model.ts';
import { needsWorkItem, newWorkItem } from '#core/work-item.ts';

const conversation: Conversation = {
  conversationId: 'conv_1',
  customerId: 'cust_1',
  startedAt: '2026-05-01T09:00:00.000Z',
  lastActivityAt: '2026-05-01T09:00:00.000Z',
  channels: ['chat'],
};
const message: Interaction = {
  interactionId: 'int_1',
  customerId: 'cust_1',
  conversationId: 'conv_1',
  channel: 'chat',
  direction: 'inbound',
  kind: 'message',
  at: '2026-05-01T09:00:00.000Z',
  providerMessageId: 's1:m1',
  text: 'hi',
  attachments: [],
  recordedAt: '2026-05-01T09:00:00.100Z',
};

describe('work items', () => {
  it('opens one for a customer message on a conversation nobody is handling', () => {
    expect(needsWorkItem(conversation, message)).toBe(true);
  });

  it('does not open a second one while the conversation has an open item', () => {
    expect(needsWorkItem({ ...conversation, openWorkItemId: 'wi_0' }, message)).toBe(false);
  });

  it('does not open one for our own replies or for system entries', () => {
    expect(needsWorkItem(conversation, { ...message, direction: 'outbound' })).toBe(false);
    expect(needsWorkItem(conversation, { ...message, kind: 'merge', direction: 'internal' })).toBe(false);
  });

  it('derives its id from the interaction so a redelivery opens the same item', () => {
    const queue = queueForEntryPoint(DEFAULT_ROUTING_RULES, 'chat', 'billing');
    const item = newWorkItem(message, conversation, queue);
    expect(item).toMatchObject({
      queueId: 'billing',
      state: 'queued',
      enqueuedAt: message.at,
      routingStep: 0,
    });
    expect(newWorkItem(message, conversation, queue).workItemId).toBe(item.workItemId);
  });
});

describe('entry-point routing rules', () => {
  const rules = RoutingRulesSchema.parse({
    defaultQueue: 'general',
    entryPoints: [
      { channel: 'chat', match: 'Billing', queue: 'billing', priority: 7 },
      { match: '+18005550100', queue: 'vip' },
    ],
  });

  it('picks the queue by chat topic, ignoring case', () => {
    expect(queueForEntryPoint(rules, 'chat', 'billing')).toEqual({ queueId: 'billing', priority: 7 });
  });

  it('lets a rule for any channel match an entry point such as a phone number', () => {
    expect(queueForEntryPoint(rules, 'voice', '+18005550100').queueId).toBe('vip');
  });

  it('falls back to the default queue', () => {
    expect(queueForEntryPoint(rules, 'chat', 'unknown-topic')).toEqual({ queueId: 'general', priority: 5 });
    expect(queueForEntryPoint(rules, 'email').queueId).toBe('general');
  });
});
