import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import type { Agent } from '#core/model.ts';
import type { RoutableItem } from '#core/routing/index.ts';
import { makeHandler as makeRoutingApi } from '#handlers/routing-api.ts';
import { makeHandler as makeTimers } from '#handlers/routing-timers.ts';
import { SWEEP_MESSAGE } from '#routing/routing-queue.ts';
import { keys } from '#store/table.ts';
import { context, httpEvent, sqsEvent, supervisorClaims } from '../support/events.ts';
import { createRoutingTestStack, type RoutingTestStack } from '../support/routing-stack.ts';

const agent = (agentId: string, billing: number, chat = 3): Agent => ({
  agentId,
  name: agentId,
  skills: { billing },
  capacity: { chat },
  status: 'available',
  load: {},
});

const item = (n: number, queueId = 'billing'): RoutableItem => ({
  workItemId: `wi_${n}`,
  conversationId: `conv_${n}`,
  customerId: `cust_${n}`,
  channel: 'chat',
  queueId,
  priority: 5,
  enqueuedAt: new Date().toISOString(),
});

const billingQueue = {
  queueId: 'billing',
  name: 'Billing',
  steps: [{ skills: { billing: 4 }, seconds: 1 }, { skills: { billing: 1 } }],
  serviceLevel: { seconds: 60, target: 0.8 },
};

/** Waits for the timer queue to release its message, then hands it to the timers handler. */
async function deliverNextTimer(stack: RoutingTestStack): Promise<void> {
  const { Messages = [] } = await stack.sqs.send(
    new ReceiveMessageCommand({ QueueUrl: stack.timerQueueUrl, WaitTimeSeconds: 5, MaxNumberOfMessages: 10 }),
  );
  if (!Messages.length) throw new Error('no timer came due');
  await makeTimers(stack)(sqsEvent(Messages.map((m) => m.Body ?? '')), context);
}

describe('routing against DynamoDB and SQS', () => {
  it('escalates a billing chat to a level-2 agent only after the strict step expires', async () => {
    const stack = await createRoutingTestStack();
    await stack.routing.dispatch([
      { type: 'queueUpserted', queue: billingQueue },
      { type: 'agentUpserted', agent: agent('ben', 2) },
    ]);
    const first = await stack.routing.dispatch([{ type: 'itemEnqueued', item: item(1) }]);
    expect(first.map((d) => d.type)).not.toContain('offer');
    expect(first.map((d) => d.type)).toContain('timer');

    await deliverNextTimer(stack);
    const offers = await stack.routing.read((state) => [...state.offers.values()].map((o) => o.offer));
    expect(offers).toHaveLength(1);
    expect(offers[0]).toMatchObject({ workItemId: 'wi_1', agentId: 'ben' });
  });

  it('catches up on a lost step timer when the sweep comes through the timer queue', async () => {
    const stack = await createRoutingTestStack();
    await stack.routing.dispatch([
      { type: 'queueUpserted', queue: billingQueue },
      { type: 'agentUpserted', agent: agent('ben', 2) },
    ]);
    await stack.routing.dispatch([{ type: 'itemEnqueued', item: item(1) }]);
    // The step timer is lost: taken off the queue and never handled.
    const { Messages = [] } = await stack.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: stack.timerQueueUrl,
        WaitTimeSeconds: 5,
        MaxNumberOfMessages: 10,
      }),
    );
    expect(Messages).toHaveLength(1);
    await new Promise((done) => setTimeout(done, 1_100));

    await makeTimers(stack)(sqsEvent([JSON.stringify(SWEEP_MESSAGE)]), context);
    const offers = await stack.routing.read((state) => [...state.offers.values()].map((o) => o.offer));
    expect(offers).toMatchObject([{ workItemId: 'wi_1', agentId: 'ben' }]);
  });

  it('touches no agent or work item when a sweep finds nothing to do', async () => {
    const stack = await createRoutingTestStack();
    await stack.routing.dispatch([
      { type: 'queueUpserted', queue: billingQueue },
      { type: 'agentUpserted', agent: agent('ana', 5) },
    ]);
    const desk = () =>
      stack.table.doc.send(
        new GetCommand({
          TableName: stack.table.tableName,
          Key: keys.agentDesk(stack.routingPartition, 'ana'),
        }),
      );
    expect((await desk()).Item?.routingVersion).toBe(1);
    expect(await stack.routing.dispatch([{ type: 'sweep' }])).toEqual([]);
    expect((await desk()).Item?.routingVersion).toBe(1);
  });

  it('never lets two racing routers overfill an agent or offer one item twice', async () => {
    const stack = await createRoutingTestStack();
    await stack.routing.dispatch([
      { type: 'queueUpserted', queue: { ...billingQueue, steps: [{ skills: { billing: 1 } }] } },
      { type: 'agentUpserted', agent: agent('ana', 5, 3) },
    ]);
    const items = Array.from({ length: 6 }, (_, n) => item(n));
    await Promise.all(items.map((i) => stack.routing.dispatch([{ type: 'itemEnqueued', item: i }])));
    await Promise.all(items.map((i) => stack.routing.dispatch([{ type: 'itemEnqueued', item: i }])));

    const offers = await stack.routing.read((state) => [...state.offers.values()].map((o) => o.offer));
    expect(offers).toHaveLength(3);
    expect(new Set(offers.map((o) => o.workItemId)).size).toBe(3);
  });

  it('refuses a queue delivered by Amazon Connect where no Connect is configured, and keeps nothing', async () => {
    const stack = await createRoutingTestStack();
    const result = await makeRoutingApi(stack)(
      httpEvent('PUT /queues/{queueId}', {
        claims: supervisorClaims,
        pathParameters: { queueId: 'tasks' },
        body: { ...billingQueue, delivery: { mode: 'connect', connectQueueId: 'q-1' } },
      }),
      context,
    );
    expect(result.statusCode).toBe(409);
    expect(JSON.parse(result.body ?? '{}').error).toMatchObject({ code: 'connect_not_configured' });
    expect(await stack.routing.read((state) => state.queues.has('tasks'))).toBe(false);
  });

  it('lets an agent accept over HTTP and explains the offer on the work item', async () => {
    const stack = await createRoutingTestStack();
    const api = makeRoutingApi(stack);
    const call = (routeKey: string, options: Parameters<typeof httpEvent>[1]) =>
      api(httpEvent(routeKey, { claims: supervisorClaims, ...options }), context);

    expect(
      (await call('PUT /queues/{queueId}', { pathParameters: { queueId: 'billing' }, body: billingQueue }))
        .statusCode,
    ).toBe(200);
    const put = await call('PUT /agents/{agentId}', {
      pathParameters: { agentId: 'ana' },
      body: { name: 'Ana', skills: { billing: 5 }, capacity: { chat: 2 }, status: 'available' },
    });
    expect(put.statusCode).toBe(200);
    const floor = JSON.parse((await call('GET /agents', {})).body ?? '{}').agents;
    expect(floor).toEqual([
      expect.objectContaining({ agentId: 'ana', status: 'available', skills: { billing: 5 } }),
    ]);
    // Ingest stores the work item before routing hears of it.
    await stack.table.doc.send(
      new PutCommand({
        TableName: stack.table.tableName,
        Item: {
          ...keys.workItem('wi_7'),
          entity: 'workItem',
          ...item(7),
          state: 'queued',
          routingStep: 0,
          createdFromInteractionId: 'int_7',
        },
      }),
    );
    await stack.routing.dispatch([{ type: 'itemEnqueued', item: item(7) }]);

    const offers = JSON.parse(
      (await call('GET /agents/{agentId}/offers', { pathParameters: { agentId: 'ana' } })).body ?? '[]',
    );
    expect(offers).toEqual([
      expect.objectContaining({ workItemId: 'wi_7', queueId: 'billing', channel: 'chat' }),
    ]);

    const asAna = { claims: { sub: 'ana-sub', 'cognito:username': 'ana', 'cognito:groups': 'agents' } };
    const accept = await api(
      httpEvent('POST /offers/{offerId}/accept', {
        pathParameters: { offerId: offers[0].offerId },
        ...asAna,
      }),
      context,
    );
    expect(accept.statusCode).toBe(200);
    const again = await api(
      httpEvent('POST /offers/{offerId}/accept', {
        pathParameters: { offerId: offers[0].offerId },
        ...asAna,
      }),
      context,
    );
    expect(again.statusCode).toBeGreaterThanOrEqual(400);

    const view = await call('GET /work-items/{workItemId}', { pathParameters: { workItemId: 'wi_7' } });
    expect(JSON.parse(view.body ?? '{}').workItem).toMatchObject({ state: 'assigned', agentId: 'ana' });

    const done = await call('POST /work-items/{workItemId}/complete', {
      pathParameters: { workItemId: 'wi_7' },
      body: { wrapUpNote: 'Refund issued.' },
    });
    expect(done.statusCode).toBe(200);

    const queues = JSON.parse((await call('GET /queues', {})).body ?? '{}').queues;
    expect(queues.find((q: { queueId: string }) => q.queueId === 'billing')).toMatchObject({
      answeredToday: 1,
      serviceLevelToday: 1,
    });
  });

  it('shows an agent available once they say so, though nothing waits for them', async () => {
    const stack = await createRoutingTestStack();
    await stack.routing.dispatch([
      { type: 'agentUpserted', agent: { ...agent('ana', 5), status: 'offline' } },
    ]);
    const status = await makeRoutingApi(stack)(
      httpEvent('PUT /agents/{agentId}/status', {
        claims: supervisorClaims,
        pathParameters: { agentId: 'ana' },
        body: { status: 'available' },
      }),
      context,
    );
    expect(status.statusCode).toBe(200);
    const view = await makeRoutingApi(stack)(
      httpEvent('GET /agents/{agentId}', { claims: supervisorClaims, pathParameters: { agentId: 'ana' } }),
      context,
    );
    expect(JSON.parse(view.body ?? '{}').agent).toMatchObject({ status: 'available' });
  });

  it('keeps agents from acting for each other', async () => {
    const stack = await createRoutingTestStack();
    const api = makeRoutingApi(stack);
    const result = await api(
      httpEvent('PUT /agents/{agentId}/status', {
        pathParameters: { agentId: 'ana' },
        body: { status: 'available' },
        claims: { sub: 'x', 'cognito:username': 'ben', 'cognito:groups': 'agents' },
      }),
      context,
    );
    expect(result.statusCode).toBe(403);
  });
});
