import { describe, expect, it } from 'vitest';
import { viewItem } from '#core/routing/index.ts';
import { Harness, offersIn, ofType, only } from './harness.ts';

describe('routing step expiry', () => {
  it('does not offer a billing chat to a level-2 agent during the strict first step', () => {
    const h = new Harness();
    h.addAgent('lena', { billing: 2 });
    expect(offersIn(h.enqueue('wi-1'))).toEqual([]);
    expect(offersIn(h.advance(29))).toEqual([]);
  });

  it('offers a billing chat to a level-2 agent once the strict step ends', () => {
    const h = new Harness();
    h.addAgent('lena', { billing: 2 });
    h.enqueue('wi-1');
    const decided = h.advance(30);
    expect(ofType(decided, 'step')).toMatchObject([{ workItemId: 'wi-1', step: 1, skills: { billing: 2 } }]);
    const offer = only(offersIn(decided));
    expect(offer).toMatchObject({ workItemId: 'wi-1', agentId: 'lena' });
    expect(offer.explanation.step).toMatchObject({ index: 1, skills: { billing: 2 } });
  });

  it('asks for a timer at the end of each step, counted from when the item entered the queue', () => {
    const h = new Harness();
    const timers = ofType(h.enqueue('wi-1'), 'timer');
    expect(timers).toEqual([
      expect.objectContaining({ at: h.now + 30_000, event: expect.objectContaining({ step: 0 }) }),
    ]);
    const next = ofType(h.advance(30), 'timer');
    expect(next.map((timer) => timer.at)).toEqual([h.now + 60_000]);
  });

  it('relaxes to any billing agent after 90 seconds', () => {
    const h = new Harness();
    h.addAgent('novice', { billing: 1 });
    h.enqueue('wi-1');
    expect(offersIn(h.advance(89))).toEqual([]);
    expect(only(offersIn(h.advance(1))).agentId).toBe('novice');
  });

  it('overflows to the general queue after five minutes, keeping its original enqueue time', () => {
    const h = new Harness();
    const enqueuedAt = new Date(h.now).toISOString();
    h.enqueue('wi-1');
    const decided = h.advance(300);
    expect(ofType(decided, 'overflow')).toEqual([
      { type: 'overflow', workItemId: 'wi-1', fromQueueId: 'billing', toQueueId: 'general' },
    ]);
    expect(viewItem(h.state, 'wi-1')).toMatchObject({ queueId: 'general', routingStep: 0, enqueuedAt });
    expect(offersIn(h.addAgent('generalist', { returns: 3 }))).toMatchObject([{ workItemId: 'wi-1' }]);
  });

  it('ignores a timer for a step the item has already left', () => {
    const h = new Harness();
    h.enqueue('wi-1');
    h.advance(31);
    const decided = h.send({ type: 'stepTimerExpired', workItemId: 'wi-1', queueId: 'billing', step: 0 });
    expect(decided).toMatchObject([{ type: 'ignored' }]);
    expect(viewItem(h.state, 'wi-1')?.routingStep).toBe(1);
  });

  it('re-arms a timer that arrives before the step really ends', () => {
    const h = new Harness();
    h.enqueue('wi-1');
    h.now += 10_000;
    const decided = h.send({ type: 'stepTimerExpired', workItemId: 'wi-1', queueId: 'billing', step: 0 });
    expect(decided).toMatchObject([{ type: 'timer', at: h.now + 20_000 }]);
  });

  it('catches up on steps when an item is enqueued late', () => {
    const h = new Harness();
    h.addAgent('lena', { billing: 2 });
    const enqueuedAt = new Date(h.now - 45_000).toISOString();
    const decided = h.enqueue('wi-1', { enqueuedAt });
    expect(ofType(decided, 'step')).toMatchObject([{ step: 1 }]);
    expect(only(offersIn(decided)).agentId).toBe('lena');
  });

  it('stays on a last step without seconds for good', () => {
    const h = new Harness();
    h.enqueue('wi-1', { queueId: 'general' });
    expect(ofType(h.advance(3600), 'step')).toEqual([]);
    expect(h.pendingTimers()).toEqual([]);
  });
});
