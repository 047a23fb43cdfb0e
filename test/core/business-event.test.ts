import { describe, expect, it } from 'vitest';
import {
  EventAttributesSchema,
  EventTypePatternSchema,
  EventTypeSchema,
  matchesEventType,
} from '#core/business-event.ts';
import { RoutingRulesSchema } from '#core/entry-points.ts';
import type { Conversation, Interaction } from '#core/model.ts';
import { workItemQueue } from '#core/work-item.ts';

const conversation: Conversation = {
  conversationId: 'conv_1',
  customerId: 'cust_1',
  startedAt: '2026-05-01T09:00:00.000Z',
  lastActivityAt: '2026-05-01T09:00:00.000Z',
  channels: ['store'],
};
const returnRequested = {
  type: 'return.requested',
  summary: 'Return of order 1001',
  attributes: {},
  eventId: 'ord-1',
  source: 'key_1',
};
const event: Interaction = {
  interactionId: 'int_1',
  customerId: 'cust_1',
  conversationId: 'conv_1',
  channel: 'store',
  direction: 'inbound',
  kind: 'event',
  at: '2026-05-01T09:00:00.000Z',
  providerMessageId: 'event:ord-1',
  attachments: [],
  business: returnRequested,
  recordedAt: '2026-05-01T09:00:00.100Z',
};
const rules = RoutingRulesSchema.parse({
  eventRules: [
    { type: 'return.requested', queue: 'returns', priority: 7 },
    { type: 'delivery.*', queue: 'logistics' },
  ],
});

describe('event types and patterns', () => {
  it('takes dotted lowercase types only', () => {
    expect(EventTypeSchema.safeParse('order.shipped').success).toBe(true);
    expect(EventTypeSchema.safeParse('order.line_item.added').success).toBe(true);
    for (const bad of ['order', 'Order.Shipped', 'order..shipped', 'order.*', '.order', 'order shipped']) {
      expect(EventTypeSchema.safeParse(bad).success, bad).toBe(false);
    }
  });

  it('matches a type exactly, every type under a prefix, or every type', () => {
    expect(matchesEventType('order.*', 'order.shipped')).toBe(true);
    expect(matchesEventType('order.*', 'order.line.added')).toBe(true);
    expect(matchesEventType('order.*', 'orders.shipped')).toBe(false);
    expect(matchesEventType('return.requested', 'return.requested')).toBe(true);
    expect(matchesEventType('return.requested', 'return.received')).toBe(false);
    expect(matchesEventType('*', 'store.visit')).toBe(true);
    for (const bad of ['order*', 'order.*.shipped', '**', 'order']) {
      expect(EventTypePatternSchema.safeParse(bad).success, bad).toBe(false);
    }
  });

  it('keeps attributes flat and bounded', () => {
    expect(EventAttributesSchema.safeParse({ order: '1001', total: 42.5, gift: true }).success).toBe(true);
    expect(EventAttributesSchema.safeParse({ nested: { a: 1 } }).success).toBe(false);
    expect(EventAttributesSchema.safeParse({ list: [1] }).success).toBe(false);
    expect(EventAttributesSchema.safeParse({ 'bad key': 'x' }).success).toBe(false);
    expect(EventAttributesSchema.safeParse({ long: 'x'.repeat(501) }).success).toBe(false);
    const many = Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`a${i}`, i]));
    expect(EventAttributesSchema.safeParse(many).success).toBe(false);
  });
});

describe('work items for events', () => {
  it('opens one in the queue of the first rule that names the type', () => {
    expect(workItemQueue(rules, conversation, event)).toEqual({ queueId: 'returns', priority: 7 });
    const delivery = { ...event, business: { ...returnRequested, type: 'delivery.failed' } };
    expect(workItemQueue(rules, conversation, delivery)).toEqual({ queueId: 'logistics', priority: 5 });
  });

  it('opens none for an event no rule names, whatever the entry point rules say', () => {
    const shipped = { ...event, business: { ...returnRequested, type: 'order.shipped' } };
    expect(workItemQueue(rules, conversation, shipped)).toBeUndefined();
    expect(workItemQueue(RoutingRulesSchema.parse({}), conversation, event)).toBeUndefined();
  });

  it('opens none for a visit staff logged, nor while the conversation has an open item', () => {
    expect(workItemQueue(rules, conversation, { ...event, sentBy: 'agent-1' })).toBeUndefined();
    expect(workItemQueue(rules, { ...conversation, openWorkItemId: 'wi_0' }, event)).toBeUndefined();
  });

  it('still routes a customer message by its entry point', () => {
    const message: Interaction = { ...event, kind: 'message', channel: 'chat', business: undefined };
    expect(workItemQueue(rules, conversation, message, 'returns')?.queueId).toBe('general');
  });
});
