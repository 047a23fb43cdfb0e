import { describe, expect, it } from 'vitest';
import { viewAgent, viewItem } from '#core/routing/index.ts';
import { Harness, offersIn, ofType, only } from './harness.ts';

/** An item assigned to `ana` after waiting 40 s. */
function assignedToAna(): Harness {
  const h = new Harness();
  h.enqueue('wi-1');
  h.now += 40_000;
  const offer = only(offersIn(h.addAgent('ana', { billing: 5 }, { capacity: { chat: 1 } })));
  h.send({ type: 'offerAccepted', offerId: offer.offerId });
  return h;
}

describe('transfers', () => {
  it('to another queue keep the original wait and start that queue’s steps', () => {
    const h = assignedToAna();
    h.addAgent('gus', { sales: 1 });
    const decided = h.send({ type: 'transferRequested', workItemId: 'wi-1', to: { queueId: 'general' } });
    expect(ofType(decided, 'requeue')).toMatchObject([
      { reason: 'transfer', queueId: 'general', step: 0, fromAgentId: 'ana' },
    ]);
    expect(only(offersIn(decided)).agentId).toBe('gus');
    expect(viewItem(h.state, 'wi-1')).toMatchObject({
      queueId: 'general',
      enqueuedAt: new Date(h.now - 40_000).toISOString(),
      queueEnteredAt: new Date(h.now).toISOString(),
    });
    expect(viewAgent(h.state, 'ana')).toMatchObject({ load: {}, lastIdleAt: new Date(h.now).toISOString() });
  });

  it('to a named agent go to that agent alone, whatever the queue’s step demands', () => {
    const h = assignedToAna();
    h.addAgent('zoe', { sales: 2 }, { capacity: { chat: 1 } });
    h.addAgent('max', { billing: 5 });
    const decided = h.send({ type: 'transferRequested', workItemId: 'wi-1', to: { agentId: 'zoe' } });
    expect(only(offersIn(decided))).toMatchObject({ agentId: 'zoe', explanation: { rule: 'transfer' } });
  });

  it('to a busy named agent wait for that agent and reach them when they free up', () => {
    const h = assignedToAna();
    h.addAgent('zoe', {}, { capacity: { chat: 1 } });
    h.enqueue('other', { queueId: 'general' });
    h.send({ type: 'offerAccepted', offerId: only(offersIn(h.log).slice(-1)).offerId });
    expect(
      offersIn(h.send({ type: 'transferRequested', workItemId: 'wi-1', to: { agentId: 'zoe' } })),
    ).toEqual([]);
    expect(viewItem(h.state, 'wi-1')).toMatchObject({ state: 'queued', targetAgentId: 'zoe' });
    const decided = h.send({ type: 'workCompleted', workItemId: 'other' });
    expect(only(offersIn(decided))).toMatchObject({ workItemId: 'wi-1', agentId: 'zoe' });
  });

  it('waiting for a named agent return to the queue when that agent leaves', () => {
    const h = assignedToAna();
    h.addAgent('zoe', {}, { capacity: { chat: 1 } });
    h.enqueue('other', { queueId: 'general' });
    h.send({ type: 'transferRequested', workItemId: 'wi-1', to: { agentId: 'zoe' } });
    h.send({ type: 'agentStatusChanged', agentId: 'zoe', status: 'offline' });
    expect(viewItem(h.state, 'wi-1')).toMatchObject({ state: 'queued', queueId: 'billing' });
    expect(viewItem(h.state, 'wi-1')?.targetAgentId).toBeUndefined();
  });

  it('are refused to an agent who is away, to unknown agents and to unknown queues', () => {
    const h = assignedToAna();
    h.addAgent('zoe', {}, { status: 'away' });
    const transfer = (to: { agentId: string } | { queueId: string }) =>
      h.send({ type: 'transferRequested', workItemId: 'wi-1', to });
    expect(transfer({ agentId: 'zoe' })).toMatchObject([{ type: 'rejected', code: 'conflict' }]);
    expect(transfer({ agentId: 'nobody' })).toMatchObject([{ type: 'rejected', code: 'not_found' }]);
    expect(transfer({ queueId: 'nowhere' })).toMatchObject([{ type: 'rejected', code: 'not_found' }]);
    expect(transfer({ agentId: 'ana' })).toMatchObject([{ type: 'rejected', code: 'conflict' }]);
    expect(viewItem(h.state, 'wi-1')).toMatchObject({ state: 'assigned', agentId: 'ana' });
  });

  it('free the transferring agent for the next item, not the one they passed on', () => {
    const h = assignedToAna();
    h.enqueue('wi-2');
    const decided = h.send({ type: 'transferRequested', workItemId: 'wi-1', to: { queueId: 'general' } });
    expect(only(offersIn(decided))).toMatchObject({ workItemId: 'wi-2', agentId: 'ana' });
  });
});
