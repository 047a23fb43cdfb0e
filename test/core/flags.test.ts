import { describe, expect, it } from 'vitest';
import { DEFAULT_ROUTING_RULES, queueForEntryPoint } from '#core/entry-points.ts';
import { suppressesWorkItem } from '#core/flags.ts';
import type { Conversation, Interaction } from '#core/model.ts';
import { needsWorkItem } from '#core/work-item.ts';

const conversation: Conversation = {
  conversationId: 'conv_1',
  customerId: 'cust_1',
  startedAt: '2025-03-11T10:00:00.000Z',
  lastActivityAt: '2025-03-11T10:00:00.000Z',
  channels: ['email'],
};
const email: Interaction = {
  interactionId: 'int_1',
  customerId: 'cust_1',
  conversationId: 'conv_1',
  channel: 'email',
  direction: 'inbound',
  kind: 'message',
  at: '2025-03-11T10:00:00.000Z',
  providerMessageId: 'ses-1',
  attachments: [],
  recordedAt: '2025-03-11T10:00:01.000Z',
};

describe('interaction flags', () => {
  it('opens no work item for quarantined, automatic or bounced mail', () => {
    for (const flag of ['quarantined', 'auto-reply', 'bounce'] as const) {
      expect(needsWorkItem(conversation, { ...email, flags: [flag] })).toBe(false);
    }
  });

  it('still routes a message that was only damaged or shortened', () => {
    expect(
      needsWorkItem(conversation, { ...email, flags: ['malformed', 'unknown-charset', 'truncated'] }),
    ).toBe(true);
    expect(suppressesWorkItem(undefined)).toBe(false);
  });

  it('routes email by the alias it was sent to', () => {
    expect(queueForEntryPoint(DEFAULT_ROUTING_RULES, 'email', 'billing')).toEqual({
      queueId: 'billing',
      priority: 5,
    });
    expect(queueForEntryPoint(DEFAULT_ROUTING_RULES, 'email', 'support').queueId).toBe('general');
  });
});
