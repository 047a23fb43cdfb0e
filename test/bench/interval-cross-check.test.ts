import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { type RoutingEvent, serviceLevelFor, snapshot } from '#core/routing/index.ts';
import { makeHandler as makeReportsApi } from '#handlers/reports-api.ts';
import { RoutingLog } from '#store/routing-log.ts';
import { drawArrivals } from '../../bench/sim/arrivals.ts';
import { Random } from '../../bench/sim/random.ts';
import { ScenarioSchema } from '../../bench/sim/scenario.ts';
import { type Contact, Simulation } from '../../bench/sim/simulation.ts';
import { context, httpEvent } from '../support/events.ts';
import { createRoutingTestStack } from '../support/routing-stack.ts';

/** A quiet day on two queues: chats and calls, customers who give up, two agents around the clock. */
const day = ScenarioSchema.parse({
  name: 'A quiet day',
  seed: 20260302,
  hours: 24,
  start: '2026-03-02T00:00:00Z',
  queues: [
    {
      queueId: 'support',
      name: 'Support',
      steps: [{ skills: { support: 1 } }],
      serviceLevel: { seconds: 60, target: 0.8 },
    },
    {
      queueId: 'sales',
      name: 'Sales',
      steps: [{ skills: { sales: 1 } }],
      serviceLevel: { seconds: 20, target: 0.8 },
    },
  ],
  streams: [
    {
      queueId: 'support',
      channel: 'chat',
      perHour: 4,
      handleSeconds: { type: 'exponential', mean: 600 },
      patienceSeconds: { type: 'exponential', mean: 180 },
    },
    {
      queueId: 'sales',
      channel: 'voice',
      perHour: 2,
      handleSeconds: { type: 'exponential', mean: 480 },
      patienceSeconds: { type: 'exponential', mean: 60 },
    },
  ],
  rosters: {
    two: [{ name: 'agent', count: 2, skills: { support: 1, sales: 1 }, capacity: { chat: 1, voice: 1 } }],
  },
  runs: [{ label: 'configured', roster: 'two', policy: 'configured' }],
  acceptSeconds: { type: 'constant', value: 5 },
});

/** The simulator's day: what became of each customer, and every event its engine was given. */
function simulate() {
  const random = new Random(day.seed).fork('replication-0');
  const events: Array<{ event: RoutingEvent; at: number }> = [];
  let start: Buffer | undefined;
  const [run] = day.runs ?? [];
  if (!run) throw new Error('the scenario names its run');
  const result = new Simulation(
    day,
    run,
    drawArrivals(day, random.fork('arrivals')),
    random.fork('agents-0'),
    {
      started: (state) => {
        start = gzipSync(JSON.stringify(snapshot(state)));
      },
      delivered: (event, at) => events.push({ event, at }),
    },
  ).run();
  if (!start) throw new Error('the simulation did not start');
  return { contacts: result.contacts, events, start };
}

/** The simulator's own figures per queue: answered, abandoned, answered within the channel's target. */
function simulatorFigures(contacts: readonly Contact[]) {
  const figures: Record<
    string,
    { offered: number; answered: number; abandoned: number; answeredWithinTarget: number }
  > = {};
  for (const contact of contacts) {
    const queue = day.queues.find((q) => q.queueId === contact.queueId);
    if (!queue) throw new Error(`unknown queue ${contact.queueId}`);
    const figure = figures[contact.queueId] ?? {
      offered: 0,
      answered: 0,
      abandoned: 0,
      answeredWithinTarget: 0,
    };
    figures[contact.queueId] = figure;
    figure.offered += 1;
    if (contact.outcome === 'abandoned') figure.abandoned += 1;
    if (contact.outcome !== 'answered') continue;
    figure.answered += 1;
    if (contact.waitMs <= serviceLevelFor(queue, contact.channel).seconds * 1000)
      figure.answeredWithinTarget += 1;
  }
  return figures;
}

describe('interval figures against the simulator', () => {
  it('adds up, over a replayed day, to the simulator’s answered, abandoned and within-target per queue', async () => {
    const { contacts, events, start } = simulate();
    let now = Date.parse(day.start);
    const stack = await createRoutingTestStack({}, {}, { effects: 'inline' }, () => now);
    // The service starts from the floor the simulator started from, and is given the same events
    // at the same times, one entry each, as the router would append them.
    await new RoutingLog(stack.table, stack.routingPartition).writeSnapshot(0, start, now);
    for (const { event, at } of events) {
      now = at;
      await stack.routing.dispatch([event]);
    }

    const response = await makeReportsApi(stack)(
      httpEvent('GET /reports/queues', {
        query: { from: '2026-03-02T00:00:00Z', to: '2026-03-03T00:00:00Z', interval: '1d' },
        claims: { sub: 'supervisor' },
      }),
      context,
    );
    const report = JSON.parse(String(response.body)) as {
      queues: Array<{
        queueId: string;
        offered: number;
        answered: number;
        abandoned: number;
        answeredWithinTarget: number;
      }>;
    };
    const recorded = Object.fromEntries(
      report.queues.map(({ queueId, offered, answered, abandoned, answeredWithinTarget }) => [
        queueId,
        { offered, answered, abandoned, answeredWithinTarget },
      ]),
    );
    const expected = simulatorFigures(contacts);
    expect(recorded).toEqual(expected);
    // A day with something to check: both queues answered some and lost some.
    for (const queueId of ['support', 'sales']) {
      expect(expected[queueId]?.answered).toBeGreaterThan(10);
      expect(expected[queueId]?.abandoned).toBeGreaterThan(0);
    }
  }, 180_000);
});
