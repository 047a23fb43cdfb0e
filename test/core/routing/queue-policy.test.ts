import { describe, expect, it } from 'vitest';
import { QueueSchema, viewItem } from '#core/routing/index.ts';
import { Harness, offersIn } from './harness.ts';

const base = { queueId: 'q', name: 'Q', serviceLevel: { seconds: 20, target: 0.8 } };

describe('queue policies', () => {
  it('accept the example policy: billing ≥ 4, then ≥ 2, then any billing, then overflow', () => {
    const parsed = QueueSchema.parse({
      ...base,
      steps: [
        { skills: { billing: 4 }, seconds: 30 },
        { skills: { billing: 2 }, seconds: 60 },
        { skills: { billing: 1 }, seconds: 210 },
      ],
      overflowQueueId: 'general',
    });
    expect(parsed.channelServiceLevels).toEqual({});
  });

  it('refuse a step other than the last without a duration', () => {
    const result = QueueSchema.safeParse({ ...base, steps: [{ skills: { a: 2 } }, { skills: { a: 1 } }] });
    expect(result.success).toBe(false);
  });

  it('refuse an overflow without a time to overflow after, or into the queue itself', () => {
    expect(QueueSchema.safeParse({ ...base, steps: [{}], overflowQueueId: 'general' }).success).toBe(false);
    expect(QueueSchema.safeParse({ ...base, steps: [{ seconds: 5 }], overflowQueueId: 'q' }).success).toBe(
      false,
    );
  });

  it('refuse proficiencies outside 1 to 5', () => {
    expect(QueueSchema.safeParse({ ...base, steps: [{ skills: { a: 6 } }] }).success).toBe(false);
  });

  it('apply a relaxed policy to items already waiting', () => {
    const h = new Harness();
    h.addAgent('lena', { billing: 2 });
    h.enqueue('wi-1');
    const decided = h.send({
      type: 'queueUpserted',
      queue: { ...base, queueId: 'billing', steps: [{ skills: { billing: 1 } }] },
    });
    expect(offersIn(decided)).toMatchObject([{ workItemId: 'wi-1', agentId: 'lena' }]);
  });

  it('move waiting items to the last step when a policy loses steps', () => {
    const h = new Harness();
    h.enqueue('wi-1');
    h.advance(100);
    h.send({
      type: 'queueUpserted',
      queue: { ...base, queueId: 'billing', steps: [{ skills: { billing: 5 } }] },
    });
    expect(viewItem(h.state, 'wi-1')?.routingStep).toBe(0);
  });

  it('reject an invalid policy sent as an event', () => {
    const h = new Harness();
    expect(h.send({ type: 'queueUpserted', queue: { ...base, steps: [] } })).toMatchObject([
      { type: 'rejected', code: 'invalid_input' },
    ]);
  });
});
