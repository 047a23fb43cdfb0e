import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { RoutingDecision, RoutingEvent } from '#core/routing/index.ts';
import { makeHandler as makeRoutingEffects } from '#handlers/routing-effects.ts';
import { localClientConfig } from '#local/emulators.ts';
import { startStreamReader } from '#local/stream-reader.ts';
import { withRouting } from '#routing/deps.ts';
import { PartitionMap } from '#routing/partitions.ts';
import { keys } from '#store/table.ts';
import { context } from '../support/events.ts';
import { dynamoEndpoint } from '../support/local-aws.ts';
import { floorAgent, floorItem, T0 } from '../support/routing-floor.ts';
import { createRoutingTestStack, type RoutingTestStack } from '../support/routing-stack.ts';

const CRASH = fileURLToPath(new URL('../support/routing-crash.ts', import.meta.url));
const chatQueue = { queueId: 'chat', name: 'Chat', steps: [{}], serviceLevel: { seconds: 60, target: 0.8 } };

/** The work item as ingest stores it before routing hears of it. */
async function storeItem(stack: RoutingTestStack, n: number): Promise<RoutingEvent> {
  const item = floorItem(n, T0, 'chat');
  await stack.table.doc.send(
    new PutCommand({
      TableName: stack.table.tableName,
      Item: {
        ...keys.workItem(item.workItemId),
        entity: 'workItem',
        ...item,
        state: 'queued',
        routingStep: 0,
        createdFromInteractionId: `int_${n}`,
      },
    }),
  );
  return { type: 'itemEnqueued', item };
}

async function workItem(stack: RoutingTestStack, workItemId: string) {
  const { Item } = await stack.table.doc.send(
    new GetCommand({
      TableName: stack.table.tableName,
      Key: keys.workItem(workItemId),
      ConsistentRead: true,
    }),
  );
  return Item as { state: string; agentId?: string; routingLog: Array<{ type: string }> } | undefined;
}

/** Another process on the same partition, its effects applied as it records them. */
function anotherProcess(stack: RoutingTestStack, effects: 'inline' | 'stream' = 'inline') {
  return withRouting(
    stack,
    {
      eventsQueueUrl: stack.eventsQueueUrl,
      timerQueueUrl: stack.timerQueueUrl,
      partitions: new PartitionMap(stack.routingPartition),
      engine: {},
    },
    { effects },
  );
}

describe('routing effects, from the log', () => {
  it('still happens, once, when the router is killed between appending and applying', async () => {
    const stack = await createRoutingTestStack();
    await stack.routing.dispatch([
      { type: 'queueUpserted', queue: chatQueue },
      { type: 'agentUpserted', agent: floorAgent('ana', 1) },
    ]);
    const enqueue = await storeItem(stack, 1);
    const child = spawn(process.execPath, ['--import', 'tsx', CRASH], {
      env: {
        ...process.env,
        CRASH_DYNAMODB_ENDPOINT: dynamoEndpoint(),
        CRASH_TABLE: stack.table.tableName,
        CRASH_PARTITION: stack.routingPartition,
        CRASH_EVENTS: JSON.stringify([enqueue]),
        CRASH_NOW: String(T0),
      },
      stdio: 'ignore',
    });
    const [, signal] = await once(child, 'exit');
    expect(signal).toBe('SIGKILL');
    expect((await workItem(stack, 'wi_1'))?.state).toBe('queued');

    // The follower that starts next carries out what the log holds beyond its applied mark.
    await anotherProcess(stack).routingFollower.recover();
    const item = await workItem(stack, 'wi_1');
    expect(item).toMatchObject({ state: 'offered', agentId: 'ana' });
    expect(item?.routingLog.filter((entry) => entry.type === 'offer')).toHaveLength(1);
    expect((await stack.agents.desk(stack.routingPartition, 'ana')).offers).toHaveLength(1);

    await anotherProcess(stack).routing.read(() => undefined);
    expect(
      (await workItem(stack, 'wi_1'))?.routingLog.filter((entry) => entry.type === 'offer'),
    ).toHaveLength(1);
  }, 30_000);

  it('carries out entries no follower saw, once however often it starts', async () => {
    const stack = await createRoutingTestStack({}, {}, { effects: 'stream' });
    await stack.routing.dispatch([
      { type: 'queueUpserted', queue: chatQueue },
      { type: 'agentUpserted', agent: floorAgent('ana', 1) },
    ]);
    const decided = await stack.routing.dispatch([await storeItem(stack, 1)]);
    const offer = decided.find((d): d is Extract<RoutingDecision, { type: 'offer' }> => d.type === 'offer');
    await stack.routing.dispatch([{ type: 'offerAccepted', offerId: offer?.offer.offerId ?? '' }]);
    expect((await workItem(stack, 'wi_1'))?.state).toBe('queued');

    for (let run = 0; run < 3; run++) await anotherProcess(stack, 'stream').routingFollower.recover();
    const item = await workItem(stack, 'wi_1');
    expect(item).toMatchObject({ state: 'assigned', agentId: 'ana' });
    expect(item?.routingLog.map((entry) => entry.type)).toEqual(['offer', 'assign']);
    const day = stack.clock.now().toISOString().slice(0, 10);
    const { Item: counts } = await stack.table.doc.send(
      new GetCommand({ TableName: stack.table.tableName, Key: keys.queueStats('chat', day) }),
    );
    expect(counts).toMatchObject({ answered: 1 });
  });

  it('follows the table stream, and reads entries in the shape Lambda delivers them', async () => {
    const stack = await createRoutingTestStack({}, {}, { effects: 'stream' });
    const reader = await startStreamReader({
      dynamo: localClientConfig(dynamoEndpoint()),
      tableName: stack.table.tableName,
      handler: makeRoutingEffects(stack),
      functionName: 'routingEffects',
      idleMs: 5,
    });
    try {
      await stack.routing.dispatch([
        { type: 'queueUpserted', queue: chatQueue },
        { type: 'agentUpserted', agent: floorAgent('ana', 1) },
      ]);
      await stack.routing.dispatch([await storeItem(stack, 1)]);
      await expect
        .poll(async () => (await workItem(stack, 'wi_1'))?.state, { timeout: 5_000 })
        .toBe('offered');
    } finally {
      await reader.stop();
    }

    // Lambda's JSON carries binary attributes as base64: the same entry, applied from that shape.
    const second = anotherProcess(stack, 'stream');
    await second.routingFollower.recover();
    await second.routing.dispatch([await storeItem(stack, 2)]);
    const { Item: entry } = await stack.table.doc.send(
      new GetCommand({
        TableName: stack.table.tableName,
        Key: { pk: keys.routingState(stack.routingPartition).pk, sk: 'LOG#000000000003' },
      }),
    );
    const image = marshall(entry ?? {}) as Record<string, { B?: Uint8Array }>;
    const asJson = JSON.parse(
      JSON.stringify(image, (_key, value) =>
        value instanceof Uint8Array || value?.type === 'Buffer'
          ? Buffer.from(value.data ?? value).toString('base64')
          : value,
      ),
    );
    const event = {
      Records: [{ eventName: 'INSERT', dynamodb: { NewImage: asJson } }],
    } as unknown as DynamoDBStreamEvent;
    expect((await workItem(stack, 'wi_2'))?.state).toBe('queued');
    await makeRoutingEffects(second)(event, context);
    expect(await workItem(stack, 'wi_2')).toMatchObject({ state: 'offered', agentId: 'ana' });
  });
});
