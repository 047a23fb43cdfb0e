import { describe, expect, it } from 'vitest';
import { viewAgent, viewItem } from '#core/routing/index.ts';
import { Harness, offersIn, ofType, only } from './harness.ts';

describe('agent status', () => {
  it('returns pending offers at once when the agent goes away, to the next best agent', () => {
    const h = new Harness();
    h.addAgent('ana', { billing: 5 });
    h.enqueue('wi-1');
    h.addAgent('bob', { billing: 4 });
    const decided = h.send({ type: 'agentStatusChanged', agentId: 'ana', status: 'away' });
    expect(ofType(decided, 'requeue')).toMatchObject([{ workItemId: 'wi-1', reason: 'agent-unavailable' }]);
    expect(only(offersIn(decided)).agentId).toBe('bob');
  });

  it('returns pending offers when the agent goes offline too', () => {
    const h = new Harness();
    h.addAgent('ana', { billing: 5 });
    h.enqueue('wi-1');
    h.send({ type: 'agentStatusChanged', agentId: 'ana', status: 'offline' });
    expect(viewItem(h.state, 'wi-1')?.state).toBe('queued');
    expect(viewAgent(h.state, 'ana')?.load).toEqual({});
  });

  it('offers waiting work to an agent who becomes available, and starts their idle time', () => {
    const h = new Harness();
    h.addAgent('ana', { billing: 5 }, { status: 'offline' });
    h.enqueue('wi-1');
    h.now += 5_000;
    const decided = h.send({ type: 'agentStatusChanged', agentId: 'ana', status: 'available' });
    expect(only(offersIn(decided)).workItemId).toBe('wi-1');
    expect(viewAgent(h.state, 'ana')?.lastIdleAt).toBe(new Date(h.now).toISOString());
  });

  it('keeps a call with an agent who goes away during it', () => {
    const h = new Harness({ config: { reassignAbsentAfterSeconds: 60 } });
    h.addAgent('ana', {});
    const offer = only(offersIn(h.enqueue('call', { queueId: 'general', channel: 'voice' })));
    h.send({ type: 'offerAccepted', offerId: offer.offerId });
    expect(ofType(h.send({ type: 'agentStatusChanged', agentId: 'ana', status: 'away' }), 'timer')).toEqual(
      [],
    );
    expect(viewItem(h.state, 'call')?.state).toBe('assigned');
  });

  it('reassigns an absent agent’s chats after the configured time, keeping their wait', () => {
    const h = new Harness({ config: { reassignAbsentAfterSeconds: 120 } });
    h.addAgent('ana', {});
    const enqueuedAt = new Date(h.now).toISOString();
    const offer = only(offersIn(h.enqueue('chat', { queueId: 'general' })));
    h.send({ type: 'offerAccepted', offerId: offer.offerId });
    h.send({ type: 'agentStatusChanged', agentId: 'ana', status: 'away' });
    h.addAgent('bob', {});
    expect(offersIn(h.advance(119))).toEqual([]);
    const decided = h.advance(1);
    expect(ofType(decided, 'requeue')).toMatchObject([{ reason: 'agent-absent', fromAgentId: 'ana' }]);
    expect(only(offersIn(decided)).agentId).toBe('bob');
    expect(viewItem(h.state, 'chat')?.enqueuedAt).toBe(enqueuedAt);
  });

  it('leaves the chats alone when the agent is back before the reassignment time', () => {
    const h = new Harness({ config: { reassignAbsentAfterSeconds: 120 } });
    h.addAgent('ana', {});
    h.send({
      type: 'offerAccepted',
      offerId: only(offersIn(h.enqueue('chat', { queueId: 'general' }))).offerId,
    });
    h.send({ type: 'agentStatusChanged', agentId: 'ana', status: 'away' });
    h.now += 60_000;
    h.send({ type: 'agentStatusChanged', agentId: 'ana', status: 'available' });
    expect(h.advance(120).every((decision) => decision.type === 'ignored')).toBe(true);
    expect(viewItem(h.state, 'chat')).toMatchObject({ state: 'assigned', agentId: 'ana' });
  });

  it('leaves assigned work with an absent agent when no reassignment time is configured', () => {
    const h = new Harness();
    h.addAgent('ana', {});
    h.send({
      type: 'offerAccepted',
      offerId: only(offersIn(h.enqueue('chat', { queueId: 'general' }))).offerId,
    });
    expect(
      ofType(h.send({ type: 'agentStatusChanged', agentId: 'ana', status: 'offline' }), 'timer'),
    ).toEqual([]);
  });

  it('updates skills on an upsert and offers what the agent now qualifies for', () => {
    const h = new Harness();
    h.addAgent('ana', { billing: 1 });
    h.enqueue('wi-1');
    const decided = h.addAgent('ana', { billing: 4 });
    expect(only(offersIn(decided)).agentId).toBe('ana');
  });

  it('rejects a status change for an unknown agent and ignores one that changes nothing', () => {
    const h = new Harness();
    h.addAgent('ana', {});
    expect(h.send({ type: 'agentStatusChanged', agentId: 'zed', status: 'away' })).toMatchObject([
      { type: 'rejected', code: 'not_found' },
    ]);
    expect(h.send({ type: 'agentStatusChanged', agentId: 'ana', status: 'available' })).toMatchObject([
      { type: 'ignored' },
    ]);
  });
});
