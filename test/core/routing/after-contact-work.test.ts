import { describe, expect, it } from 'vitest';
import { viewAgent } from '#core/routing/index.ts';
import { general, Harness, offersIn, ofType, only, restored, T0 } from './harness.ts';

/** General with two minutes of after-contact work; ana holds wi-1 and wi-2 waits. */
function completing() {
  const h = new Harness();
  h.send({ type: 'queueUpserted', queue: { ...general, afterContactWorkSeconds: 120 } });
  h.addAgent('ana', {}, { capacity: { chat: 1 } });
  const offer = only(offersIn(h.enqueue('wi-1', { queueId: 'general' })));
  h.send({ type: 'offerAccepted', offerId: offer.offerId });
  h.enqueue('wi-2', { queueId: 'general' });
  return h;
}

describe('after-contact work', () => {
  it('offers the agent nothing for the queue’s after-contact work time after completing, then the next in line', () => {
    const h = completing();
    const done = h.send({ type: 'workCompleted', workItemId: 'wi-1' });
    expect(offersIn(done)).toEqual([]);
    expect(viewAgent(h.state, 'ana')).toMatchObject({
      status: 'available',
      wrapUpUntil: new Date(T0 + 120_000).toISOString(),
    });
    expect(offersIn(h.advance(119))).toEqual([]);
    expect(only(offersIn(h.advance(1)))).toMatchObject({ workItemId: 'wi-2', agentId: 'ana' });
    expect(viewAgent(h.state, 'ana')?.wrapUpUntil).toBeUndefined();
  });

  it('ends when the agent says they are ready, and the timer then changes nothing', () => {
    const h = completing();
    h.send({ type: 'workCompleted', workItemId: 'wi-1' });
    h.advance(30);
    const ready = h.send({ type: 'agentStatusChanged', agentId: 'ana', status: 'available' });
    const offer = only(offersIn(ready));
    expect(offer).toMatchObject({ workItemId: 'wi-2' });
    h.send({ type: 'offerAccepted', offerId: offer.offerId });
    const later = h.advance(120);
    expect(ofType(later, 'ignored').map((d) => d.reason)).toContainEqual(
      expect.stringContaining('no after-contact work'),
    );
    expect(viewAgent(h.state, 'ana')?.wrapUpUntil).toBeUndefined();
  });

  it('ends when the agent goes away, so coming back is a fresh start', () => {
    const h = completing();
    h.send({ type: 'workCompleted', workItemId: 'wi-1' });
    h.send({ type: 'agentStatusChanged', agentId: 'ana', status: 'away', reason: 'break' });
    expect(viewAgent(h.state, 'ana')?.wrapUpUntil).toBeUndefined();
    expect(
      only(offersIn(h.send({ type: 'agentStatusChanged', agentId: 'ana', status: 'available' }))),
    ).toMatchObject({
      workItemId: 'wi-2',
    });
  });

  it('goes straight to the next in line where the queue has no after-contact work', () => {
    const h = new Harness();
    h.addAgent('ana', {}, { capacity: { chat: 1 } });
    const offer = only(offersIn(h.enqueue('wi-1', { queueId: 'general' })));
    h.send({ type: 'offerAccepted', offerId: offer.offerId });
    h.enqueue('wi-2', { queueId: 'general' });
    expect(only(offersIn(h.send({ type: 'workCompleted', workItemId: 'wi-1' })))).toMatchObject({
      workItemId: 'wi-2',
    });
  });

  it('keeps the agent in after-contact work through a snapshot', () => {
    const h = completing();
    h.send({ type: 'workCompleted', workItemId: 'wi-1' });
    const cold = restored(h.state);
    expect(viewAgent(cold, 'ana')).toEqual(viewAgent(h.state, 'ana'));
    h.state = cold;
    expect(offersIn(h.enqueue('wi-3', { queueId: 'general' }))).toEqual([]);
    expect(only(offersIn(h.advance(120)))).toMatchObject({ workItemId: 'wi-2' });
  });
});
