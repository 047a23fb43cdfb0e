import { describe, expect, it } from 'vitest';
import { ExplanationSchema, OfferSchema } from '#core/routing/index.ts';
import { Harness, offersIn, only, T0 } from './harness.ts';

describe('offer explanations', () => {
  it('record the step in force, the candidates with their scores and the rule that chose', () => {
    const h = new Harness();
    h.addAgent('lena', { billing: 2 }, { lastIdleAt: new Date(T0 - 100_000).toISOString() });
    h.addAgent('omar', { billing: 3 }, { lastIdleAt: new Date(T0 - 200_000).toISOString() });
    h.enqueue('wi-1', { priority: 6 });
    const offer = only(offersIn(h.advance(30)));
    expect(offer.explanation).toEqual({
      trigger: 'stepTimerExpired',
      queueId: 'billing',
      step: { index: 1, skills: { billing: 2 }, endsAt: new Date(T0 + 90_000).toISOString() },
      rule: 'best-skill',
      candidates: [
        { agentId: 'omar', score: 3, idleSince: new Date(T0 - 200_000).toISOString(), sticky: false },
        { agentId: 'lena', score: 2, idleSince: new Date(T0 - 100_000).toISOString(), sticky: false },
      ],
      item: { workItemId: 'wi-1', priority: 6, effectivePriority: 6, waitedSeconds: 30, secondsToBreach: 30 },
      passedOver: [],
    });
    expect(() => OfferSchema.parse(offer)).not.toThrow();
  });

  it('list the items an agent passed over when they pulled work', () => {
    const h = new Harness();
    h.enqueue('bill', { priority: 7 });
    h.enqueue('gen', { queueId: 'general' });
    h.now += 60_000;
    const offers = offersIn(h.addAgent('ana', { billing: 5 }, { capacity: { chat: 1 } }));
    const explanation = ExplanationSchema.parse(only(offers).explanation);
    expect(explanation.rule).toBe('next-in-line');
    expect(explanation.item).toMatchObject({ workItemId: 'bill', effectivePriority: 8, waitedSeconds: 60 });
    expect(explanation.passedOver).toMatchObject([{ workItemId: 'gen', effectivePriority: 6 }]);
  });

  it('list the passed-over items in line order, no more than the configured few', () => {
    const h = new Harness({ config: { explainCandidates: 3 } });
    h.enqueue('g-old', { queueId: 'general', priority: 4 });
    h.enqueue('b-top', { priority: 9 });
    h.enqueue('g-mid', { queueId: 'general', priority: 6, channel: 'email' });
    h.enqueue('b-mid', { priority: 7, channel: 'voice' });
    h.enqueue('g-low', { queueId: 'general', priority: 2, channel: 'sms' });
    const first = offersIn(
      h.addAgent('ana', { billing: 5 }, { capacity: { chat: 1, email: 1, voice: 1, sms: 1 } }),
    )[0];
    expect(first?.workItemId).toBe('b-top');
    expect(first?.explanation.passedOver.map((s) => s.workItemId)).toEqual(['b-mid', 'g-mid', 'g-old']);
  });

  it('keep the candidate list short on a large floor', () => {
    const h = new Harness({ config: { explainCandidates: 3 } });
    for (let i = 0; i < 10; i++) h.addAgent(`agent-${i}`, { billing: 4 + (i % 2) });
    expect(only(offersIn(h.enqueue('wi-1'))).explanation.candidates).toHaveLength(3);
  });
});
