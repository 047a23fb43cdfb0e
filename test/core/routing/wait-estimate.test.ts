import { describe, expect, it } from 'vitest';
import {
  estimateNewcomer,
  estimateNewcomers,
  estimateWait,
  estimateWaits,
  newcomerKey,
} from '#core/routing/index.ts';
import { Harness, offersIn, only } from './harness.ts';

const times = { handleSeconds: () => 300 };
const oneChat = { capacity: { chat: 1 } };

/** Agents each busy with one accepted chat, so whoever comes next waits. */
function busyFloor(agents: number): Harness {
  const h = new Harness();
  for (let a = 0; a < agents; a++) {
    h.addAgent(`agent-${a}`, { billing: 1 }, oneChat);
    const offer = only(offersIn(h.enqueue(`busy-${a}`, { queueId: 'general' })));
    h.send({ type: 'offerAccepted', offerId: offer.offerId, agentId: offer.agentId });
  }
  return h;
}

describe('estimated wait', () => {
  it('is the customers ahead plus one over the agents, times the handle time (M/M/s in mean)', () => {
    const h = busyFloor(2);
    for (const id of ['w1', 'w2', 'w3']) h.enqueue(id, { queueId: 'general' });
    expect(estimateWait(h.state, 'w1', h.now, times)).toEqual({
      state: 'waiting',
      position: 1,
      estimatedWaitSeconds: 150,
    });
    expect(estimateWait(h.state, 'w3', h.now, times)).toMatchObject({
      position: 3,
      estimatedWaitSeconds: 450,
    });
  });

  it('puts a higher priority ahead whenever it came', () => {
    const h = busyFloor(1);
    h.enqueue('early', { queueId: 'general', priority: 5 });
    h.enqueue('urgent', { queueId: 'general', priority: 9 });
    expect(estimateWait(h.state, 'urgent', h.now, times)?.position).toBe(1);
    expect(estimateWait(h.state, 'early', h.now, times)?.position).toBe(2);
  });

  it('does not count an item that an expert-only step holds back from these agents', () => {
    const h = busyFloor(1);
    h.enqueue('expert-only', { queueId: 'billing' });
    h.enqueue('anyone', { queueId: 'general' });
    // The billing item's first step wants level 4; the only agent has level 1.
    expect(estimateWait(h.state, 'anyone', h.now, times)?.position).toBe(1);
  });

  it('says nothing of the wait when nobody who could take the item is signed in', () => {
    const h = new Harness();
    h.enqueue('alone', { queueId: 'general' });
    expect(estimateWait(h.state, 'alone', h.now, times)).toEqual({
      state: 'waiting',
      position: 1,
      estimatedWaitSeconds: undefined,
    });
  });

  it('waits for the step to relax when a free agent does not yet qualify', () => {
    const h = new Harness();
    h.addAgent('novice', { billing: 1 }, oneChat);
    h.enqueue('held', { queueId: 'billing' });
    // Level 1 is enough only from the third step, 90 s after the item entered the queue.
    expect(estimateWait(h.state, 'held', h.now, times)).toMatchObject({
      position: 1,
      estimatedWaitSeconds: 90,
    });
    h.advance(30);
    expect(estimateWait(h.state, 'held', h.now, times)?.estimatedWaitSeconds).toBe(60);
  });

  it('is nothing but the answer time once an agent has the offer', () => {
    const h = new Harness();
    h.addAgent('ana', {}, oneChat);
    h.enqueue('next', { queueId: 'general' });
    expect(estimateWait(h.state, 'next', h.now, { ...times, acceptSeconds: () => 4 })).toEqual({
      state: 'offered',
      position: 0,
      estimatedWaitSeconds: 4,
    });
    expect(estimateWait(h.state, 'unknown', h.now, times)).toBeUndefined();
  });

  it('gives every item at once what it gives each one alone', () => {
    const h = busyFloor(2);
    h.addAgent('expert', { billing: 5 }, oneChat);
    h.enqueue('b1', { queueId: 'billing' });
    for (const id of ['g1', 'g2']) h.enqueue(id, { queueId: 'general' });
    h.enqueue('b2', { queueId: 'billing', priority: 8 });
    h.enqueue('g3', { queueId: 'general', priority: 2 });
    const all = estimateWaits(h.state, h.now, times);
    for (const id of h.state.items.keys())
      expect(all.get(id)).toEqual(estimateWait(h.state, id, h.now, times));
    expect(all.size).toBe(h.state.items.size);
  });

  describe('for a newcomer', () => {
    it('is what an item arriving now at the lowest priority is told once it has arrived', () => {
      const h = busyFloor(2);
      h.enqueue('w1', { queueId: 'general', priority: 7 });
      h.enqueue('w2', { queueId: 'general', priority: 0 });
      const before = estimateNewcomer(h.state, 'general', 'chat', h.now, times);
      expect(before).toEqual({ state: 'waiting', position: 3, estimatedWaitSeconds: 450 });
      h.enqueue('z-last', { queueId: 'general', priority: 0 });
      expect(estimateWait(h.state, 'z-last', h.now, times)).toEqual(before);
    });

    it('counts only the waiting items of its own capacity group', () => {
      const h = busyFloor(1);
      h.enqueue('chat-1', { queueId: 'general' });
      h.enqueue('email-1', { queueId: 'general', channel: 'email' });
      expect(estimateNewcomer(h.state, 'general', 'chat', h.now, times).position).toBe(2);
      // Nobody signed in takes email: no agents' work is ahead, and no estimate.
      expect(estimateNewcomer(h.state, 'general', 'email', h.now, times)).toEqual({
        state: 'waiting',
        position: 1,
        estimatedWaitSeconds: undefined,
      });
    });

    it('does not count an item that an expert-only step holds back from its agents', () => {
      const h = busyFloor(1);
      h.enqueue('expert-only', { queueId: 'billing' });
      expect(estimateNewcomer(h.state, 'general', 'chat', h.now, times).position).toBe(1);
    });

    it('gives every queue and group at once what it gives each alone', () => {
      const h = busyFloor(2);
      h.addAgent('expert', { billing: 5 }, { capacity: { chat: 1, voice: 1 } });
      h.enqueue('b1', { queueId: 'billing' });
      h.enqueue('g1', { queueId: 'general', priority: 8 });
      h.enqueue('v1', { queueId: 'general', channel: 'voice' });
      const all = estimateNewcomers(h.state, h.now, times);
      for (const queueId of h.state.queues.keys())
        for (const channel of ['voice', 'chat', 'email', 'sms', 'whatsapp', 'messenger'] as const)
          expect(all.get(newcomerKey(queueId, channel))).toEqual(
            estimateNewcomer(h.state, queueId, channel, h.now, times),
          );
      expect(all.size).toBe(h.state.queues.size * 5);
    });
  });
});
