import { describe, expect, it } from 'vitest';
import { Harness, offersIn, only, T0 } from './harness.ts';

const minutesAgo = (h: Harness, minutes: number): string => new Date(h.now - minutes * 60_000).toISOString();

describe('agent choice', () => {
  it('prefers the customer’s previous agent within the sticky window, even over a better one', () => {
    const h = new Harness();
    h.addAgent('expert', { billing: 5 });
    h.addAgent('mark', { billing: 2 });
    const offer = only(
      offersIn(h.enqueue('wi-1', { previousAgent: { agentId: 'mark', at: minutesAgo(h, 10) } })),
    );
    expect(offer.agentId).toBe('mark');
    expect(offer.explanation.rule).toBe('sticky');
    expect(offer.explanation.candidates[0]).toMatchObject({ agentId: 'mark', sticky: true });
  });

  it('forgets the previous agent once the sticky window has passed', () => {
    const h = new Harness({ config: { stickySeconds: 600 } });
    h.addAgent('expert', { billing: 5 });
    h.addAgent('mark', { billing: 2 });
    const offers = offersIn(h.enqueue('wi-1', { previousAgent: { agentId: 'mark', at: minutesAgo(h, 11) } }));
    expect(only(offers).agentId).toBe('expert');
  });

  it('does not wait for a busy previous agent', () => {
    const h = new Harness();
    h.addAgent('expert', { billing: 5 });
    h.addAgent('mark', { billing: 4 }, { status: 'away' });
    const offers = offersIn(h.enqueue('wi-1', { previousAgent: { agentId: 'mark', at: minutesAgo(h, 1) } }));
    expect(only(offers).agentId).toBe('expert');
  });

  it('skips a previous agent who lacks the queue’s skill altogether', () => {
    const h = new Harness();
    h.addAgent('expert', { billing: 5 });
    h.addAgent('seller', { sales: 5 });
    const offers = offersIn(
      h.enqueue('wi-1', { previousAgent: { agentId: 'seller', at: minutesAgo(h, 1) } }),
    );
    expect(only(offers).agentId).toBe('expert');
  });

  it('remembers who last finished work for a customer', () => {
    const h = new Harness();
    h.addAgent('mark', { billing: 4 });
    const first = only(offersIn(h.enqueue('wi-1', { customerId: 'ana' })));
    h.send({ type: 'offerAccepted', offerId: first.offerId });
    h.send({ type: 'workCompleted', workItemId: 'wi-1' });
    h.addAgent('expert', { billing: 5 });
    const offers = offersIn(h.enqueue('wi-2', { customerId: 'ana' }));
    expect(only(offers)).toMatchObject({ agentId: 'mark', explanation: { rule: 'sticky' } });
  });

  it('forgets who served a customer once the sticky window has passed', () => {
    const h = new Harness({ config: { stickySeconds: 600 } });
    h.addAgent('mark', { billing: 4 }, { capacity: { chat: 1 } });
    const first = only(offersIn(h.enqueue('wi-1', { customerId: 'ana' })));
    h.send({ type: 'offerAccepted', offerId: first.offerId });
    h.send({ type: 'workCompleted', workItemId: 'wi-1' });
    h.now += 601_000;
    h.addAgent('expert', { billing: 5 });
    expect(only(offersIn(h.enqueue('wi-2', { customerId: 'ana' }))).agentId).toBe('expert');
  });

  it('picks the best proficiency for the current step', () => {
    const h = new Harness();
    h.addAgent('good', { billing: 4 }, { status: 'away' });
    h.addAgent('best', { billing: 5 }, { status: 'away' });
    h.send({ type: 'agentStatusChanged', agentId: 'good', status: 'available' });
    h.send({ type: 'agentStatusChanged', agentId: 'best', status: 'available' });
    const offer = only(offersIn(h.enqueue('wi-1')));
    expect(offer.agentId).toBe('best');
    expect(offer.explanation.rule).toBe('best-skill');
    expect(offer.explanation.candidates.map((c) => [c.agentId, c.score])).toEqual([
      ['best', 5],
      ['good', 4],
    ]);
  });

  it('picks the longest idle agent among equally proficient ones', () => {
    const h = new Harness();
    h.addAgent('recent', { billing: 5 }, { lastIdleAt: new Date(T0 - 5_000).toISOString() });
    h.addAgent('longest', { billing: 5 }, { lastIdleAt: new Date(T0 - 500_000).toISOString() });
    const offer = only(offersIn(h.enqueue('wi-1')));
    expect(offer).toMatchObject({ agentId: 'longest', explanation: { rule: 'longest-idle' } });
  });

  it('falls back to the agent id so that replays decide the same way', () => {
    const h = new Harness();
    const idle = new Date(T0 - 5_000).toISOString();
    h.addAgent('b-agent', { billing: 5 }, { lastIdleAt: idle });
    h.addAgent('a-agent', { billing: 5 }, { lastIdleAt: idle });
    expect(only(offersIn(h.enqueue('wi-1')))).toMatchObject({
      agentId: 'a-agent',
      explanation: { rule: 'agent-id' },
    });
  });

  it('scores a step that demands two skills by both', () => {
    const h = new Harness();
    h.send({
      type: 'queueUpserted',
      queue: {
        queueId: 'billing-es',
        name: 'Billing in Spanish',
        steps: [{ skills: { billing: 2, spanish: 3 } }],
        serviceLevel: { seconds: 60, target: 0.8 },
      },
    });
    h.addAgent('bilingual', { billing: 3, spanish: 5 });
    h.addAgent('biller', { billing: 5, spanish: 3 }, { lastIdleAt: new Date(T0 - 900_000).toISOString() });
    h.addAgent('monolingual', { billing: 5 });
    const offer = only(offersIn(h.enqueue('wi-1', { queueId: 'billing-es' })));
    expect(offer.explanation.candidates.map((c) => [c.agentId, c.score])).toEqual([
      ['biller', 8],
      ['bilingual', 8],
    ]);
    expect(offer.explanation.rule).toBe('longest-idle');
  });

  it('ignores proficiency when configured for longest idle', () => {
    const h = new Harness({ config: { agentSelection: 'longest-idle' } });
    h.addAgent('expert', { billing: 5 }, { lastIdleAt: new Date(T0 - 5_000).toISOString() });
    h.addAgent('idle', { billing: 4 }, { lastIdleAt: new Date(T0 - 500_000).toISOString() });
    expect(only(offersIn(h.enqueue('wi-1'))).agentId).toBe('idle');
  });

  it('offers a lone eligible agent and says so', () => {
    const h = new Harness();
    h.addAgent('only', { billing: 4 });
    expect(only(offersIn(h.enqueue('wi-1'))).explanation.rule).toBe('only-candidate');
  });
});
