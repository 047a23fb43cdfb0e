import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { RoutableItem } from '#core/routing/index.ts';
import { integerOption, parseCommandLine } from '#local/command-line.ts';
import { type LocalRuntime, startLocalRuntime } from '#local/runtime.ts';
import { keys } from '#store/table.ts';
import { markdownTable } from './sim/markdown.ts';
import { Progress } from './sim/progress.ts';
import { percentile, Samples } from './sim/stats.ts';

/**
 * `npm run bench -- routing-latency [--backlog N] [--samples N] [--json]`: how long a routable
 * item takes to reach an agent on the local platform (`npm start`'s runtime, in this process):
 * from publishing it on the routing queue until its offer is on the agent's desk, as the
 * console reads it, with a backlog of waiting email behind it. The path: routing FIFO queue →
 * router → the partition's log → table stream → follower → work item and desk.
 */
export async function run(args: string[]): Promise<void> {
  const { values } = parseCommandLine(args, {
    usage: 'usage: npm run bench -- routing-latency [--backlog 10000] [--samples 200] [--json]',
    options: { backlog: { type: 'string' }, samples: { type: 'string' }, json: { type: 'boolean' } },
  });
  const backlog = integerOption(values.backlog, 'backlog', 10_000, 0);
  const samples = integerOption(values.samples, 'samples', 200);
  const json = values.json ?? false;
  const runtime = await startLocalRuntime({ port: 0, devToken: 'bench', env: { ONETHREAD_SMTP_PORT: '0' } });
  try {
    const { deps } = runtime;
    const home = deps.partitions.home;
    await seedFloor(deps.routing);
    const filling = new Progress(`building a backlog of ${backlog.toLocaleString('en')}`, backlog);
    for (let start = 0; start < backlog; start += 500) {
      const batch = Array.from({ length: Math.min(500, backlog - start) }, (_, i) => ({
        type: 'itemEnqueued' as const,
        item: { ...item(`backlog-${start + i}`, 'backlog'), channel: 'email' as const },
      }));
      await deps.routing.dispatch(batch);
      filling.update(start + batch.length);
    }
    filling.done();

    const latencies = new Samples();
    const progress = new Progress('routable → offered', samples);
    for (let n = 0; n < samples; n++) {
      const routable = item(`fast-${n}`, 'fast');
      await deps.table.doc.send(
        new PutCommand({
          TableName: deps.table.tableName,
          Item: {
            ...keys.workItem(routable.workItemId),
            entity: 'workItem',
            ...routable,
            state: 'queued',
            routingStep: 0,
            createdFromInteractionId: `int-${n}`,
          },
        }),
      );
      const started = performance.now();
      await deps.routingQueues.publish(
        { type: 'itemEnqueued', item: routable },
        `bench-${n}-${Date.now()}`,
        home,
      );
      const offerId = await offeredOn(deps.agents, home, routable.workItemId);
      latencies.push(performance.now() - started);
      // Free the agent for the next one.
      await deps.routing.dispatch([{ type: 'offerAccepted', offerId }]);
      await deps.routing.dispatch([{ type: 'workCompleted', workItemId: routable.workItemId }]);
      progress.update(n + 1);
    }
    progress.done();
    const values = latencies.values();
    const figures = {
      backlog,
      samples,
      p50Ms: percentile(values, 50),
      p99Ms: percentile(values, 99),
      maxMs: Math.max(...values),
    };
    if (json) console.log(JSON.stringify({ benchmark: 'routing-latency', ...figures }));
    else {
      console.log(
        `Routable → offered on the local platform, ${backlog.toLocaleString('en')} items waiting:\n`,
      );
      console.log(
        markdownTable(
          ['samples', 'p50 ms', 'p99 ms', 'max ms'],
          [[String(samples), figures.p50Ms.toFixed(1), figures.p99Ms.toFixed(1), figures.maxMs.toFixed(1)]],
        ),
      );
    }
  } finally {
    await runtime.stop();
  }
}

/** Polls the agent's desk, as the console would but without its interval, until the offer is there. */
async function offeredOn(
  agents: { desk(partition: string, agentId: string): Promise<{ offers: unknown[] }> },
  partition: string,
  workItemId: string,
): Promise<string> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const { offers } = await agents.desk(partition, 'bench-agent');
    const offer = (offers as Array<{ offerId: string; workItemId: string }>).find(
      (o) => o.workItemId === workItemId,
    );
    if (offer) return offer.offerId;
  }
  throw new Error(`${workItemId} was not offered within 30 s`);
}

function item(workItemId: string, queueId: string): RoutableItem {
  return {
    workItemId,
    conversationId: `conv-${workItemId}`,
    customerId: `cust-${workItemId}`,
    channel: 'chat',
    queueId,
    priority: 5,
    enqueuedAt: new Date().toISOString(),
  };
}

/** A queue of email nobody on the floor may take (it waits, and every decision runs beside it), a fast queue and its agent. */
async function seedFloor(routing: LocalRuntime['deps']['routing']): Promise<void> {
  await routing.dispatch([
    {
      type: 'queueUpserted',
      queue: {
        queueId: 'backlog',
        name: 'Backlog',
        steps: [{ skills: { archive: 5 } }],
        serviceLevel: { seconds: 86_400, target: 0.8 },
      },
    },
    {
      type: 'queueUpserted',
      queue: { queueId: 'fast', name: 'Fast', steps: [{}], serviceLevel: { seconds: 20, target: 0.8 } },
    },
    {
      type: 'agentUpserted',
      agent: {
        agentId: 'bench-agent',
        name: 'Bench',
        skills: {},
        capacity: { chat: 1 },
        status: 'available',
        load: {},
      },
    },
  ]);
}
