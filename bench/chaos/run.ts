import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { timelineOwners } from '#core/resolution.ts';
import { startChildPlatform } from '#local/child-platform.ts';
import { localClientConfig } from '#local/emulators.ts';
import { CustomersRepo } from '#store/customers-repo.ts';
import { createTableClient, type TableClient } from '#store/dynamo.ts';
import { TimelineRepo } from '#store/timeline-repo.ts';
import { pool } from '../_stats.ts';
import { countRun, type Figures, type Observed } from './count.ts';
import { type FaultRecord, faultSchedule, runFaults } from './faults.ts';
import { planTraffic } from './plan.ts';
import { type Channel, channelFor, META_APP_SECRET } from './traffic.ts';

export interface ChaosOptions {
  messages: number;
  outages: number;
  outageSeconds: number;
  consumerRestarts: number;
  /** Conversations sending at once; each sends its own messages one after another. */
  inFlight: number;
  seed: number;
  log(line: string): void;
  progress(done: number, total: number): void;
}

export interface ChaosResult extends Figures {
  deliveries: number;
  conversations: number;
  /** Answers that said "try again" (503 while DynamoDB was down) and were retried. */
  retried: number;
  /** Deliveries refused with a 4xx, or never taken within the client's patience. */
  unacknowledged: number;
  faults: FaultRecord[];
  seconds: number;
}

/** How long the queues may take to drain once the load and the faults are over. */
const DRAIN_TIMEOUT_MS = 20 * 60_000;

/**
 * Runs `npm start` in its own process with its data in a scratch folder, streams the planned
 * messages at it while DynamoDB Local is killed and restarted and the consumers restarted, waits
 * for the queues to drain, and counts what reached the timelines.
 */
export async function runChaos(options: ChaosOptions): Promise<ChaosResult> {
  const started = Date.now();
  const run = String(Math.floor(Math.random() * 900_000) + 100_000);
  const devToken = randomBytes(18).toString('base64url');
  const dataDir = mkdtempSync(join(tmpdir(), 'onethread-chaos-'));
  const headers = { authorization: `Bearer ${devToken}` };
  options.log('starting the platform (npm start) in its own process');
  const platform = await startChildPlatform({
    ONETHREAD_DEV_TOKEN: devToken,
    ONETHREAD_DATA_DIR: dataDir,
    ONETHREAD_SMTP_PORT: '0',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
    META_APP_SECRET,
  });
  try {
    const plan = planTraffic(options.messages, options.seed);
    const channels = plan.conversations.map((conversation, index) =>
      channelFor(platform.url, run, conversation, index),
    );
    options.log(`opening ${plan.conversations.filter((c) => c.kind === 'chat').length} chat sessions`);
    await pool(channels.length, 16, (i) => (channels[i] as Channel).open());

    const acknowledged = new Set<string>();
    let done = 0;
    let retried = 0;
    let unacknowledged = 0;
    const faults = runFaults(faultSchedule(options.outages, options.consumerRestarts), {
      url: platform.url,
      headers,
      outageSeconds: options.outageSeconds,
      progress: () => done / plan.deliveries,
      log: options.log,
    });
    await pool(plan.conversations.length, options.inFlight, async (i) => {
      const conversation = plan.conversations[i];
      const channel = channels[i] as Channel;
      for (const seq of conversation?.deliveries ?? []) {
        const delivery = await channel.send(seq);
        retried += delivery.retries;
        if (delivery.ok) acknowledged.add(`${conversation?.key}#${seq}`);
        else unacknowledged++;
        options.progress(++done, plan.deliveries);
      }
    });
    const faultRecords = await faults;
    options.log('waiting for the queues to drain');
    await drained(platform.url, headers);
    const lastOutage = Math.max(
      started,
      ...faultRecords.filter((f) => f.kind === 'outage').map((f) => f.endedAt),
    );
    const recoverSeconds = (Date.now() - lastOutage) / 1000;

    options.log('counting what reached the timelines');
    const local = (await (await fetch(`${platform.url}/local/metrics`, { headers })).json()) as {
      dynamodb: { endpoint: string };
      tableName: string;
    };
    const table = createTableClient(local.tableName, localClientConfig(local.dynamodb.endpoint));
    const observed = await observe(
      table,
      run,
      plan.conversations,
      channels,
      acknowledged,
      platform.url,
      headers,
    );
    table.doc.destroy();
    return {
      ...countRun(observed, recoverSeconds),
      deliveries: plan.deliveries,
      conversations: plan.conversations.length,
      retried,
      unacknowledged,
      faults: faultRecords,
      seconds: Math.round((Date.now() - started) / 100) / 10,
    };
  } finally {
    await platform.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

interface QueueDepths {
  ingest: { depth: number };
  routing: { depth: number };
  ingestDeadLetter: { depth: number };
  routingDeadLetter: { depth: number };
  routingTimersDeadLetter: { depth: number };
}

async function queues(url: string, headers: Record<string, string>): Promise<QueueDepths> {
  return (await (await fetch(`${url}/local/queues`, { headers })).json()) as QueueDepths;
}

/** Empty, in flight included, on several looks in a row: a backed-off message is still in flight. */
async function drained(url: string, headers: Record<string, string>): Promise<void> {
  const deadline = Date.now() + DRAIN_TIMEOUT_MS;
  for (let empty = 0; empty < 3 && Date.now() < deadline; ) {
    const depths = await queues(url, headers);
    empty = depths.ingest.depth + depths.routing.depth === 0 ? empty + 1 : 0;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function observe(
  table: TableClient,
  run: string,
  conversations: readonly { key: string }[],
  channels: readonly Channel[],
  acknowledged: ReadonlySet<string>,
  url: string,
  headers: Record<string, string>,
): Promise<Observed> {
  const customers = new CustomersRepo(table, () => new Date());
  const timeline = new TimelineRepo(table);
  const pattern = new RegExp(`^chaos ${run} (c\\d+)#(\\d+):`);
  const timelines = new Map<string, number[]>();
  const conversationIds = new Set<string>();
  await pool(conversations.length, 16, async (i) => {
    const key = conversations[i]?.key as string;
    const customer = await customers.findByIdentity((channels[i] as Channel).identity());
    const seqs: number[] = [];
    for (let cursor: string | undefined, first = true; first || cursor; first = false) {
      const page = await timeline.query(customer ? timelineOwners(customer) : [], { limit: 100, cursor });
      for (const item of page.items) {
        const match = pattern.exec(item.text ?? '');
        if (match?.[1] !== key) continue;
        seqs.push(Number(match[2]));
        if (item.conversationId) conversationIds.add(item.conversationId);
      }
      cursor = page.nextCursor;
    }
    // The timeline reads newest first.
    timelines.set(key, seqs.reverse());
  });
  const depths = await queues(url, headers);
  return {
    acknowledged,
    timelines,
    workItems: await workItemsOf(table, conversationIds),
    deadLettered:
      depths.ingestDeadLetter.depth + depths.routingDeadLetter.depth + depths.routingTimersDeadLetter.depth,
  };
}

async function workItemsOf(
  table: TableClient,
  conversationIds: ReadonlySet<string>,
): Promise<Map<string, number>> {
  const counts = new Map([...conversationIds].map((id) => [id, 0]));
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await table.doc.send(
      new ScanCommand({
        TableName: table.tableName,
        FilterExpression: '#entity = :workItem',
        ExpressionAttributeNames: { '#entity': 'entity' },
        ExpressionAttributeValues: { ':workItem': 'workItem' },
        ProjectionExpression: 'conversationId',
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) {
      const id = String(item.conversationId);
      if (counts.has(id)) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return counts;
}
