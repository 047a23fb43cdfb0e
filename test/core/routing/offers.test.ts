import { describe, expect, it } from 'vitest';
import { viewAgent, viewItem } from '#core/routing/index.ts';
import { Harness, offersIn, ofType, only } from './harness.ts';

function offerTo(h: Harness, workItemId: string) {
  return only(
    offersIn(h.log)
      .filter((offer) => offer.workItemId === workItemId)
      .slice(-1),
  );
}

describe('offers', () => {
  it('expire after 20 seconds unless configured otherwise', () => {
    const h = new Harness();
    h.addAgent('ana', { billing: 5 });
    const offer = only(offersIn(h.enqueue('wi-1')));
    expect(Date.parse(offer.expiresAt) - Date.parse(offer.offeredAt)).toBe(20_000);
    expect(ofType(h.log, 'timer').at(-1)).toMatchObject({
      at: h.now + 20_000,
      event: { type: 'offerExpired' },
    });
  });

  it('take their timeout from the queue when it sets one', () => {
    const h = new Harness();
    h.send({
      type: 'queueUpserted',
      queue: {
        queueId: 'q',
        name: 'Q',
        steps: [{}],
        serviceLevel: { seconds: 60, target: 0.8 },
        offerSeconds: 45,
      },
    });
    h.addAgent('ana', {});
    const offer = only(offersIn(h.enqueue('wi-1', { queueId: 'q' })));
    expect(Date.parse(offer.expiresAt) - h.now).toBe(45_000);
  });

  it('assign the item when accepted, keeping the capacity held', () => {
    const h = new Harness();
    h.addAgent('ana', { billing: 5 });
    const offer = only(offersIn(h.enqueue('wi-1')));
    const decided = h.send({ type: 'offerAccepted', offerId: offer.offerId, agentId: 'ana' });
    expect(decided).toEqual([{ type: 'assign', workItemId: 'wi-1', agentId: 'ana', offerId: offer.offerId }]);
    expect(viewItem(h.state, 'wi-1')).toMatchObject({ state: 'assigned', agentId: 'ana' });
    expect(viewAgent(h.state, 'ana')?.load).toEqual({ chat: 1 });
  });

  it('can only be accepted by the agent they were made to, and only while pending', () => {
    const h = new Harness();
    h.addAgent('ana', { billing: 5 });
    const offer = only(offersIn(h.enqueue('wi-1')));
    expect(h.send({ type: 'offerAccepted', offerId: offer.offerId, agentId: 'bob' })).toMatchObject([
      { type: 'rejected', code: 'conflict' },
    ]);
    h.send({ type: 'offerAccepted', offerId: offer.offerId });
    expect(h.send({ type: 'offerAccepted', offerId: offer.offerId })).toMatchObject([
      { type: 'rejected', code: 'not_found' },
    ]);
    expect(h.advance(20)).toMatchObject([{ type: 'ignored' }]);
  });

  it('go back, when declined, with their original enqueue time and step, to another agent', () => {
    const h = new Harness();
    h.addAgent('ana', { billing: 2 });
    h.enqueue('wi-1');
    h.advance(35);
    const first = offerTo(h, 'wi-1');
    h.addAgent('bob', { billing: 3 });
    const decided = h.send({ type: 'offerDeclined', offerId: first.offerId, agentId: 'ana' });
    expect(ofType(decided, 'requeue')).toEqual([
      {
        type: 'requeue',
        workItemId: 'wi-1',
        reason: 'declined',
        queueId: 'billing',
        step: 1,
        fromAgentId: 'ana',
        offerId: first.offerId,
      },
    ]);
    expect(only(offersIn(decided)).agentId).toBe('bob');
    expect(viewItem(h.state, 'wi-1')).toMatchObject({
      enqueuedAt: new Date(h.now - 35_000).toISOString(),
      routingStep: 1,
    });
  });

  it('are not handed straight back to the agent who declined, who gets the next item instead', () => {
    const h = new Harness();
    h.addAgent('ana', { billing: 5 }, { capacity: { chat: 1 } });
    h.enqueue('wi-1');
    h.enqueue('wi-2');
    const decided = h.send({ type: 'offerDeclined', offerId: offerTo(h, 'wi-1').offerId });
    expect(offersIn(decided).map((offer) => offer.workItemId)).toEqual(['wi-2']);
    expect(viewItem(h.state, 'wi-1')?.state).toBe('queued');
  });

  it('may reach the agent who declined at a later wake-up, such as the next step', () => {
    const h = new Harness();
    h.addAgent('ana', { billing: 5 });
    h.enqueue('wi-1');
    h.send({ type: 'offerDeclined', offerId: offerTo(h, 'wi-1').offerId });
    expect(offersIn(h.advance(30))).toMatchObject([{ workItemId: 'wi-1', agentId: 'ana' }]);
  });

  it('that expire put the item back like a decline', () => {
    const h = new Harness();
    h.addAgent('ana', { billing: 5 });
    h.enqueue('wi-1');
    h.now += 10_000;
    h.addAgent('bob', { billing: 5 });
    const decided = h.advance(10);
    expect(ofType(decided, 'requeue')).toMatchObject([{ reason: 'expired', fromAgentId: 'ana' }]);
    expect(only(offersIn(decided)).agentId).toBe('bob');
  });

  it('apply a step that ended while the offer was out as soon as the item comes back', () => {
    const h = new Harness();
    h.addAgent('ana', { billing: 5 });
    h.enqueue('wi-1');
    h.now += 35_000; // the step timer at 30 s found the item on offer
    h.addAgent('lena', { billing: 2 });
    const decided = h.send({ type: 'offerDeclined', offerId: offerTo(h, 'wi-1').offerId });
    expect(decided.map((d) => d.type)).toEqual(['requeue', 'step', 'timer', 'offer', 'timer']);
    expect(only(offersIn(decided)).agentId).toBe('lena');
  });

  it('set an agent who lets offers expire twice in a row away, returning what they still hold', () => {
    const h = new Harness();
    h.addAgent('ana', { billing: 5 }, { capacity: { chat: 1, email: 1 } });
    h.enqueue('wi-1');
    h.now += 10_000;
    h.enqueue('mail', { channel: 'email', queueId: 'general' });
    h.advance(11); // wi-1 expires at 20 s: the first miss
    h.enqueue('wi-2');
    const decided = h.advance(20); // the mail expires at 30 s: the second
    expect(ofType(decided, 'agentStatus')).toEqual([
      { type: 'agentStatus', agentId: 'ana', status: 'away', reason: 'missed-offers' },
    ]);
    expect(ofType(decided, 'requeue').map((r) => [r.workItemId, r.reason])).toEqual([
      ['mail', 'expired'],
      ['wi-2', 'agent-unavailable'],
    ]);
    expect(viewAgent(h.state, 'ana')).toMatchObject({ status: 'away', load: {} });
  });

  it('forgive an earlier miss once the agent accepts one', () => {
    const h = new Harness();
    h.addAgent('ana', { billing: 5 }, { capacity: { chat: 1 } });
    h.enqueue('wi-1');
    h.advance(21); // missed once
    h.advance(10); // the next step offers it again
    h.send({ type: 'offerAccepted', offerId: offerTo(h, 'wi-1').offerId });
    h.send({ type: 'workCompleted', workItemId: 'wi-1' });
    h.enqueue('wi-2');
    expect(ofType(h.advance(21), 'agentStatus')).toEqual([]);
  });
});
