import { beforeAll, describe, expect, it } from 'vitest';
import type { WorkItem } from '#core/model.ts';
import { makeHandler as makeIngest } from '#handlers/ingest.ts';
import { makeHandler } from '#handlers/routing-api.ts';
import type { HttpResult } from '#http/response.ts';
import { chatMessage, context, httpEvent, sqsEvent, supervisorClaims } from '../support/events.ts';
import { createRoutingTestStack, type RoutingTestStack } from '../support/routing-stack.ts';

const body = (result: HttpResult) => JSON.parse(result.body ?? '{}');
const ana = { sub: 'ana-sub', 'cognito:username': 'ana', 'cognito:groups': 'agents' };
const queue = (queueId: string, name: string) => ({
  queueId,
  name,
  steps: [{ skills: { [queueId]: 1 } }],
  serviceLevel: { seconds: 60, target: 0.8 },
});

describe('supervisors: the waiting list of a queue, and reassigning', () => {
  let stack: RoutingTestStack;
  let api: ReturnType<typeof makeHandler>;
  const items: WorkItem[] = [];

  const waiting = (queueId: string, query: Record<string, string> = {}, claims = supervisorClaims) =>
    api(httpEvent('GET /queues/{queueId}/waiting', { pathParameters: { queueId }, query, claims }), context);

  beforeAll(async () => {
    stack = await createRoutingTestStack();
    api = makeHandler(stack);
    await stack.routing.dispatch([
      { type: 'queueUpserted', queue: queue('billing', 'Billing') },
      { type: 'queueUpserted', queue: queue('general', 'General') },
    ]);
    const ingest = makeIngest(stack);
    for (const [n, channel] of [
      [1, 'chat'],
      [2, 'email'],
      [3, 'chat'],
    ] as const) {
      const identity = `email:waiting-${n}@example.com`;
      await ingest(
        sqsEvent([chatMessage({ channel, identities: [identity], entryPoint: 'billing' })]),
        context,
      );
      const customer = await stack.customers.findByIdentity(identity);
      const conversation = await stack.conversations.get(customer?.lastConversationId as string);
      const item = (await stack.workItems.get(conversation?.openWorkItemId as string)) as WorkItem;
      items.push(item);
      await stack.routing.dispatch([{ type: 'itemEnqueued', item }]);
    }
  });

  it('lists what waits in service order, with channel, step, priority and how long each has waited', async () => {
    const result = await waiting('billing');
    expect(result.statusCode).toBe(200);
    const listed = body(result);
    expect(listed.queueId).toBe('billing');
    expect(listed.items.map((item: { workItemId: string }) => item.workItemId)).toEqual(
      items.map((item) => item.workItemId),
    );
    expect(listed.items[1]).toMatchObject({
      channel: 'email',
      state: 'queued',
      routingStep: 0,
      priority: items[1]?.priority,
      enqueuedAt: items[1]?.enqueuedAt,
      waitingSeconds: expect.any(Number),
    });
  });

  it('pages through the list with a cursor, and refuses a cursor of another queue naming cursor', async () => {
    const first = body(await waiting('billing', { limit: '2' }));
    expect(first.items).toHaveLength(2);
    const rest = body(await waiting('billing', { limit: '2', cursor: first.cursor }));
    expect(rest.items.map((item: { workItemId: string }) => item.workItemId)).toEqual([items[2]?.workItemId]);
    const wrong = await waiting('general', { cursor: first.cursor });
    expect(wrong.statusCode).toBe(400);
    expect(body(wrong).error.field).toBe('cursor');
  });

  it('moves a waiting item to another queue, which then lists it, keeping its wait', async () => {
    const moved = items[0] as WorkItem;
    const result = await api(
      httpEvent('POST /work-items/{workItemId}/reassign', {
        pathParameters: { workItemId: moved.workItemId },
        body: { queueId: 'general' },
        claims: supervisorClaims,
      }),
      context,
    );
    expect(result.statusCode).toBe(202);
    const general = body(await waiting('general')).items;
    expect(general).toEqual([
      expect.objectContaining({ workItemId: moved.workItemId, enqueuedAt: moved.enqueuedAt }),
    ]);
    const billing = body(await waiting('billing')).items.map(
      (item: { workItemId: string }) => item.workItemId,
    );
    expect(billing).not.toContain(moved.workItemId);
  });

  it('is for supervisors only: an agent gets 403 on the list and on reassigning, and nothing moves', async () => {
    expect((await waiting('billing', {}, ana)).statusCode).toBe(403);
    const refused = await api(
      httpEvent('POST /work-items/{workItemId}/reassign', {
        pathParameters: { workItemId: items[1]?.workItemId as string },
        body: { queueId: 'general' },
        claims: ana,
      }),
      context,
    );
    expect(refused.statusCode).toBe(403);
    expect((await stack.workItems.get(items[1]?.workItemId as string))?.queueId).toBe('billing');
  });

  it('refuses a reassignment without a target with 400, naming the field', async () => {
    const result = await api(
      httpEvent('POST /work-items/{workItemId}/reassign', {
        pathParameters: { workItemId: items[1]?.workItemId as string },
        body: { queue: 'general' },
        claims: supervisorClaims,
      }),
      context,
    );
    expect(result.statusCode).toBe(400);
  });
});
