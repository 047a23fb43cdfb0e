import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Agent } from '#core/model.ts';
import { snapshot } from '#core/routing/index.ts';
import { localClientConfig, localSqsConfig, startDynamoLocal, startSqsEmulator } from '#local/emulators.ts';
import { ensureQueueWithDlq, ensureTable } from '#local/provision.ts';
import { EntryEffects } from '#routing/effects.ts';
import { RoutingFollower } from '#routing/follower.ts';
import { RoutingQueues } from '#routing/routing-queue.ts';
import { RoutingService } from '#routing/service.ts';
import { CapacityMeter, createTableClient } from '#store/dynamo.ts';
import { AppliedMarks, RoutingLog } from '#store/routing-log.ts';
import { keys } from '#store/table.ts';
import { progressBar } from './_stats.ts';

export interface StorageFigures {
  assignments: number;
  agents: number;
  writeUnitsPerAssignment: number;
  readUnitsPerAssignment: number;
  stateBytes: number;
}

/**
 * Measures what an assignment costs in DynamoDB as the router stores it: the routing state
 * saved under its version check, the work item's state and routing log, and the timers. Runs
 * against DynamoDB Local and the SQS emulator, counting `ReturnConsumedCapacity`.
 */
export async function measureRoutingStorage(assignments = 200, agentCount = 25): Promise<StorageFigures> {
  const [dynamo, sqsEmulator] = await Promise.all([startDynamoLocal(), startSqsEmulator()]);
  try {
    const ddb = new DynamoDBClient(localClientConfig(dynamo.endpoint));
    const sqs = new SQSClient(localSqsConfig(sqsEmulator.endpoint));
    await ensureTable(ddb, 'bench-routing');
    const timers = await ensureQueueWithDlq(sqs, 'bench-timers', {
      maxReceiveCount: 5,
      visibilityTimeoutSeconds: 30,
    });
    const meter = new CapacityMeter();
    const table = createTableClient('bench-routing', localClientConfig(dynamo.endpoint), meter);
    const queues = new RoutingQueues(sqs, { timers: timers.queueUrl });
    const log = new RoutingLog(table);
    const effects = new EntryEffects(table, queues);
    const follower = new RoutingFollower({ log, effects, applied: new AppliedMarks(table) });
    // The follower carries out each entry as it is appended, as the stream would a moment later.
    const routing = new RoutingService(log, {}, Date.now, (entry) => follower.follow([entry]));
    await routing.dispatch([
      {
        type: 'queueUpserted',
        queue: {
          queueId: 'general',
          name: 'General',
          steps: [{}],
          serviceLevel: { seconds: 60, target: 0.8 },
        },
      },
      ...Array.from({ length: agentCount }, (_, i) => ({ type: 'agentUpserted' as const, agent: agent(i) })),
    ]);
    // The work items exist before routing sees them, as ingest creates them.
    for (let n = 0; n < assignments; n++) {
      await table.doc.send(
        new PutCommand({
          TableName: table.tableName,
          Item: { ...keys.workItem(`wi_${n}`), ...item(n), state: 'queued' },
        }),
      );
    }
    meter.reset();
    const progress = progressBar('routing storage: offer + accept', assignments);
    for (let n = 0; n < assignments; n++) {
      const decisions = await routing.dispatch([{ type: 'itemEnqueued', item: item(n) }]);
      const offer = decisions.find((d) => d.type === 'offer');
      if (offer?.type === 'offer')
        await routing.dispatch([{ type: 'offerAccepted', offerId: offer.offer.offerId }]);
      // Completing keeps the floor at a steady size, as a working contact centre does.
      await routing.dispatch([{ type: 'workCompleted', workItemId: `wi_${n}` }]);
      progress(n + 1);
    }
    const stateBytes = await routing.read((state) => Buffer.byteLength(JSON.stringify(snapshot(state))));
    ddb.destroy();
    sqs.destroy();
    return {
      assignments,
      agents: agentCount,
      writeUnitsPerAssignment: meter.writeUnits / assignments,
      readUnitsPerAssignment: meter.readUnits / assignments,
      stateBytes,
    };
  } finally {
    await Promise.all([dynamo.stop(), sqsEmulator.stop()]);
  }
}

function agent(i: number): Agent {
  return {
    agentId: `agent-${i}`,
    name: `Agent ${i}`,
    skills: {},
    capacity: { chat: 3 },
    status: 'available',
    load: {},
  };
}

function item(n: number) {
  return {
    workItemId: `wi_${n}`,
    conversationId: `conv_${n}`,
    customerId: `cust_${n}`,
    channel: 'chat' as const,
    queueId: 'general',
    priority: 5,
    enqueuedAt: new Date().toISOString(),
  };
}
