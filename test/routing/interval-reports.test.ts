import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import type { Agent } from '#core/model.ts';
import type { RoutingDecision, RoutingEvent } from '#core/routing/index.ts';
import { makeHandler as makeReportsApi } from '#handlers/reports-api.ts';
import { localClientConfig } from '#local/emulators.ts';
import { withRouting } from '#routing/deps.ts';
import { PartitionMap } from '#routing/partitions.ts';
import { createTableClient } from '#store/dynamo.ts';
import { keys } from '#store/table.ts';
import { context, httpEvent } from '../support/events.ts';
import { dynamoEndpoint } from '../support/local-aws.ts';
import { floorItem } from '../support/routing-floor.ts';
import { createRoutingTestStack, type RoutingTestStack } from '../support/routing-stack.ts';

const DAY = '2026-03-02';
const time = (hhmmss: string) => Date.parse(`${DAY}T${hhmmss}.000Z`);
const chatQueue = { queueId: 'chat', name: 'Chat', steps: [{}], serviceLevel: { seconds: 60, target: 0.8 } };
const ana: Agent = {
  agentId: 'ana',
  name: 'Ana',
  skills: {},
  capacity: { chat: 1 },
  status: 'available',
  load: {},
};
const agentClaims = { sub: 'ben' };

/** A floor whose clock the test moves: each step happens at the time it names. */
async function floor(effects: 'inline' | 'stream' = 'inline') {
  let now = time('09:00:00');
  const stack = await createRoutingTestStack({}, {}, { effects }, () => now);
  const at = async (hhmmss: string, events: RoutingEvent[]) => {
    now = time(hhmmss);
    return stack.routing.dispatch(events);
  };
  return { stack, at };
}

/** The work item as ingest stores it before routing hears of it. */
async function stored(stack: RoutingTestStack, n: number, enqueuedAt: number): Promise<RoutingEvent> {
  const item = { ...floorItem(n, enqueuedAt, 'chat'), channel: 'chat' as const };
  await stack.table.doc.send(
    new PutCommand({
      TableName: stack.table.tableName,
      Item: {
        ...keys.workItem(item.workItemId),
        entity: 'workItem',
        ...item,
        state: 'queued',
        routingStep: 0,
      },
    }),
  );
  return { type: 'itemEnqueued', item };
}

const offerIn = (decisions: RoutingDecision[]) =>
  decisions.find((d): d is Extract<RoutingDecision, { type: 'offer' }> => d.type === 'offer')?.offer
    .offerId ?? '';

/**
 * A morning on one chat queue: Ana answers a chat 30 s after it came in and finishes it at 09:20;
 * a second chat gives up after two minutes while she is busy; she goes away at 09:25.
 */
async function morning(stack: RoutingTestStack, at: Awaited<ReturnType<typeof floor>>['at']) {
  await at('09:00:00', [
    { type: 'queueUpserted', queue: chatQueue },
    { type: 'agentUpserted', agent: ana },
  ]);
  const offered = await at('09:05:00', [await stored(stack, 1, time('09:05:00'))]);
  await at('09:05:30', [{ type: 'offerAccepted', offerId: offerIn(offered) }]);
  await at('09:10:00', [await stored(stack, 2, time('09:10:00'))]);
  await at('09:12:00', [{ type: 'itemAbandoned', workItemId: 'wi_2' }]);
  await at('09:20:00', [{ type: 'workCompleted', workItemId: 'wi_1' }]);
  await at('09:25:00', [{ type: 'agentStatusChanged', agentId: 'ana', status: 'away' }]);
}

async function report(stack: RoutingTestStack, query: Record<string, string>) {
  const response = await makeReportsApi(stack)(
    httpEvent('GET /reports/queues', { query, claims: agentClaims }),
    context,
  );
  return { status: response.statusCode, body: JSON.parse(String(response.body)) };
}

const QUARTER_HOURS = {
  queues: [
    {
      start: `${DAY}T09:00:00.000Z`,
      queueId: 'chat',
      channel: 'chat',
      offered: 2,
      answered: 1,
      abandoned: 1,
      answeredWithinTarget: 1,
      serviceLevel: 0.5,
      handleSeconds: 0,
      averageHandleSeconds: null,
      answerWaitSeconds: 30,
      averageSpeedOfAnswerSeconds: 30,
    },
    {
      start: `${DAY}T09:15:00.000Z`,
      queueId: 'chat',
      channel: 'chat',
      offered: 0,
      answered: 0,
      abandoned: 0,
      answeredWithinTarget: 0,
      serviceLevel: null,
      handleSeconds: 870,
      averageHandleSeconds: 870,
      answerWaitSeconds: 0,
      averageSpeedOfAnswerSeconds: null,
    },
  ],
  agents: [
    {
      start: `${DAY}T09:00:00.000Z`,
      agentId: 'ana',
      secondsByStatus: { available: 330, busy: 570 },
      occupancy: 570 / 900,
    },
    {
      start: `${DAY}T09:15:00.000Z`,
      agentId: 'ana',
      secondsByStatus: { available: 300, busy: 300 },
      occupancy: 0.5,
    },
  ],
};

describe('interval reports, from the routing follower', () => {
  it('records each quarter hour of a queue and an agent as the follower carries the entries out', async () => {
    const { stack, at } = await floor();
    await morning(stack, at);
    const { status, body } = await report(stack, {
      from: `${DAY}T09:00:00Z`,
      to: `${DAY}T10:00:00Z`,
      interval: '15m',
    });
    expect(status).toBe(200);
    expect(body).toEqual({
      from: `${DAY}T09:00:00.000Z`,
      to: `${DAY}T10:00:00.000Z`,
      interval: '15m',
      ...QUARTER_HOURS,
    });
  }, 30_000);

  it('sums the quarter hours into the hour, and filters by queue and channel', async () => {
    const { stack, at } = await floor();
    await morning(stack, at);
    const hour = { from: `${DAY}T09:00:00Z`, to: `${DAY}T10:00:00Z`, interval: '1h' };
    const { body } = await report(stack, hour);
    expect(body.queues).toEqual([
      expect.objectContaining({
        start: `${DAY}T09:00:00.000Z`,
        offered: 2,
        handleSeconds: 870,
        serviceLevel: 0.5,
      }),
    ]);
    expect(body.agents).toEqual([
      {
        start: `${DAY}T09:00:00.000Z`,
        agentId: 'ana',
        secondsByStatus: { available: 630, busy: 870 },
        occupancy: 870 / 1500,
      },
    ]);
    expect((await report(stack, { ...hour, queueId: 'other' })).body.queues).toEqual([]);
    expect((await report(stack, { ...hour, channel: 'email' })).body.queues).toEqual([]);
  }, 30_000);

  it('counts every entry once however often a follower carries the log out again', async () => {
    const { stack, at } = await floor('stream');
    await morning(stack, at);
    for (let run = 0; run < 3; run++) {
      // Forget how far followers got, so this one carries out every entry again.
      await stack.table.doc.send(
        new DeleteCommand({
          TableName: stack.table.tableName,
          Key: { pk: keys.routingState(stack.routingPartition).pk, sk: 'APPLIED' },
        }),
      );
      const another = withRouting(
        stack,
        {
          eventsQueueUrl: stack.eventsQueueUrl,
          timerQueueUrl: stack.timerQueueUrl,
          partitions: new PartitionMap(stack.routingPartition),
          engine: {},
        },
        { effects: 'stream' },
      );
      await another.routingFollower.recover();
    }
    const { body } = await report(stack, {
      from: `${DAY}T09:00:00Z`,
      to: `${DAY}T10:00:00Z`,
      interval: '15m',
    });
    expect(body).toMatchObject(QUARTER_HOURS);
  }, 30_000);

  it('still counts an entry whose follower failed between its desk and interval writes', async () => {
    const { stack, at } = await floor('stream');
    await morning(stack, at);
    // The same table, through a connection that drops the interval write of the completion.
    const flaky = createTableClient(stack.table.tableName, localClientConfig(dynamoEndpoint()));
    let dropped = false;
    flaky.doc.middlewareStack.add(
      (next) => async (args) => {
        const values = (args.input as { ExpressionAttributeValues?: Record<string, unknown> })
          .ExpressionAttributeValues;
        if (!dropped && values?.[':handleSeconds'] !== undefined) {
          dropped = true;
          throw new Error('socket hang up');
        }
        return next(args);
      },
      { step: 'initialize' },
    );
    const settings = {
      eventsQueueUrl: stack.eventsQueueUrl,
      timerQueueUrl: stack.timerQueueUrl,
      partitions: new PartitionMap(stack.routingPartition),
      engine: {},
    };
    await expect(
      withRouting({ ...stack, table: flaky }, settings, { effects: 'stream' }).routingFollower.recover(),
    ).rejects.toThrow('socket hang up');
    await withRouting(stack, settings, { effects: 'stream' }).routingFollower.recover();
    const { body } = await report(stack, {
      from: `${DAY}T09:00:00Z`,
      to: `${DAY}T10:00:00Z`,
      interval: '15m',
    });
    expect(body).toMatchObject(QUARTER_HOURS);
  }, 30_000);

  it('refuses a range it cannot answer with a 400 naming the field', async () => {
    const { stack } = await floor();
    const cases: Array<[Record<string, string>, string]> = [
      [{ to: `${DAY}T10:00:00Z`, interval: '1h' }, 'from'],
      [{ from: 'yesterday', to: `${DAY}T10:00:00Z`, interval: '1h' }, 'from'],
      [{ from: `${DAY}T10:00:00Z`, to: `${DAY}T09:00:00Z`, interval: '1h' }, 'to'],
      [{ from: '2026-01-01T00:00:00Z', to: '2026-02-02T00:00:00Z', interval: '1d' }, 'to'],
      [{ from: `${DAY}T09:00:00Z`, to: `${DAY}T10:00:00Z`, interval: '5m' }, 'interval'],
    ];
    for (const [query, field] of cases) {
      const { status, body } = await report(stack, query);
      expect({ status, field: body.error?.field ?? body.field }).toEqual({ status: 400, field });
    }
    const anonymous = await makeReportsApi(stack)(
      httpEvent('GET /reports/queues', {
        query: { from: `${DAY}T09:00:00Z`, to: `${DAY}T10:00:00Z`, interval: '1h' },
      }),
      context,
    );
    expect(anonymous.statusCode).toBe(401);
  }, 30_000);
});
