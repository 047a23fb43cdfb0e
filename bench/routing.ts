import { integerOption, parseCommandLine } from '#local/command-line.ts';
import { measureRoutingStorage } from './_routing-storage.ts';
import { BenchDriver } from './sim/bench-driver.ts';
import { markdownTable } from './sim/markdown.ts';
import { Random } from './sim/random.ts';
import { percentile, Samples } from './sim/stats.ts';

/**
 * `npm run bench -- routing [--steps N] [--seed N]`: decisions per second and decision
 * latency of the routing engine at 1,000 waiting items × 100 agents and at 100,000 × 10,000,
 * and what the minute's sweep costs on each floor.
 * A decision is one call to `route`: one event in, everything it decides out.
 */

interface Size {
  label: string;
  items: number;
  agents: number;
}

const SIZES: Size[] = [
  { label: '1,000 × 100', items: 1_000, agents: 100 },
  { label: '100,000 × 10,000', items: 100_000, agents: 10_000 },
];

interface Result {
  size: Size;
  all: Float64Array;
  byType: Map<string, Float64Array>;
  offerBytes: Float64Array;
  /** p99 of each measuring round, to show how much a busy machine moves it. */
  roundP99s: number[];
  perOffer: Float64Array;
  /** The minute's routing sweep: with nothing overdue, and after minutes of lost timers. */
  sweep: { steady: Float64Array; catchUp: number };
}

/** Sweeps timed per size, and the stretch of lost timers the last one catches up on. */
const SWEEPS = 20;
const LOST_TIMER_SECONDS = 600;

const USAGE = `usage: npm run bench -- routing [options]

Decisions per second and decision latency of the routing engine at 1,000 × 100 and 100,000 × 10,000.

  --steps <n>     events measured per size and round (default 20000)
  --rounds <n>    measuring rounds (default 3)
  --seed <n>      random seed (default 7)
  --no-storage    skip the DynamoDB Local cost per assignment`;

export async function run(args: string[]): Promise<void> {
  const { values } = parseCommandLine(args, {
    usage: USAGE,
    options: {
      steps: { type: 'string' },
      rounds: { type: 'string' },
      seed: { type: 'string' },
      'no-storage': { type: 'boolean' },
    },
  });
  const steps = integerOption(values.steps, 'steps', 20_000);
  const rounds = integerOption(values.rounds, 'rounds', 3);
  const seed = integerOption(values.seed, 'seed', 7, 0);
  console.log(
    `Routing engine benchmark (seed ${seed}, ${rounds} rounds × ${steps.toLocaleString('en')} steps per size, Node ${process.version})\n`,
  );
  const results = SIZES.map((size) => measure(size, steps, rounds, seed));
  printResults(results);
  if (!values['no-storage']) await printWriteUnits();
}

/**
 * Several measuring rounds on one floor: the figures pool every round, and each round's p99 is
 * kept so a noisy neighbour on the machine shows up as spread instead of hiding in one number.
 */
function measure(size: Size, steps: number, rounds: number, seed: number): Result {
  const driver = new BenchDriver(new Random(seed), size.agents);
  driver.fill(size.items, `${size.label}: building the backlog`);
  driver.run(Math.ceil(steps / 4), false, `${size.label}: warming up`);
  driver.latencies.clear();
  const all = new Samples();
  const roundP99s: number[] = [];
  for (let round = 1; round <= rounds; round++) {
    const before = all.length;
    driver.run(steps, true, `${size.label}: measuring, round ${round} of ${rounds}`);
    for (const samples of driver.latencies.values()) for (const value of samples.values()) all.push(value);
    roundP99s.push(percentile(all.values().subarray(before), 99));
    if (round < rounds) driver.latencies.clear();
  }
  const byType = new Map([...driver.latencies].map(([type, samples]) => [type, samples.values()]));
  const sweep = driver.timeSweeps(SWEEPS, LOST_TIMER_SECONDS);
  return {
    sweep,
    size,
    all: all.values(),
    byType,
    offerBytes: driver.offerBytes.values(),
    roundP99s,
    perOffer: driver.perOffer.values(),
  };
}

function printResults(results: Result[]): void {
  const rows = results.map(({ size, all, roundP99s, perOffer }) => {
    const totalSeconds = all.reduce((sum, value) => sum + value, 0) / 1e6;
    return [
      size.label,
      all.length.toLocaleString('en'),
      Math.round(all.length / totalSeconds).toLocaleString('en'),
      percentile(all, 50).toFixed(1),
      percentile(all, 99).toFixed(1),
      percentile(all, 99.9).toFixed(1),
      roundP99s.map((value) => value.toFixed(0)).join(' / '),
      `${percentile(perOffer, 50).toFixed(1)} / ${percentile(perOffer, 99).toFixed(1)}`,
    ];
  });
  const headers = [
    'items × agents',
    'decisions',
    'decisions/s',
    'p50 µs',
    'p99 µs',
    'p99.9 µs',
    'p99 per round µs',
    'per offer p50 / p99 µs',
  ];
  console.log(markdownTable(headers, rows));
  const [small, large] = results;
  if (small && large) {
    const ratio = percentile(large.all, 99) / percentile(small.all, 99);
    const perOffer = percentile(large.perOffer, 99) / percentile(small.perOffer, 99);
    console.log(
      `\np99 ratio, large ÷ small: ${ratio.toFixed(2)}× (aim: ≤ 2×; p99 at the large size aim: < 1,000 µs)` +
        `\np99 per offer, large ÷ small: ${perOffer.toFixed(2)}×`,
    );
  }
  for (const result of results) printByType(result);
  printSweeps(results);
}

function printSweeps(results: Result[]): void {
  const ms = (micros: number) => (micros / 1000).toFixed(1);
  const rows = results.map(({ size, sweep }) => [
    size.label,
    ms(percentile(sweep.steady, 50)),
    ms(Math.max(...sweep.steady)),
    ms(sweep.catchUp),
  ]);
  console.log(
    `\nRouting sweep (sent every minute; ${SWEEPS} with nothing overdue, then one after ${LOST_TIMER_SECONDS / 60} minutes without timers):\n`,
  );
  console.log(
    markdownTable(
      ['items × agents', 'p50 ms', 'max ms', `after ${LOST_TIMER_SECONDS / 60} min lost ms`],
      rows,
    ),
  );
}

function printByType({ size, byType }: Result): void {
  const rows = [...byType].map(([type, values]) => [
    type,
    values.length.toLocaleString('en'),
    percentile(values, 50).toFixed(1),
    percentile(values, 99).toFixed(1),
  ]);
  console.log(`\nBy event at ${size.label} (last round):\n`);
  console.log(markdownTable(['event', 'count', 'p50 µs', 'p99 µs'], rows));
}

/** Measured, not modelled: offer, accept and completion through DynamoDB Local. */
async function printWriteUnits(): Promise<void> {
  const figures = await measureRoutingStorage();
  console.log(
    `\nDynamoDB per assignment (offer + accept + complete, ${figures.agents} agents, ${figures.assignments} items, measured): ` +
      `${figures.writeUnitsPerAssignment.toFixed(1)} write units, ${figures.readUnitsPerAssignment.toFixed(1)} read units; ` +
      `routing state ${Math.round(figures.stateBytes / 1024)} KB before compression`,
  );
}
