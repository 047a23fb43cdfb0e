import { gzipSync } from 'node:zlib';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { type RoutingDecision, type RoutingEvent, route, snapshot } from '#core/routing/index.ts';
import { integerOption, parseCommandLine, UsageError } from '#local/command-line.ts';
import { localClientConfig, localSqsConfig, startDynamoLocal, startSqsEmulator } from '#local/emulators.ts';
import { ensureQueueWithDlq, ensureTable } from '#local/provision.ts';
import { EntryEffects } from '#routing/effects.ts';
import { DEFAULT_SNAPSHOT_POLICY, RoutingFollower } from '#routing/follower.ts';
import { RoutingQueues } from '#routing/routing-queue.ts';
import { RoutingService } from '#routing/service.ts';
import { CapacityMeter, createTableClient, type TableClient } from '#store/dynamo.ts';
import { AppliedMarks, RoutingLog } from '#store/routing-log.ts';
import { keys } from '#store/table.ts';
import { BenchDriver } from './sim/bench-driver.ts';
import { markdownTable } from './sim/markdown.ts';
import { Progress } from './sim/progress.ts';
import { Random } from './sim/random.ts';
import { percentile, Samples } from './sim/stats.ts';
import { syntheticItem } from './sim/synthetic-floor.ts';

/**
 * `npm run bench -- routing-service [--steps N] [--seed N] [--sizes 1000x100,…] [--json]`: the
 * routing service as deployed, against DynamoDB Local: each event appended to the partition's
 * log, decided, its outcome recorded and its effects applied (work items, agents, counts), on
 * floors from 1,000 waiting × 100 agents to 500,000 × 10,000. Per floor: write and read units
 * per event by type, warm decision-with-write latency, cold start to the first decision,
 * snapshot size and time, and the pure engine on the same events for comparison.
 */

interface Size {
  label: string;
  items: number;
  agents: number;
}

const DEFAULT_SIZES = '1000x100,10000x1000,100000x10000,500000x10000';

interface TypeFigures {
  events: number;
  writeUnits: number;
  readUnits: number;
}

interface FloorFigures {
  size: Size;
  byType: Record<string, TypeFigures>;
  writeUnitsPerEvent: number;
  readUnitsPerEvent: number;
  /** A warm decision with its durable write: the writer's append and decision. */
  warm: { p50Ms: number; p99Ms: number };
  /** The follower's part of the same event: deciding it again and carrying it out. */
  effects: { p50Ms: number; p99Ms: number };
  engine: { p50Ms: number; p99Ms: number };
  coldStartMs: number;
  snapshot: { gzipBytes: number; chunks: number; serialiseMs: number; writeMs: number; writeUnits: number };
  /** The snapshot's write units spread over the events between two snapshots. */
  snapshotWriteUnitsPerEvent: number;
}

export async function run(args: string[]): Promise<void> {
  const { values } = parseCommandLine(args, {
    usage:
      'usage: npm run bench -- routing-service [--steps N] [--seed N] [--sizes 1000x100,…] [--json]\n' +
      `  --steps   events per floor, about (default 2000)\n  --sizes   waiting×agents floors (default ${DEFAULT_SIZES})`,
    options: {
      steps: { type: 'string' },
      seed: { type: 'string' },
      sizes: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  const steps = integerOption(values.steps, 'steps', 2_000);
  const seed = integerOption(values.seed, 'seed', 7, 0);
  const sizes = sizesOption(values.sizes ?? DEFAULT_SIZES);
  const json = values.json ?? false;
  if (!json) {
    console.log(
      `Routing service benchmark against DynamoDB Local (seed ${seed}, about ${steps.toLocaleString('en')} events per floor, Node ${process.version})\n`,
    );
  }
  const [dynamo, sqsEmulator] = await Promise.all([startDynamoLocal(), startSqsEmulator()]);
  const figures: FloorFigures[] = [];
  try {
    const config = localClientConfig(dynamo.endpoint);
    const ddb = new DynamoDBClient(config);
    await ensureTable(ddb, 'bench-routing-service');
    ddb.destroy();
    const sqs = new SQSClient(localSqsConfig(sqsEmulator.endpoint));
    const timers = await ensureQueueWithDlq(sqs, 'bench-routing-service-timers', {
      maxReceiveCount: 5,
      visibilityTimeoutSeconds: 30,
    });
    const queues = new RoutingQueues(sqs, { timers: timers.queueUrl });
    for (const size of sizes) figures.push(await measureFloor(size, steps, seed, config, queues));
    sqs.destroy();
  } finally {
    await Promise.all([dynamo.stop(), sqsEmulator.stop()]);
  }
  if (json) console.log(JSON.stringify({ benchmark: 'routing-service', steps, seed, floors: figures }));
  else printFigures(figures);
}

async function measureFloor(
  size: Size,
  steps: number,
  seed: number,
  dynamo: ReturnType<typeof localClientConfig>,
  queues: RoutingQueues,
): Promise<FloorFigures> {
  const partition = `floor-${size.items}x${size.agents}`;
  const meter = new CapacityMeter();
  const table = createTableClient('bench-routing-service', dynamo, meter);

  // The floor as a day of work leaves it, then stored as the partition's snapshot.
  const driver = new BenchDriver(new Random(seed), size.agents);
  driver.fill(size.items, `${size.label}: filling the floor`);
  let now = driver.now;
  const log = new RoutingLog(table, partition);
  const snapshotFigures = await measureSnapshot(driver, log, meter, now);

  // The same events through the pure engine first: its timings, and the items they touch,
  // whose records ingest would have written, so the effects update real items.
  const dryRun = planEvents(driver, steps, seed);
  await storeWorkItems(createTableClient('bench-routing-service', dynamo), dryRun.touched, now);

  // The effects' follower, started and warm, as the stream's consumer would be.
  const effects = new EntryEffects(table, queues);
  const clock = () => now;
  const follower = new RoutingFollower({
    log,
    effects,
    applied: new AppliedMarks(table),
    clock,
    // Snapshots are measured on their own above; none falls inside the timed events.
    snapshots: { minEvents: Number.MAX_SAFE_INTEGER, bytesPerEvent: 1, maxAgeMs: Number.MAX_SAFE_INTEGER },
  });
  // Each entry is carried out as it is appended, as the table's stream would a moment later:
  // the figures are the writer's and the follower's together.
  await follower.recover();
  // A new router process: snapshot and tail from the table, then its first decision.
  const coldStarted = performance.now();
  let followedMs = 0;
  const router = new RoutingService(log, {}, clock, async (entry) => {
    const started = performance.now();
    await follower.follow([entry]);
    followedMs = performance.now() - started;
  });
  const [first, ...rest] = dryRun.events;
  if (!first) throw new Error('the workload made no events');
  now = first.at;
  const decided = [await router.dispatch([first.event])];
  const coldStartMs = performance.now() - coldStarted;

  const byType = new Map<string, { events: number; writeUnits: number; readUnits: number }>();
  const latencies = new Samples();
  const carriedOut = new Samples();
  const progress = new Progress(`${size.label}: routing through DynamoDB`, rest.length);
  for (const [n, { event, at }] of rest.entries()) {
    now = at;
    meter.reset();
    const started = performance.now();
    decided.push(await router.dispatch([event]));
    // The writer's part (append, decide) and the follower's (decide again, carry out), apart.
    latencies.push(performance.now() - started - followedMs);
    carriedOut.push(followedMs);
    const figures = byType.get(event.type) ?? { events: 0, writeUnits: 0, readUnits: 0 };
    figures.events += 1;
    figures.writeUnits += meter.writeUnits;
    figures.readUnits += meter.readUnits;
    byType.set(event.type, figures);
    progress.update(n + 1);
  }
  progress.done();
  if (JSON.stringify(decided) !== JSON.stringify(dryRun.decisions)) {
    throw new Error(`${size.label}: the service decided differently from the engine on the same events`);
  }
  const engine = { p50Ms: percentile(dryRun.engineMs, 50), p99Ms: percentile(dryRun.engineMs, 99) };

  const totals = [...byType.values()].reduce(
    (sum, figures) => ({
      events: sum.events + figures.events,
      writeUnits: sum.writeUnits + figures.writeUnits,
      readUnits: sum.readUnits + figures.readUnits,
    }),
    { events: 0, writeUnits: 0, readUnits: 0 },
  );
  const between = Math.max(
    DEFAULT_SNAPSHOT_POLICY.minEvents,
    snapshotFigures.gzipBytes / DEFAULT_SNAPSHOT_POLICY.bytesPerEvent,
  );
  const values = latencies.values();
  return {
    size,
    byType: Object.fromEntries(
      [...byType].map(([type, figures]) => [
        type,
        {
          events: figures.events,
          writeUnits: figures.writeUnits / figures.events,
          readUnits: figures.readUnits / figures.events,
        },
      ]),
    ),
    writeUnitsPerEvent: totals.writeUnits / totals.events,
    readUnitsPerEvent: totals.readUnits / totals.events,
    warm: { p50Ms: percentile(values, 50), p99Ms: percentile(values, 99) },
    effects: { p50Ms: percentile(carriedOut.values(), 50), p99Ms: percentile(carriedOut.values(), 99) },
    engine,
    coldStartMs,
    snapshot: snapshotFigures,
    snapshotWriteUnitsPerEvent: snapshotFigures.writeUnits / between,
  };
}

interface Plan {
  events: Array<{ event: RoutingEvent; at: number }>;
  decisions: RoutingDecision[][];
  /** Work items the events create or change. */
  touched: Set<string>;
  /** The engine's time for each event after the first, in ms. */
  engineMs: Float64Array;
}

/** Runs the workload through the pure engine on the filled floor, timing every call. */
function planEvents(driver: BenchDriver, steps: number, seed: number): Plan {
  const workload = new Workload(new Random(seed + 1), driver);
  const plan: Plan = { events: [], decisions: [], touched: new Set(), engineMs: new Float64Array(0) };
  const samples = new Samples();
  let now = driver.now;
  for (let n = 0; n <= steps; n++) {
    now += 50;
    const event = workload.next(now);
    const started = performance.now();
    const decisions = route(driver.state, event, now);
    if (n > 0) samples.push(performance.now() - started);
    workload.seen(decisions);
    plan.events.push({ event, at: now });
    plan.decisions.push(decisions);
    if (event.type === 'itemEnqueued') plan.touched.add(event.item.workItemId);
    for (const decision of decisions) {
      const workItemId =
        decision.type === 'offer'
          ? decision.offer.workItemId
          : 'workItemId' in decision
            ? decision.workItemId
            : undefined;
      if (workItemId) plan.touched.add(workItemId);
    }
  }
  plan.engineMs = samples.values();
  return plan;
}

/** The records ingest writes for work items, for the items the measured events touch. */
async function storeWorkItems(table: TableClient, workItemIds: Set<string>, now: number): Promise<void> {
  const ids = [...workItemIds];
  for (let start = 0; start < ids.length; start += 25) {
    await table.doc.send(
      new BatchWriteCommand({
        RequestItems: {
          [table.tableName]: ids.slice(start, start + 25).map((workItemId) => ({
            PutRequest: {
              Item: {
                ...keys.workItem(workItemId),
                entity: 'workItem',
                workItemId,
                conversationId: `conv-${workItemId}`,
                customerId: `cust-${workItemId}`,
                channel: 'chat',
                queueId: 'skill-0',
                priority: 5,
                state: 'queued',
                enqueuedAt: new Date(now).toISOString(),
                routingStep: 0,
                createdFromInteractionId: `int-${workItemId}`,
              },
            },
          })),
        },
      }),
    );
  }
}

/**
 * The day's events on a busy floor: agents finish work and take the next item, accept offers
 * (declining one in 25), go away and come back, new contacts arrive, step timers come due.
 */
class Workload {
  private readonly assigned: string[] = [];
  private readonly offers: string[] = [];
  private readonly timers: Array<{ at: number; event: RoutingEvent }> = [];
  private readonly away: string[] = [];
  private serial: number;
  private turn = 0;

  constructor(
    private readonly random: Random,
    private readonly driver: BenchDriver,
  ) {
    this.serial = driver.state.items.size * 10;
    for (const item of driver.state.items.values())
      if (item.state === 'assigned') this.assigned.push(item.workItemId);
    for (const record of driver.state.offers.values()) this.offers.push(record.offer.offerId);
  }

  next(now: number): RoutingEvent {
    const due = this.timers.findIndex((timer) => timer.at <= now);
    if (due >= 0) return (this.timers.splice(due, 1)[0] as { event: RoutingEvent }).event;
    const offer = this.offers.shift();
    if (offer) return { type: this.random.int(25) === 0 ? 'offerDeclined' : 'offerAccepted', offerId: offer };
    this.turn += 1;
    if (this.turn % 20 === 0) return this.statusChange();
    if (this.turn % 2 === 0 && this.assigned.length > 0) {
      const index = this.random.int(this.assigned.length);
      const workItemId = this.assigned[index] as string;
      this.assigned[index] = this.assigned.at(-1) as string;
      this.assigned.pop();
      return { type: 'workCompleted', workItemId };
    }
    return { type: 'itemEnqueued', item: syntheticItem(this.random, this.serial++, now, 0) };
  }

  seen(decisions: readonly RoutingDecision[]): void {
    for (const decision of decisions) {
      if (decision.type === 'offer') this.offers.push(decision.offer.offerId);
      if (decision.type === 'assign') this.assigned.push(decision.workItemId);
      if (decision.type === 'timer' && decision.event.type === 'stepTimerExpired') {
        this.timers.push({ at: decision.at, event: decision.event });
      }
    }
  }

  private statusChange(): RoutingEvent {
    const back = this.away.shift();
    if (back) return { type: 'agentStatusChanged', agentId: back, status: 'available' };
    const agentId = `agent-${this.random.int(this.driver.state.agents.size)}`;
    this.away.push(agentId);
    return { type: 'agentStatusChanged', agentId, status: 'away' };
  }
}

function printFigures(floors: FloorFigures[]): void {
  const fixed = (value: number, digits = 1) => value.toFixed(digits);
  const [smallest] = floors;
  console.log(
    markdownTable(
      [
        'waiting × agents',
        'write units / event',
        'read units / event',
        'decision + write p50 ms',
        'decision + write p99 ms',
        'effects p99 ms',
        'engine p99 ms',
        'cold start s',
        'snapshot (gzip)',
        'snapshot write',
        'snapshot units / event',
      ],
      floors.map((floor) => [
        floor.size.label,
        fixed(floor.writeUnitsPerEvent, 2),
        fixed(floor.readUnitsPerEvent, 2),
        fixed(floor.warm.p50Ms),
        fixed(floor.warm.p99Ms),
        fixed(floor.effects.p99Ms),
        fixed(floor.engine.p99Ms, 3),
        fixed(floor.coldStartMs / 1000, 2),
        `${Math.round(floor.snapshot.gzipBytes / 1024).toLocaleString('en')} KB in ${floor.snapshot.chunks}`,
        `${Math.round(floor.snapshot.serialiseMs + floor.snapshot.writeMs).toLocaleString('en')} ms`,
        fixed(floor.snapshotWriteUnitsPerEvent, 2),
      ]),
    ),
  );
  if (!smallest) return;
  console.log(
    '\nRatios: against the smallest floor, and the warm decision against the pure engine on the same events\n',
  );
  console.log(
    markdownTable(
      ['waiting × agents', 'write units ÷ smallest', 'warm p99 ÷ smallest', 'warm p99 ÷ engine p99'],
      floors.map((floor) => [
        floor.size.label,
        `${fixed(floor.writeUnitsPerEvent / smallest.writeUnitsPerEvent, 2)}×`,
        `${fixed(floor.warm.p99Ms / smallest.warm.p99Ms, 2)}×`,
        `${fixed(floor.warm.p99Ms / floor.engine.p99Ms, 0)}×`,
      ]),
    ),
  );
  for (const floor of floors) {
    console.log(`\nBy event at ${floor.size.label}:\n`);
    console.log(
      markdownTable(
        ['event', 'count', 'write units', 'read units'],
        Object.entries(floor.byType).map(([type, figures]) => [
          type,
          figures.events.toLocaleString('en'),
          fixed(figures.writeUnits, 2),
          fixed(figures.readUnits, 2),
        ]),
      ),
    );
  }
}

function sizesOption(spec: string): Size[] {
  return spec.split(',').map((pair) => {
    const [items, agents] = pair.split('x').map(Number);
    if (!items || !agents) throw new UsageError(`--sizes: "${pair}" is not waiting×agents, e.g. 1000x100`);
    return { label: `${items.toLocaleString('en')} × ${agents.toLocaleString('en')}`, items, agents };
  });
}

/** The floor stored as the partition's snapshot: its size and the cost of writing it. */
async function measureSnapshot(driver: BenchDriver, log: RoutingLog, meter: CapacityMeter, now: number) {
  const serialiseStarted = performance.now();
  const gzipped = gzipSync(JSON.stringify(snapshot(driver.state)));
  const serialiseMs = performance.now() - serialiseStarted;
  meter.reset();
  const writeStarted = performance.now();
  await log.writeSnapshot(0, gzipped, now);
  return {
    gzipBytes: gzipped.byteLength,
    chunks: Math.ceil(gzipped.byteLength / 350_000),
    serialiseMs,
    writeMs: performance.now() - writeStarted,
    writeUnits: meter.writeUnits,
  };
}
