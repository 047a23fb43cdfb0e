import { mkdirSync, writeFileSync } from 'node:fs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { derivedId } from '#core/ids.ts';
import { startChildPlatform } from '#local/child-platform.ts';
import { integerOption, parseCommandLine } from '#local/command-line.ts';
import { localClientConfig } from '#local/emulators.ts';
import { ensureTable } from '#local/provision.ts';
import { createTableClient, type TableClient } from '#store/dynamo.ts';
import { keys } from '#store/table.ts';
import { barChartSvg, formatNumber, pool, progressBar, summarize } from './_stats.ts';

/** The platform's dev token: the `/local/*` routes want it, like every agent route. */
const DEV_TOKEN = 'bench';
const LOCAL_AUTH = { authorization: `Bearer ${DEV_TOKEN}` };

interface Options {
  messages: number;
  inFlight: number;
  sessions: number;
  sampleEvery: number;
  chart?: string | undefined;
}

const USAGE = `usage: npm run bench -- ingest [options]

Chat messages through the whole local pipeline, beside raw PutItem on the same DynamoDB Local.

  --messages <n>       messages to send (default 2000)
  --in-flight <n>      requests at once (default 32)
  --sessions <n>       chat sessions they are spread over (default 100)
  --sample-every <n>   time every n-th message to the timeline (default 4)
  --chart <file.svg>   write a chart of the figures`;

function parseOptions(args: string[]): Options {
  const { values } = parseCommandLine(args, {
    usage: USAGE,
    options: {
      messages: { type: 'string' },
      'in-flight': { type: 'string' },
      sessions: { type: 'string' },
      'sample-every': { type: 'string' },
      chart: { type: 'string' },
    },
  });
  return {
    messages: integerOption(values.messages, 'messages', 2000),
    inFlight: integerOption(values['in-flight'], 'in-flight', 32),
    sessions: integerOption(values.sessions, 'sessions', 100),
    sampleEvery: integerOption(values['sample-every'], 'sample-every', 4),
    chart: values.chart,
  };
}

/**
 * Chat messages through the whole local pipeline (gateway → chat handler → SQS → ingest handler →
 * DynamoDB), next to the raw DynamoDB Local PutItem rate measured in the same run.
 */
export async function run(args: string[]): Promise<void> {
  const options = parseOptions(args);
  console.log(`ingest benchmark: ${options.messages} chat messages, ${options.inFlight} in flight`);
  console.log('  … starting the platform (npm start) in its own process');
  const platform = await startChildPlatform({
    ONETHREAD_DEV_TOKEN: DEV_TOKEN,
    ONETHREAD_SMTP_PORT: '0',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
  });
  try {
    const local = await localInfo(platform.url);
    const table = createTableClient(local.tableName, localClientConfig(local.dynamodb.endpoint));
    const sessions = await openSessions(platform.url, options.sessions);
    await fetch(`${platform.url}/local/metrics/reset`, { method: 'POST', headers: LOCAL_AUTH });
    const pipeline = await pushMessages(platform.url, sessions, options, new VisibilityWatcher(table));
    await waitForDrain(platform.url);
    const perMessage = dynamoPerMessage((await localInfo(platform.url)).dynamodb, options.messages);
    const raw = await rawPutRate(local.dynamodb.endpoint, options);
    report(options, pipeline, perMessage, raw);
  } finally {
    await platform.stop();
  }
}

interface DynamoFigures {
  writeUnits: number;
  readUnits: number;
  roundTrips: number;
  roundTripsByCommand: Record<string, number>;
}

interface LocalInfo {
  dynamodb: DynamoFigures & { endpoint: string };
  tableName: string;
}

/** What the platform asked of DynamoDB per message, sessions excluded (the meter was reset after them). */
function dynamoPerMessage(figures: DynamoFigures, messages: number) {
  const byCommand = Object.entries(figures.roundTripsByCommand)
    .sort(([, a], [, b]) => b - a)
    .map(([command, count]) => `${command} ${(count / messages).toFixed(2)}`);
  return {
    writeUnits: figures.writeUnits / messages,
    roundTrips: figures.roundTrips / messages,
    byCommand: byCommand.join(', '),
  };
}

async function localInfo(url: string): Promise<LocalInfo> {
  return (await (await fetch(`${url}/local/metrics`, { headers: LOCAL_AUTH })).json()) as LocalInfo;
}

interface Session {
  sessionId: string;
  token: string;
}

async function openSessions(url: string, count: number): Promise<Session[]> {
  const progress = progressBar('opening chat sessions', count);
  const sessions: Session[] = [];
  await pool(count, 8, async (i) => {
    const response = await fetch(`${url}/chat/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: `Bench ${i}`, email: `bench${i}@example.com`, topic: 'billing' }),
    });
    sessions.push((await response.json()) as Session);
    progress(sessions.length);
  });
  return sessions;
}

async function pushMessages(url: string, sessions: Session[], options: Options, watcher: VisibilityWatcher) {
  const ackMs: number[] = [];
  const progress = progressBar('sending messages', options.messages);
  const started = performance.now();
  let sent = 0;
  await pool(options.messages, options.inFlight, async (i) => {
    const session = sessions[i % sessions.length] as Session;
    const clientMessageId = `b${i}`;
    const t0 = performance.now();
    const response = await fetch(`${url}/chat/sessions/${session.sessionId}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${session.token}` },
      body: JSON.stringify({ text: `Benchmark message ${i}: where is my order?`, clientMessageId }),
    });
    await response.arrayBuffer();
    if (response.status !== 202) throw new Error(`message ${i} answered ${response.status}`);
    ackMs.push(performance.now() - t0);
    if (i % options.sampleEvery === 0) {
      watcher.watch(derivedId('int', 'chat', `${session.sessionId}:${clientMessageId}`), t0);
    }
    progress(++sent);
  });
  const visibleMs = await watcher.finish();
  const seconds = (performance.now() - started) / 1000;
  return {
    seconds,
    messagesPerSecond: options.messages / seconds,
    ack: summarize(ackMs),
    visible: summarize(visibleMs),
  };
}

/**
 * Notes when sampled interactions become readable, with one batched read every few
 * milliseconds, so watching does not itself load the system under test.
 */
class VisibilityWatcher {
  private readonly pending = new Map<string, number>();
  private readonly latencies: number[] = [];
  private readonly loop: Promise<void>;
  private finishing = false;

  constructor(private readonly table: TableClient) {
    this.loop = this.poll();
  }

  watch(interactionId: string, sentAt: number): void {
    this.pending.set(interactionId, sentAt);
  }

  async finish(): Promise<number[]> {
    this.finishing = true;
    await this.loop;
    return this.latencies;
  }

  private async poll(): Promise<void> {
    const { doc, tableName } = this.table;
    while (!this.finishing || this.pending.size) {
      const batch = [...this.pending.keys()].slice(0, 100);
      if (batch.length) {
        const { Responses } = await doc.send(
          new BatchGetCommand({
            RequestItems: {
              [tableName]: { Keys: batch.map(keys.interaction), ProjectionExpression: 'interactionId' },
            },
          }),
        );
        const now = performance.now();
        for (const item of Responses?.[tableName] ?? []) {
          const id = String(item.interactionId);
          this.latencies.push(now - (this.pending.get(id) ?? now));
          this.pending.delete(id);
        }
      }
      await new Promise((done) => setTimeout(done, 50));
    }
  }
}

async function waitForDrain(url: string): Promise<void> {
  for (;;) {
    const queues = (await (await fetch(`${url}/local/queues`, { headers: LOCAL_AUTH })).json()) as {
      ingest: { depth: number };
    };
    if (queues.ingest.depth === 0) return;
    await new Promise((done) => setTimeout(done, 50));
  }
}

/** The same number of ~200-byte PutItems straight into DynamoDB Local, same concurrency. */
async function rawPutRate(endpoint: string, options: Options) {
  const config = localClientConfig(endpoint);
  const admin = new DynamoDBClient(config);
  await ensureTable(admin, 'bench-raw');
  admin.destroy();
  const table = createTableClient('bench-raw', config);
  const progress = progressBar('raw PutItem baseline', options.messages);
  let done = 0;
  const started = performance.now();
  await pool(options.messages, options.inFlight, async (i) => {
    await table.doc.send(
      new PutCommand({
        TableName: 'bench-raw',
        Item: {
          pk: `RAW#${i}`,
          sk: 'RAW',
          text: `Benchmark message ${i}: where is my order?`.padEnd(160, '.'),
        },
      }),
    );
    progress(++done);
  });
  return { putsPerSecond: options.messages / ((performance.now() - started) / 1000) };
}

function report(
  options: Options,
  pipeline: Awaited<ReturnType<typeof pushMessages>>,
  perMessage: ReturnType<typeof dynamoPerMessage>,
  raw: { putsPerSecond: number },
): void {
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  const rows = [
    ['messages', String(options.messages)],
    ['in flight', String(options.inFlight)],
    ['pipeline throughput', `${formatNumber(pipeline.messagesPerSecond)} msg/s`],
    ['edge ack p50 / p99', `${ms(pipeline.ack.p50)} / ${ms(pipeline.ack.p99)}`],
    [
      `visible on timeline p50 / p99 (1 in ${options.sampleEvery})`,
      `${ms(pipeline.visible.p50)} / ${ms(pipeline.visible.p99)}`,
    ],
    ['DynamoDB write units per message', perMessage.writeUnits.toFixed(2)],
    ['DynamoDB round trips per message', perMessage.roundTrips.toFixed(2)],
    ['round trips per message by command', perMessage.byCommand],
    ['raw DynamoDB Local PutItem', `${formatNumber(raw.putsPerSecond)} puts/s`],
    ['pipeline / raw PutItem', `${(pipeline.messagesPerSecond / raw.putsPerSecond).toFixed(2)}×`],
  ];
  console.log('\n| measure | value |\n| --- | --- |');
  for (const [name, value] of rows) console.log(`| ${name} | ${value} |`);
  if (options.chart) {
    mkdirSync(options.chart.replace(/[^/]+$/, '') || '.', { recursive: true });
    writeFileSync(
      options.chart,
      barChartSvg('Chat ingest on the local runtime: latency', 'ms', [
        { label: 'edge ack p50', value: pipeline.ack.p50 },
        { label: 'edge ack p99', value: pipeline.ack.p99 },
        { label: 'visible on timeline p50', value: pipeline.visible.p50 },
        { label: 'visible on timeline p99', value: pipeline.visible.p99 },
      ]),
    );
    console.log(`\nchart written to ${options.chart}`);
  }
}
