import { describe, expect, it } from 'vitest';
import { countRun, type Observed, passed } from '../../bench/chaos/count.ts';
import { faultSchedule } from '../../bench/chaos/faults.ts';
import { PLAN_SHAPE, planTraffic } from '../../bench/chaos/plan.ts';
import { runChaos } from '../../bench/chaos/run.ts';

const observed = (overrides: Partial<Observed>): Observed => ({
  acknowledged: new Set(['c0#0', 'c0#1', 'c0#2']),
  timelines: new Map([['c0', [0, 1, 2]]]),
  workItems: new Map([['conv_1', 1]]),
  deadLettered: 0,
  ...overrides,
});

describe('chaos run counting', () => {
  it('passes a run where every acknowledged message is stored once, in order, with one work item', () => {
    const figures = countRun(observed({}), 12.34);
    expect(figures).toEqual({
      acknowledged: 3,
      stored: 3,
      lost: 0,
      doubled: 0,
      outOfOrder: 0,
      deadLettered: 0,
      recoverSeconds: 12.3,
    });
    expect(passed(figures)).toBe(true);
  });

  it('counts missing and doubled messages and work items, entries out of order, and dead letters', () => {
    const figures = countRun(
      observed({
        timelines: new Map([['c0', [1, 0, 1]]]),
        workItems: new Map([
          ['conv_1', 0],
          ['conv_2', 3],
        ]),
        deadLettered: 2,
      }),
      0,
    );
    expect(figures).toMatchObject({ stored: 2, lost: 2, doubled: 3, outOfOrder: 1, deadLettered: 2 });
    expect(passed(figures)).toBe(false);
  });
});

describe('chaos traffic plan', () => {
  it('delivers every message at least once, about a tenth twice, Messenger ones partly swapped', () => {
    const plan = planTraffic(2000, 7);
    expect(plan.conversations.reduce((sum, c) => sum + c.size, 0)).toBe(2000);
    for (const conversation of plan.conversations) {
      expect(new Set(conversation.deliveries).size).toBe(conversation.size);
      // A chat's first deliveries keep their order: the edge orders by first acceptance.
      const firsts = conversation.deliveries.filter((seq, i, all) => all.indexOf(seq) === i);
      if (conversation.kind === 'chat') expect(firsts).toEqual([...firsts].sort((a, b) => a - b));
    }
    const redelivered = plan.deliveries - plan.messages;
    expect(redelivered).toBeGreaterThan(plan.messages * PLAN_SHAPE.redelivered * 0.7);
    expect(redelivered).toBeLessThan(plan.messages * PLAN_SHAPE.redelivered * 1.3);
    expect(planTraffic(2000, 7)).toEqual(plan);
  });

  it('spreads outages and consumer restarts over the stream, an outage first', () => {
    expect(faultSchedule(2, 1)).toEqual([
      { kind: 'outage', at: 0.25 },
      { kind: 'consumers', at: 0.5 },
      { kind: 'outage', at: 0.75 },
    ]);
    expect(faultSchedule(1, 0)).toEqual([{ kind: 'outage', at: 0.5 }]);
  });
});

describe('a small chaos run on the local platform', () => {
  it('loses, doubles and dead-letters nothing through a DynamoDB outage and a consumer restart', async () => {
    const result = await runChaos({
      messages: 300,
      outages: 1,
      outageSeconds: 3,
      consumerRestarts: 1,
      inFlight: 16,
      seed: 3,
      log: () => undefined,
      progress: () => undefined,
    });
    expect(result.faults.map((fault) => fault.kind)).toEqual(['outage', 'consumers']);
    expect(result).toMatchObject({
      acknowledged: 300,
      stored: 300,
      lost: 0,
      doubled: 0,
      outOfOrder: 0,
      deadLettered: 0,
    });
  }, 180_000);
});
