import { describe, expect, it } from 'vitest';
import { DOMAIN_EVENT_SOURCE, DOMAIN_EVENT_TYPES, domainEventsOf } from '#core/domain-events.ts';
import {
  answeredSurvey,
  conversationItem,
  customerItem,
  erasureItem,
  interactionItem,
  workItemImage,
} from '../support/domain-events.ts';

const at = new Date('2026-05-01T10:00:05.000Z');

describe('domain events from table changes', () => {
  it('tells of a conversation opening, with its channels and start', () => {
    const [event] = domainEventsOf({ newImage: conversationItem() }, at);
    expect(event).toEqual({
      detailType: 'conversation.opened',
      detail: {
        schemaVersion: 1,
        eventId: expect.stringMatching(/^evt_/),
        at: '2026-05-01T10:00:05.000Z',
        conversationId: 'conv_1',
        customerId: 'cust_1',
        channels: ['chat'],
        startedAt: '2026-05-01T10:00:00.000Z',
      },
    });
  });

  it('tells of a conversation closing when the work on it ends, not when it goes quiet', () => {
    const working = conversationItem({ openWorkItemId: 'wi_1' });
    const released = conversationItem({ lastActivityAt: '2026-05-01T10:20:00.000Z' });
    expect(domainEventsOf({ oldImage: working, newImage: released }, at)).toEqual([
      {
        detailType: 'conversation.closed',
        detail: expect.objectContaining({
          conversationId: 'conv_1',
          workItemId: 'wi_1',
          lastActivityAt: '2026-05-01T10:20:00.000Z',
        }),
      },
    ]);
    const touched = conversationItem({ lastActivityAt: '2026-05-01T10:21:00.000Z' });
    expect(domainEventsOf({ oldImage: released, newImage: touched }, at)).toEqual([]);
  });

  it('tells of an interaction recorded with its channel, direction and counts, never its words', () => {
    const [event] = domainEventsOf({ newImage: interactionItem() }, at);
    expect(event?.detailType).toBe('interaction.recorded');
    expect(event?.detail).toMatchObject({
      interactionId: 'int_1',
      customerId: 'cust_1',
      conversationId: 'conv_1',
      channel: 'email',
      direction: 'inbound',
      kind: 'message',
      occurredAt: '2026-05-01T09:59:58.000Z',
      attachmentCount: 1,
      flags: [],
    });
    const sent = JSON.stringify(event);
    for (const secret of ['Where is my refund', 'Ana Lima', 'ana@example.com', 'invoice.pdf', 'Refund']) {
      expect(sent).not.toContain(secret);
    }
  });

  it('tells nothing of the marker retention leaves where an expired entry was', () => {
    const marker = interactionItem({ removed: { reason: 'retention', at: '2027-05-01T10:00:00.000Z' } });
    expect(domainEventsOf({ newImage: marker }, at)).toEqual([]);
  });

  it("tells a merge's entry once, not again for its copy on the other timeline, nor on a delivery update", () => {
    const merge = interactionItem({ kind: 'merge', direction: 'internal', conversationId: undefined });
    expect(domainEventsOf({ newImage: merge }, at)).toHaveLength(1);
    expect(domainEventsOf({ newImage: { ...merge, mirrorOf: 'cust_2' } }, at)).toEqual([]);
    const reply = interactionItem({ direction: 'outbound' });
    expect(domainEventsOf({ oldImage: reply, newImage: { ...reply, deliveryStatus: 'read' } }, at)).toEqual(
      [],
    );
  });

  it.each([
    ['queued', 'offered', 'work-item.offered'],
    ['offered', 'assigned', 'work-item.accepted'],
    ['assigned', 'wrapped', 'work-item.completed'],
    ['queued', 'abandoned', 'work-item.abandoned'],
    ['offered', 'queued', 'work-item.queued'],
  ])('tells of a work item moving from %s to %s as %s', (from, to, type) => {
    const before = workItemImage({ state: from, agentId: 'agent-ana', routingVersion: 4 });
    const after = workItemImage({ state: to, agentId: 'agent-ana', routingVersion: 5 });
    const [event] = domainEventsOf({ oldImage: before, newImage: after }, at);
    expect(event?.detailType).toBe(type);
    expect(event?.detail).toMatchObject({
      workItemId: 'wi_1',
      queueId: 'billing',
      state: to,
      agentId: 'agent-ana',
    });
    expect(JSON.stringify(event)).not.toContain('refund promised');
  });

  it('tells of a new work item as queued, and of nothing when only its routing log grows', () => {
    const [event] = domainEventsOf({ newImage: workItemImage({ state: 'queued' }) }, at);
    expect(event).toMatchObject({ detailType: 'work-item.queued', detail: { priority: 7, channel: 'chat' } });
    const offered = workItemImage({ state: 'offered', agentId: 'agent-ana', routingVersion: 2 });
    const logged = { ...offered, routingVersion: 3, routingLog: [{ type: 'offer' }, { type: 'step' }] };
    expect(domainEventsOf({ oldImage: offered, newImage: logged }, at)).toEqual([]);
  });

  it('tells a second offer of the same item apart from the first', () => {
    const offer = (version: number) =>
      domainEventsOf(
        {
          oldImage: workItemImage({ state: 'queued', routingVersion: version - 1 }),
          newImage: workItemImage({ state: 'offered', agentId: 'agent-ana', routingVersion: version }),
        },
        at,
      )[0]?.detail.eventId;
    expect(offer(3)).not.toBe(offer(7));
  });

  it('tells of a customer merged away and split off again, naming only ids', () => {
    const merged = domainEventsOf(
      {
        oldImage: customerItem({ version: 3 }),
        newImage: customerItem({ version: 4, mergedInto: 'cust_0' }),
      },
      at,
    );
    expect(merged).toEqual([
      {
        detailType: 'customer.merged',
        detail: expect.objectContaining({ customerId: 'cust_1', survivorId: 'cust_0' }),
      },
    ]);
    const unmerged = domainEventsOf(
      {
        oldImage: customerItem({ version: 4, mergedInto: 'cust_0' }),
        newImage: customerItem({ version: 5 }),
      },
      at,
    );
    expect(unmerged).toEqual([
      {
        detailType: 'customer.unmerged',
        detail: expect.objectContaining({ customerId: 'cust_1', splitFromId: 'cust_0' }),
      },
    ]);
    expect(JSON.stringify([merged, unmerged])).not.toMatch(/Ana|@example\.com|\+1415/);
  });

  it('tells of an erasure once it is done, with its counts and without its reason', () => {
    const running = erasureItem({ phase: 'customers' });
    const done = erasureItem({ phase: 'done', completedAt: '2026-05-01T10:00:04.000Z' });
    const [event] = domainEventsOf({ oldImage: running, newImage: done }, at);
    expect(event).toMatchObject({
      detailType: 'customer.erased',
      detail: { customerId: 'cust_1', customerIds: ['cust_1', 'cust_2'], counts: { interactions: 12 } },
    });
    expect(JSON.stringify(event)).not.toContain('asked by letter');
    expect(domainEventsOf({ oldImage: done, newImage: done }, at)).toEqual([]);
    expect(domainEventsOf({ oldImage: erasureItem({ phase: 'timeline' }), newImage: running }, at)).toEqual(
      [],
    );
  });

  it('tells of a survey answered with its rating and counts, never its comment', () => {
    const { sent, answered } = answeredSurvey();
    const [event] = domainEventsOf({ oldImage: sent, newImage: answered }, at);
    expect(event?.detail).toMatchObject({
      workItemId: 'wi_1',
      queueId: 'billing',
      agentId: 'agent-ana',
      via: 'chat',
      rating: 4,
      questionsAnswered: 1,
      commented: true,
    });
    expect(JSON.stringify(event)).not.toMatch(/quick and kind|yes/);
    expect(domainEventsOf({ oldImage: answered, newImage: answered }, at)).toEqual([]);
  });

  it('gives the same ids for the same change read again, whenever it is read', () => {
    const change = { oldImage: conversationItem({ openWorkItemId: 'wi_1' }), newImage: conversationItem() };
    const first = domainEventsOf(change, at);
    const again = domainEventsOf(change, new Date('2026-05-02T00:00:00.000Z'));
    expect(again[0]?.detail.eventId).toBe(first[0]?.detail.eventId);
  });

  it('tells nothing of deleted items or of records that are not domain records', () => {
    expect(domainEventsOf({ oldImage: interactionItem() }, at)).toEqual([]);
    expect(
      domainEventsOf({ newImage: { pk: 'LIVE#queues', sk: 'CONN#c1', entity: 'liveSubscription' } }, at),
    ).toEqual([]);
  });

  it('refuses a change whose item lacks what its event must say', () => {
    const { customerId: _missing, ...broken } = conversationItem();
    expect(() => domainEventsOf({ newImage: broken }, at)).toThrow(/customerId/);
  });

  it('names every event type with a dotted name, from the onethread source', () => {
    expect(DOMAIN_EVENT_SOURCE).toBe('onethread');
    for (const type of DOMAIN_EVENT_TYPES) expect(type).toMatch(/^[a-z-]+\.[a-z]+$/);
  });
});
