import { describe, expect, it } from 'vitest';
import { capacityGroupOf } from '#core/routing/index.ts';
import { Harness, offersIn } from './harness.ts';

function accepted(h: Harness, decisions = h.log): void {
  for (const offer of offersIn(decisions)) h.send({ type: 'offerAccepted', offerId: offer.offerId });
}

describe('capacity per channel group', () => {
  it('gives an agent as many chats as their chat capacity and no more', () => {
    const h = new Harness();
    for (const id of ['c1', 'c2', 'c3', 'c4']) h.enqueue(id, { queueId: 'general' });
    const offers = offersIn(h.addAgent('ana', {}, { capacity: { chat: 3 } }));
    expect(offers.map((offer) => offer.workItemId)).toEqual(['c1', 'c2', 'c3']);
  });

  it('counts WhatsApp, Messenger, Instagram and X against one social capacity', () => {
    expect(['whatsapp', 'messenger', 'instagram', 'x'].map((c) => capacityGroupOf(c as 'x'))).toEqual([
      'social',
      'social',
      'social',
      'social',
    ]);
    const h = new Harness();
    h.addAgent('ana', {}, { capacity: { social: 2 } });
    h.enqueue('wa', { queueId: 'general', channel: 'whatsapp' });
    h.enqueue('ig', { queueId: 'general', channel: 'instagram' });
    expect(offersIn(h.enqueue('x', { queueId: 'general', channel: 'x' }))).toEqual([]);
  });

  it('never offers a channel the agent has no capacity for', () => {
    const h = new Harness();
    h.addAgent('voice-only', { billing: 5 }, { capacity: { voice: 1 } });
    expect(offersIn(h.enqueue('mail', { queueId: 'general', channel: 'email' }))).toEqual([]);
  });

  it('lets an offer hold capacity before it is accepted', () => {
    const h = new Harness();
    h.addAgent('ana', {}, { capacity: { chat: 1 } });
    h.enqueue('c1', { queueId: 'general' });
    expect(offersIn(h.enqueue('c2', { queueId: 'general' }))).toEqual([]);
  });

  it('blocks every other channel while a call is in progress', () => {
    const h = new Harness();
    h.addAgent('ana', {});
    h.enqueue('call', { queueId: 'general', channel: 'voice' });
    accepted(h);
    expect(offersIn(h.enqueue('chat', { queueId: 'general' }))).toEqual([]);
    const afterCall = h.send({ type: 'workCompleted', workItemId: 'call' });
    expect(offersIn(afterCall).map((offer) => offer.workItemId)).toEqual(['chat']);
  });

  it('still offers a call to an agent who is working on chats', () => {
    const h = new Harness();
    h.addAgent('ana', {});
    h.enqueue('chat', { queueId: 'general' });
    accepted(h);
    expect(offersIn(h.enqueue('call', { queueId: 'general', channel: 'voice' }))).toHaveLength(1);
  });

  it('allows chats during a call when no group is exclusive', () => {
    const h = new Harness({ config: { exclusiveGroups: [] } });
    h.addAgent('ana', {});
    h.enqueue('call', { queueId: 'general', channel: 'voice' });
    accepted(h);
    expect(offersIn(h.enqueue('chat', { queueId: 'general' }))).toHaveLength(1);
  });

  it('frees capacity when work completes and fills it from the head of the line', () => {
    const h = new Harness();
    h.addAgent('ana', {}, { capacity: { chat: 1 } });
    h.enqueue('c1', { queueId: 'general' });
    accepted(h);
    h.enqueue('c2', { queueId: 'general' });
    const decided = h.send({ type: 'workCompleted', workItemId: 'c1' });
    expect(decided.map((d) => d.type)).toEqual(['close', 'offer', 'timer']);
    expect(offersIn(decided)[0]?.explanation.rule).toBe('next-in-line');
  });
});
