import { describe, expect, it } from 'vitest';
import {
  agentOffers,
  createRoutingState,
  getOffer,
  queueStats,
  route,
  snapshot,
  viewAgent,
} from '#core/routing/index.ts';
import { agent, billing, general, Harness, item, offersIn, ofType, only, T0 } from './harness.ts';

describe('routing state', () => {
  it('round-trips through a snapshot, so the router can rebuild it from storage', () => {
    const h = new Harness();
    h.addAgent('ana', { billing: 5 }, { capacity: { chat: 2 } });
    h.enqueue('held');
    h.enqueue('offered');
    h.send({ type: 'offerAccepted', offerId: only(offersIn(h.log).slice(0, 1)).offerId });
    h.enqueue('waiting');
    h.advance(45);
    const before = snapshot(h.state);
    const rebuilt = createRoutingState(before);
    expect(snapshot(rebuilt)).toEqual(before);
    expect(route(rebuilt, { type: 'sweep' }, h.now)).toEqual([]);
  });

  it('matches free agents with waiting work on a sweep after a rebuild', () => {
    const state = createRoutingState({
      queues: [billing, general],
      agents: [agent('ana', { billing: 5 })],
      items: [{ ...item('wi-1', T0), state: 'queued' }],
    });
    expect(offersIn(route(state, { type: 'sweep' }, T0 + 1_000))).toMatchObject([{ agentId: 'ana' }]);
  });

  it('expires an offer whose timer was lost on the first sweep after its expiry', () => {
    const h = new Harness();
    h.addAgent('ana', { billing: 5 });
    h.enqueue('wi-1');
    h.loseTimers();
    h.advance(19);
    expect(ofType(h.send({ type: 'sweep' }), 'requeue')).toEqual([]);
    h.advance(1);
    expect(ofType(h.send({ type: 'sweep' }), 'requeue')).toMatchObject([
      { workItemId: 'wi-1', reason: 'expired', fromAgentId: 'ana' },
    ]);
  });

  it('relaxes a waiting item whose step timer was lost on the first sweep after the step ends', () => {
    const h = new Harness();
    h.addAgent('lena', { billing: 2 });
    h.enqueue('wi-1');
    h.loseTimers();
    h.advance(29);
    expect(offersIn(h.send({ type: 'sweep' }))).toEqual([]);
    h.advance(1);
    const decided = h.send({ type: 'sweep' });
    expect(ofType(decided, 'step')).toMatchObject([{ workItemId: 'wi-1', step: 1 }]);
    expect(only(offersIn(decided))).toMatchObject({ workItemId: 'wi-1', agentId: 'lena' });
  });

  it('never counts less load than the items an agent is listed as holding', () => {
    const state = createRoutingState({
      queues: [billing, general],
      agents: [agent('ana', {}, { capacity: { chat: 2 }, load: {} })],
      items: [
        { ...item('a', T0), state: 'assigned', agentId: 'ana' },
        { ...item('b', T0), state: 'assigned', agentId: 'ana' },
        { ...item('c', T0, { queueId: 'general' }), state: 'queued' },
      ],
    });
    expect(viewAgent(state, 'ana')?.load).toEqual({ chat: 2 });
    expect(route(state, { type: 'sweep' }, T0)).toEqual([]);
  });

  it('puts an offered item whose offer was lost back in line', () => {
    const state = createRoutingState({
      queues: [billing, general],
      agents: [agent('ana', {})],
      items: [
        { ...item('a', T0, { queueId: 'general' }), state: 'offered', agentId: 'ana', offerId: 'gone' },
      ],
    });
    expect(offersIn(route(state, { type: 'sweep' }, T0))).toMatchObject([{ workItemId: 'a' }]);
  });

  it('lists an agent’s pending offers and looks offers up by id', () => {
    const h = new Harness();
    h.addAgent('ana', { billing: 5 });
    h.enqueue('wi-1');
    h.enqueue('wi-2');
    const offers = agentOffers(h.state, 'ana');
    expect(offers.map((offer) => offer.workItemId)).toEqual(['wi-1', 'wi-2']);
    expect(getOffer(h.state, offers[0]?.offerId ?? '')).toEqual(offers[0]);
    expect(agentOffers(h.state, 'nobody')).toEqual([]);
  });

  it('reports per queue what waits, what is on offer and what is being worked on', () => {
    const h = new Harness();
    h.addAgent('ana', { billing: 5 }, { capacity: { chat: 1 } });
    h.enqueue('wi-1');
    h.now += 10_000;
    h.enqueue('wi-2');
    h.now += 5_000;
    expect(queueStats(h.state, h.now)).toEqual([
      {
        queueId: 'billing',
        name: 'Billing',
        waiting: 1,
        offered: 1,
        assigned: 0,
        inConnect: 0,
        oldestWaitSeconds: 5,
      },
      {
        queueId: 'general',
        name: 'General',
        waiting: 0,
        offered: 0,
        assigned: 0,
        inConnect: 0,
        oldestWaitSeconds: 0,
      },
    ]);
  });
});
