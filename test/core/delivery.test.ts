import { describe, expect, it } from 'vitest';
import { type DeliveryState, initialDelivery, mergeDelivery } from '#core/delivery.ts';
import type { DeliveryEvent, DeliveryStatus } from '#core/model.ts';

const at = (second: number) => new Date(Date.UTC(2026, 4, 1, 9, 0, second)).toISOString();
const report = (
  status: DeliveryStatus,
  second: number,
  extra: Partial<DeliveryEvent> = {},
): DeliveryEvent => ({
  status,
  at: at(second),
  ...extra,
});
const fold = (...events: DeliveryEvent[]): DeliveryState =>
  events.reduce((state, event) => mergeDelivery(state, event), { history: [] } as DeliveryState);

describe('delivery status of an outbound message', () => {
  it('moves forward through sent, delivered and read', () => {
    expect(
      fold(report('accepted', 0), report('sent', 1), report('delivered', 2), report('read', 3)).status,
    ).toBe('read');
  });

  it('never goes back when statuses arrive out of order, and keeps them in time order', () => {
    const state = fold(report('read', 3), report('sent', 1), report('delivered', 2), report('accepted', 0));
    expect(state.status).toBe('read');
    expect(state.history.map((event) => event.status)).toEqual(['accepted', 'sent', 'delivered', 'read']);
  });

  it('keeps a failure final, with the reason the provider gave first', () => {
    const state = fold(
      report('sent', 1),
      report('failed', 2, { code: '131047', reason: 'more than 24 hours have passed' }),
      report('delivered', 3),
      report('failed', 4, { code: '131026', reason: 'undeliverable' }),
    );
    expect(state).toMatchObject({ status: 'failed', reason: 'more than 24 hours have passed' });
    expect(state.history).toHaveLength(4);
  });

  it('names a failure by its code when the provider gives no words', () => {
    expect(fold(report('failed', 1, { code: '30005' })).reason).toBe('provider error 30005');
  });

  it('ignores a report it has already seen', () => {
    const once = fold(report('delivered', 2));
    expect(mergeDelivery(once, report('delivered', 2))).toEqual(once);
  });

  it('starts a reply as accepted, or as failed with the provider’s reason', () => {
    expect(initialDelivery(report('accepted', 0))).toMatchObject({
      deliveryStatus: 'accepted',
      deliveryHistory: [report('accepted', 0)],
    });
    expect(initialDelivery(report('failed', 0, { reason: 'invalid recipient' }))).toMatchObject({
      deliveryStatus: 'failed',
      deliveryReason: 'invalid recipient',
    });
    expect(initialDelivery(undefined)).toEqual({});
  });
});
