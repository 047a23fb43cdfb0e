import { describe, expect, it } from 'vitest';
import { type QueueInput, QueueSchema, viewItem } from '#core/routing/index.ts';
import { general, Harness, offersIn, ofType, only, T0 } from './harness.ts';

/** Monday 3 March 2025, 09:00 in Lisbon is 09:00 UTC (winter time). */
const HOUR = 3_600_000;

/** Open 09:00–17:00 on weekdays, Lisbon time. */
const support: QueueInput = {
  queueId: 'support',
  name: 'Support',
  steps: [{ skills: { billing: 4 }, seconds: 30 }, { skills: {} }],
  serviceLevel: { seconds: 60, target: 0.8 },
  hours: {
    timeZone: 'Europe/Lisbon',
    weekly: ['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => ({
      day: day as 'mon',
      open: '09:00',
      close: '17:00',
    })),
  },
};

/** A floor at 08:00 on Monday, an hour before the support queue opens. */
function beforeOpening(queues: QueueInput[] = [support, general]): Harness {
  const h = new Harness({ queues });
  h.now = T0 - HOUR;
  return h;
}

describe('business hours in routing', () => {
  it('offers nothing of a closed queue, and offers its work when it opens', () => {
    const h = beforeOpening();
    h.addAgent('ana', { billing: 5 });
    expect(offersIn(h.enqueue('wi-1', { queueId: 'support' }))).toEqual([]);
    expect(offersIn(h.advance(3599))).toEqual([]);
    const opened = h.advance(1);
    const offer = only(offersIn(opened));
    expect(offer).toMatchObject({
      workItemId: 'wi-1',
      agentId: 'ana',
      offeredAt: '2025-03-03T09:00:00.000Z',
    });
  });

  it('takes waiting work out of the lines at closing, and back at the next opening', () => {
    const h = new Harness({ queues: [support, general] });
    h.now = T0 + 7 * HOUR + 50 * 60_000; // 16:50
    h.addAgent('ana', { billing: 5 }, { status: 'offline' });
    h.enqueue('wi-1', { queueId: 'support' });
    h.advance(15 * 60); // 17:05, closed
    expect(offersIn(h.send({ type: 'agentStatusChanged', agentId: 'ana', status: 'available' }))).toEqual([]);
    expect(viewItem(h.state, 'wi-1')).toMatchObject({ state: 'queued' });
    const tuesday = h.advance(16 * 3600 - 5 * 60); // Tuesday 09:00
    expect(only(offersIn(tuesday))).toMatchObject({
      workItemId: 'wi-1',
      offeredAt: '2025-03-04T09:00:00.000Z',
    });
  });

  it('works out the hours itself when a timer is lost', () => {
    const h = beforeOpening();
    h.addAgent('ana', { billing: 5 }, { status: 'offline' });
    h.enqueue('wi-1', { queueId: 'support' });
    h.loseTimers();
    h.advance(2 * 3600); // 10:00, the opening's timer never came
    const back = h.send({ type: 'agentStatusChanged', agentId: 'ana', status: 'available' });
    expect(only(offersIn(back))).toMatchObject({ workItemId: 'wi-1' });
  });

  it('stops the step clock while closed', () => {
    const h = beforeOpening();
    h.addAgent('bo', { billing: 1 });
    h.enqueue('wi-1', { queueId: 'support' });
    // An hour in the queue, but none of it open: still on the expert step at the opening.
    expect(offersIn(h.advance(3600))).toEqual([]);
    expect(viewItem(h.state, 'wi-1')).toMatchObject({ routingStep: 0 });
    const relaxed = h.advance(30);
    expect(only(ofType(relaxed, 'step'))).toMatchObject({ step: 1 });
    expect(only(offersIn(relaxed))).toMatchObject({ agentId: 'bo', offeredAt: '2025-03-03T09:00:30.000Z' });
  });

  it('sends work to an open queue while closed, when the queue says so', () => {
    const h = beforeOpening([{ ...support, closedOverflowQueueId: 'general' }, general]);
    h.addAgent('ana', {});
    const decided = h.enqueue('wi-1', { queueId: 'support' });
    expect(only(ofType(decided, 'overflow'))).toEqual({
      type: 'overflow',
      workItemId: 'wi-1',
      fromQueueId: 'support',
      toQueueId: 'general',
    });
    expect(only(offersIn(decided))).toMatchObject({ agentId: 'ana', queueId: 'general' });
  });

  it('moves work waiting in a closed queue when the queue it overflows to opens', () => {
    const late: QueueInput = {
      ...general,
      queueId: 'late',
      name: 'Late',
      hours: { timeZone: 'Europe/Lisbon', weekly: [{ day: 'mon', open: '08:30', close: '20:00' }] },
    };
    const h = beforeOpening([{ ...support, closedOverflowQueueId: 'late' }, late, general]);
    h.addAgent('ana', {});
    expect(offersIn(h.enqueue('wi-1', { queueId: 'support' }))).toEqual([]);
    const moved = h.advance(1800);
    expect(only(ofType(moved, 'overflow'))).toMatchObject({ toQueueId: 'late' });
    expect(only(offersIn(moved))).toMatchObject({ queueId: 'late', offeredAt: '2025-03-03T08:30:00.000Z' });
  });

  it('decides alike after a restore while closed', () => {
    const h = beforeOpening();
    h.addAgent('ana', { billing: 5 });
    h.enqueue('wi-1', { queueId: 'support' });
    h.restore();
    expect(offersIn(h.send({ type: 'sweep' }))).toEqual([]);
    expect(only(offersIn(h.advance(3600)))).toMatchObject({ workItemId: 'wi-1' });
  });

  it('applies new hours to work already waiting', () => {
    const h = new Harness({ queues: [general] });
    h.now = T0 - HOUR;
    h.addAgent('ana', {}, { status: 'offline' });
    h.enqueue('wi-1', { queueId: 'general' });
    const hours = support.hours;
    h.send({ type: 'queueUpserted', queue: { ...general, hours } });
    expect(offersIn(h.send({ type: 'agentStatusChanged', agentId: 'ana', status: 'available' }))).toEqual([]);
    expect(only(offersIn(h.send({ type: 'queueUpserted', queue: general })))).toMatchObject({
      workItemId: 'wi-1',
    });
  });

  it('lets an item sent to a named agent through, open or not', () => {
    const h = beforeOpening();
    h.now = T0 + 8 * HOUR - 60_000; // 16:59
    h.addAgent('ana', { billing: 5 });
    h.addAgent('bo', { billing: 5 });
    const offer = only(offersIn(h.enqueue('wi-1', { queueId: 'support' })));
    h.send({ type: 'offerAccepted', offerId: offer.offerId });
    h.advance(120); // 17:01
    const moved = h.send({ type: 'transferRequested', workItemId: 'wi-1', to: { agentId: 'bo' } });
    expect(only(offersIn(moved))).toMatchObject({ agentId: 'bo' });
  });

  it('refuses an overflow for closed hours on a queue without hours, or into itself', () => {
    const issues = (queue: QueueInput) =>
      QueueSchema.safeParse(queue).error?.issues.map((i) => i.path.join('.'));
    expect(issues({ ...general, closedOverflowQueueId: 'support' })).toEqual(['closedOverflowQueueId']);
    expect(issues({ ...support, closedOverflowQueueId: 'support' })).toEqual(['closedOverflowQueueId']);
    expect(issues({ ...support, hours: { timeZone: 'Mars/Olympus', weekly: [] } })).toEqual([
      'hours.timeZone',
    ]);
  });
});

describe('abandonment in routing', () => {
  it('withdraws the offer of an item whose customer left, and offers the agent the next', () => {
    const h = new Harness();
    h.addAgent('ana', { billing: 5 }, { capacity: { chat: 1 } });
    const offer = only(offersIn(h.enqueue('wi-1')));
    h.enqueue('wi-2');
    const left = h.send({ type: 'itemAbandoned', workItemId: 'wi-1' });
    expect(only(ofType(left, 'close'))).toMatchObject({
      workItemId: 'wi-1',
      reason: 'abandoned',
      agentId: 'ana',
      offerId: offer.offerId,
      queueId: 'billing',
    });
    expect(only(offersIn(left))).toMatchObject({ workItemId: 'wi-2', agentId: 'ana' });
    expect(h.send({ type: 'offerAccepted', offerId: offer.offerId })).toMatchObject([
      { type: 'rejected', code: 'not_found' },
    ]);
  });

  it('never offers an item whose customer left while it waited', () => {
    const h = new Harness();
    h.addAgent('ana', { billing: 5 }, { status: 'offline' });
    h.enqueue('wi-1');
    expect(only(ofType(h.send({ type: 'itemAbandoned', workItemId: 'wi-1' }), 'close'))).toMatchObject({
      reason: 'abandoned',
    });
    expect(offersIn(h.send({ type: 'agentStatusChanged', agentId: 'ana', status: 'available' }))).toEqual([]);
    expect(offersIn(h.advance(3600))).toEqual([]);
    expect(viewItem(h.state, 'wi-1')).toBeUndefined();
  });

  it('abandons a chat whose visitor has not been seen for the queue’s inactivity time', () => {
    const h = new Harness({ queues: [{ ...general, inactivitySeconds: 120 }] });
    h.addAgent('ana', {}, { status: 'offline' });
    h.enqueue('wi-1', { queueId: 'general' });
    h.advance(60);
    h.send({ type: 'customerSeen', workItemId: 'wi-1' });
    expect(ofType(h.advance(100), 'close')).toEqual([]);
    const gone = only(ofType(h.advance(30), 'close'));
    expect(gone).toMatchObject({ workItemId: 'wi-1', reason: 'abandoned', queueId: 'general' });
    expect(h.log.filter((d) => d.type === 'close').length).toBe(1);
  });

  it('keeps a visitor who left a page and came back, and abandons one who did not', () => {
    const h = new Harness();
    h.addAgent('ana', {}, { status: 'offline' });
    h.enqueue('wi-1', { queueId: 'general' });
    h.send({ type: 'customerLeft', workItemId: 'wi-1' });
    h.advance(5);
    h.send({ type: 'customerSeen', workItemId: 'wi-1' });
    expect(ofType(h.advance(120), 'close')).toEqual([]);
    h.send({ type: 'customerLeft', workItemId: 'wi-1' });
    h.restore();
    expect(only(ofType(h.advance(60), 'close'))).toMatchObject({ reason: 'abandoned' });
  });
});
