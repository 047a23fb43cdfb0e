import { describe, expect, it } from 'vitest';
import { Harness, offersIn } from './harness.ts';

/** Queues items for `general` with nobody on shift, then lets one agent with one chat slot in. */
function firstServed(h: Harness): string | undefined {
  h.addAgent('solo', { billing: 5 }, { capacity: { chat: 1, voice: 1 } });
  return offersIn(h.log).at(0)?.workItemId;
}

describe('item order', () => {
  it('serves a higher priority first, even when it arrived later', () => {
    const h = new Harness();
    h.enqueue('routine', { queueId: 'general', priority: 5 });
    h.now += 10_000;
    h.enqueue('vip', { queueId: 'general', priority: 8 });
    expect(firstServed(h)).toBe('vip');
  });

  it('lets waiting raise effective priority by one level a minute, so nobody waits forever', () => {
    const h = new Harness();
    h.enqueue('patient', { queueId: 'general', priority: 5 });
    h.now += 3 * 60_000;
    h.enqueue('newcomer', { queueId: 'general', priority: 7 });
    expect(firstServed(h)).toBe('patient');
  });

  it('breaks a tie in effective priority by the time left before the service level is breached', () => {
    const h = new Harness();
    h.enqueue('chat', { queueId: 'general', channel: 'chat' });
    h.now += 5_000;
    h.enqueue('call', { queueId: 'general', channel: 'voice' });
    h.queueChannelTarget('general', 'voice', 20);
    expect(firstServed(h)).toBe('call');
  });

  it('serves the oldest first when everything else is equal', () => {
    const h = new Harness();
    h.enqueue('first', { queueId: 'general' });
    h.now += 1_000;
    h.enqueue('second', { queueId: 'general' });
    expect(firstServed(h)).toBe('first');
  });

  it('ignores priority and aging in FIFO order', () => {
    const h = new Harness({ config: { itemOrder: 'fifo' } });
    h.enqueue('routine', { queueId: 'general', priority: 0 });
    h.now += 1_000;
    h.enqueue('vip', { queueId: 'general', priority: 10 });
    expect(firstServed(h)).toBe('routine');
  });

  it('puts an item that overflowed ahead of newer ones in the overflow queue', () => {
    const h = new Harness();
    h.enqueue('overflowed');
    h.advance(300);
    h.enqueue('fresh', { queueId: 'general' });
    expect(firstServed(h)).toBe('overflowed');
  });

  it('lets an item that can still meet its target go before one that already missed it', () => {
    const h = new Harness();
    h.enqueue('missed', { queueId: 'general' });
    h.now += 50_000;
    h.enqueue('salvageable', { queueId: 'general' });
    h.now += 11_000;
    expect(firstServed(h)).toBe('salvageable');
  });

  it('serves an item that missed its target first again once its wait has earned a level', () => {
    const h = new Harness();
    h.now += 30_000;
    h.enqueue('missed', { queueId: 'general' });
    h.now += 40_000;
    h.enqueue('salvageable', { queueId: 'general' });
    h.now += 30_000;
    expect(firstServed(h)).toBe('missed');
  });

  it('keeps plain deadline order when missed targets are not to yield', () => {
    const h = new Harness({ config: { missedTargetYields: false } });
    h.enqueue('missed', { queueId: 'general' });
    h.now += 50_000;
    h.enqueue('salvageable', { queueId: 'general' });
    h.now += 11_000;
    expect(firstServed(h)).toBe('missed');
  });
});
