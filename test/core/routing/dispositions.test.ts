import { describe, expect, it } from 'vitest';
import { agentWork, QueueSchema } from '#core/routing/index.ts';
import { general, Harness, offersIn, ofType, only } from './harness.ts';

const DISPOSITIONS = [
  { code: 'resolved', label: 'Resolved' },
  { code: 'refund-issued', label: 'Refund issued' },
];

/** General, asking for one of its dispositions on completion; ana holds wi-1. */
function assigned(required: boolean) {
  const h = new Harness();
  h.send({
    type: 'queueUpserted',
    queue: { ...general, dispositions: DISPOSITIONS, dispositionRequired: required },
  });
  h.addAgent('ana', {});
  const offer = only(offersIn(h.enqueue('wi-1', { queueId: 'general' })));
  h.send({ type: 'offerAccepted', offerId: offer.offerId });
  return h;
}

describe('dispositions on completing work', () => {
  it("shows the agent the queue's dispositions on the work in hand, and whether one is needed", () => {
    const h = assigned(true);
    expect(only(agentWork(h.state, 'ana'))).toMatchObject({
      dispositions: DISPOSITIONS,
      dispositionRequired: true,
    });
  });

  it('completes with one of the queue’s dispositions', () => {
    const h = assigned(true);
    const done = h.send({ type: 'workCompleted', workItemId: 'wi-1', disposition: 'refund-issued' });
    expect(only(ofType(done, 'close'))).toMatchObject({ workItemId: 'wi-1', reason: 'completed' });
  });

  it('refuses to complete without one where the queue requires it, or with one it does not have, naming disposition', () => {
    const h = assigned(true);
    for (const disposition of [undefined, 'sold']) {
      const refused = h.send({
        type: 'workCompleted',
        workItemId: 'wi-1',
        ...(disposition ? { disposition } : {}),
      });
      expect(refused).toEqual([
        expect.objectContaining({ type: 'rejected', code: 'invalid_input', field: 'disposition' }),
      ]);
    }
    expect(only(agentWork(h.state, 'ana')).state).toBe('assigned');
  });

  it('completes without one where the queue only offers them', () => {
    const h = assigned(false);
    expect(ofType(h.send({ type: 'workCompleted', workItemId: 'wi-1' }), 'close')).toHaveLength(1);
  });

  it('refuses a queue that requires a disposition but lists none', () => {
    const parsed = QueueSchema.safeParse({ ...general, dispositionRequired: true });
    expect(parsed.error?.issues[0]?.path).toEqual(['dispositionRequired']);
  });
});
