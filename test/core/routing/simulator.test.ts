import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { QueueSchema } from '#core/routing/index.ts';
import { drawArrivals } from '../../../bench/sim/arrivals.ts';
import { fifoQueues } from '../../../bench/sim/baseline.ts';
import { runExperiment } from '../../../bench/sim/experiment.ts';
import { figures } from '../../../bench/sim/metrics.ts';
import { overallOccupancy } from '../../../bench/sim/outcome.ts';
import { Random } from '../../../bench/sim/random.ts';
import { htmlReport } from '../../../bench/sim/report-html.ts';
import { loadScenario, type Scenario, ScenarioSchema } from '../../../bench/sim/scenario.ts';

const SCENARIOS = join(import.meta.dirname, '../../../bench/scenarios');

/** The Erlang C system, short: 60 hours twice is enough for a sanity check, not for a point. */
const mmn = (overrides: Partial<Scenario> = {}): Scenario =>
  ScenarioSchema.parse({
    name: 'M/M/12',
    seed: 11,
    hours: 60,
    warmupHours: 1,
    replications: 2,
    queues: [
      { queueId: 'q', name: 'Q', steps: [{ skills: { s: 1 } }], serviceLevel: { seconds: 20, target: 0.8 } },
    ],
    streams: [
      { queueId: 'q', channel: 'voice', perHour: 200, handleSeconds: { type: 'exponential', mean: 180 } },
    ],
    rosters: { floor: [{ name: 'agent', count: 12, skills: { s: 1 }, capacity: { voice: 1 } }] },
    ...overrides,
  });

let shared: ReturnType<typeof runExperiment> | undefined;
/** One run of the short M/M/12 experiment, shared by the checks that only read it. */
const experiment = () => {
  shared ??= runExperiment(mmn(), false);
  return shared;
};

describe('contact-centre simulator', () => {
  it('lands near Erlang C on the single-skill system, with the prediction beside it', () => {
    const [configured, fifo] = experiment();
    if (!configured || !fifo) throw new Error('expected two runs');
    const f = figures(fifo.contacts, mmn());
    expect(f.serviceLevel).toBeGreaterThan(0.58);
    expect(f.serviceLevel).toBeLessThan(0.7);
    expect(f.waitProbability).toBeGreaterThan(0.39);
    expect(f.waitProbability).toBeLessThan(0.51);
    expect(overallOccupancy(fifo)).toBeCloseTo(10 / 12, 1);
    expect(fifo.predictions.get('all')?.serviceLevel).toBeCloseTo(0.64, 2);
  });

  it('lands near Erlang A when callers give up, with the prediction beside it', () => {
    const stream = mmn().streams[0] as Scenario['streams'][number];
    const patient = mmn({ streams: [{ ...stream, patienceSeconds: { type: 'exponential', mean: 120 } }] });
    const [, fifo] = runExperiment(patient, false);
    if (!fifo) throw new Error('expected a FIFO run');
    const f = figures(fifo.contacts, patient);
    const predicted = fifo.predictions.get('all');
    expect(predicted?.model).toBe('Erlang A');
    // Two short replications: a sanity band here; the shipped scenario's 20 long ones land within a point.
    expect(Math.abs(f.serviceLevel - (predicted?.serviceLevel ?? 0))).toBeLessThan(0.03);
    expect(Math.abs(f.abandoned / f.offered - (predicted?.abandonShare ?? 0))).toBeLessThan(0.02);
    expect(Math.abs(f.waitProbability - (predicted?.waitProbability ?? 0))).toBeLessThan(0.03);
  });

  it('serves every run the same customers', () => {
    const [configured, fifo] = experiment();
    expect(configured?.contacts.map((c) => c.arrivedAt)).toEqual(fifo?.contacts.map((c) => c.arrivedAt));
  });

  it('draws the same arrivals from the same seed, and others from another', () => {
    const scenario = mmn();
    const first = drawArrivals(scenario, new Random(5));
    expect(drawArrivals(scenario, new Random(5))).toEqual(first);
    expect(drawArrivals(scenario, new Random(6))).not.toEqual(first);
    expect(first.length).toBeGreaterThan(200 * 60 * 0.95);
    expect(first.length).toBeLessThan(200 * 60 * 1.05);
  });

  it('follows hourly rates: nobody arrives in an hour whose rate is zero', () => {
    const hourlyRates = Array.from({ length: 24 }, (_, hour) => (hour >= 9 && hour < 17 ? 100 : 0));
    const scenario = mmn({
      streams: [{ ...mmn().streams[0], perHour: hourlyRates } as Scenario['streams'][number]],
    });
    const hours = drawArrivals(scenario, new Random(1)).map((a) => Math.floor(a.at / 3_600_000) % 24);
    expect(hours.every((hour) => hour >= 9 && hour < 17)).toBe(true);
  });

  it('lets impatient customers give up, and accounts for every contact', () => {
    const stream = { ...mmn().streams[0], perHour: 260, patienceSeconds: { type: 'exponential', mean: 60 } };
    const scenario = mmn({ hours: 10, replications: 1, streams: [stream as Scenario['streams'][number]] });
    const [run] = runExperiment(scenario, false);
    const f = figures(run?.contacts ?? [], scenario);
    expect(f.abandoned).toBeGreaterThan(0);
    const open = run?.contacts.filter((c) => c.outcome === 'open').length ?? 0;
    expect(f.answered + f.abandoned + open).toBe(f.offered);
  });

  it('staffs agents only on their shifts', () => {
    const roster = [
      { name: 'day', count: 12, skills: { s: 1 }, capacity: { voice: 1 }, shifts: [{ start: 9, end: 17 }] },
    ];
    const stream = { ...mmn().streams[0], perHour: 50, patienceSeconds: { type: 'constant', value: 300 } };
    const scenario = mmn({
      hours: 48,
      replications: 1,
      rosters: { floor: roster },
      streams: [stream as Scenario['streams'][number]],
    });
    const [run] = runExperiment(scenario, false);
    const answeredAt = (run?.contacts ?? [])
      .filter((c) => c.outcome === 'answered')
      .map((c) => ((c.arrivedAt + c.waitMs) / 3_600_000) % 24);
    expect(answeredAt.length).toBeGreaterThan(0);
    expect(answeredAt.every((hour) => hour >= 9 && hour <= 17)).toBe(true);
  });

  it('writes a report that stands alone: inline charts, no scripts, nothing fetched', () => {
    const scenario = mmn({ hours: 5, replications: 1 });
    const html = htmlReport(scenario, runExperiment(scenario, false));
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/<script|<link|src=/);
  });
});

describe('the FIFO baseline', () => {
  it('keeps only each queue’s loosest step and never overflows', () => {
    const queue = QueueSchema.parse({
      queueId: 'billing',
      name: 'Billing',
      steps: [
        { skills: { billing: 4 }, seconds: 30 },
        { skills: { billing: 1 }, seconds: 200 },
      ],
      overflowQueueId: 'general',
      serviceLevel: { seconds: 20, target: 0.8 },
    });
    const [fifo] = fifoQueues([queue]);
    expect(fifo?.steps).toEqual([{ skills: { billing: 1 } }]);
    expect(fifo?.overflowQueueId).toBeUndefined();
  });
});

describe('shipped scenarios', () => {
  it('all parse', async () => {
    const files = (await readdir(SCENARIOS)).filter((file) => file.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const file of files) await expect(loadScenario(join(SCENARIOS, file))).resolves.toBeDefined();
  });

  it('reject a stream for a queue that does not exist', () => {
    const result = ScenarioSchema.safeParse({
      ...mmn(),
      streams: [{ ...mmn().streams[0], queueId: 'nope' }],
    });
    expect(result.success).toBe(false);
  });
});
