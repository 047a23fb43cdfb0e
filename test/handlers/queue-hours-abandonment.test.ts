import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import type { RoutableItem } from '#core/routing/index.ts';
import { makeHandler as makeRoutingApi } from '#handlers/routing-api.ts';
import { QueueHoursRepo } from '#store/queue-hours-repo.ts';
import { keys } from '#store/table.ts';
import { context, httpEvent, supervisorClaims } from '../support/events.ts';
import { createRoutingTestStack, type RoutingTestStack } from '../support/routing-stack.ts';

const lisbonWeekdays = {
  timeZone: 'Europe/Lisbon',
  weekly: ['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => ({ day, open: '09:00', close: '17:00' })),
  holidays: [{ date: '2026-12-25', name: 'Christmas' }],
};

function caller(stack: RoutingTestStack) {
  const api = makeRoutingApi(stack);
  return (routeKey: string, options: Parameters<typeof httpEvent>[1] = {}) =>
    api(httpEvent(routeKey, { claims: supervisorClaims, ...options }), context);
}

async function storeItem(stack: RoutingTestStack, item: RoutableItem): Promise<void> {
  await stack.table.doc.send(
    new PutCommand({
      TableName: stack.table.tableName,
      Item: {
        ...keys.workItem(item.workItemId),
        entity: 'workItem',
        ...item,
        state: 'queued',
        routingStep: 0,
        createdFromInteractionId: `int-${item.workItemId}`,
      },
    }),
  );
}

describe('queues with hours, and abandonment, through the routing API', () => {
  it('takes hours on PUT /queues, keeps them for the edges, and refuses bad ones naming the field', async () => {
    const stack = await createRoutingTestStack();
    const call = caller(stack);
    const queueId = `support-${randomUUID().slice(0, 8)}`;
    const body = {
      name: 'Support',
      steps: [{ skills: {} }],
      serviceLevel: { seconds: 60, target: 0.8 },
      hours: lisbonWeekdays,
    };
    const put = await call('PUT /queues/{queueId}', { pathParameters: { queueId }, body });
    expect(put.statusCode).toBe(200);
    const repo = new QueueHoursRepo(stack.table);
    // Christmas Day 2026 is a Friday: closed, and next open on Monday the 28th at 09:00 (UTC+0).
    expect(await repo.opening(queueId, Date.parse('2026-12-25T10:00:00Z'))).toEqual({
      open: false,
      nextOpening: '2026-12-28T09:00:00.000Z',
    });
    expect(await repo.opening(queueId, Date.parse('2026-12-28T10:00:00Z'))).toEqual({ open: true });

    const badZone = await call('PUT /queues/{queueId}', {
      pathParameters: { queueId },
      body: { ...body, hours: { ...lisbonWeekdays, timeZone: 'Europe/Nowhere' } },
    });
    expect(badZone.statusCode).toBe(400);
    expect(badZone.body).toContain('hours.timeZone');
    const badTime = await call('PUT /queues/{queueId}', {
      pathParameters: { queueId },
      body: {
        ...body,
        hours: { ...lisbonWeekdays, weekly: [{ day: 'mon', open: '25:00', close: '13:00' }] },
      },
    });
    expect(badTime.statusCode).toBe(400);
    expect(badTime.body).toContain('hours.weekly.0.open');
    const noHours = await call('PUT /queues/{queueId}', {
      pathParameters: { queueId },
      body: { ...body, hours: undefined, closedOverflowQueueId: 'general' },
    });
    expect(noHours.statusCode).toBe(400);
    expect(noHours.body).toContain('closedOverflowQueueId');
    // The refused bodies left the hours as they were.
    expect((await repo.get(queueId))?.timeZone).toBe('Europe/Lisbon');
  });

  it('closes an abandoned item as abandoned and counts it against the service level', async () => {
    const stack = await createRoutingTestStack();
    const call = caller(stack);
    const queueId = `billing-${randomUUID().slice(0, 8)}`;
    const put = await call('PUT /queues/{queueId}', {
      pathParameters: { queueId },
      body: { name: 'Billing', steps: [{ skills: {} }], serviceLevel: { seconds: 60, target: 0.8 } },
    });
    expect(put.statusCode).toBe(200);
    await call('PUT /agents/{agentId}', {
      pathParameters: { agentId: 'ana' },
      body: { name: 'Ana', skills: {}, capacity: { chat: 1 }, status: 'available' },
    });
    const item = (n: number): RoutableItem => ({
      workItemId: `wi-${queueId}-${n}`,
      conversationId: `conv-${queueId}-${n}`,
      customerId: `cust-${n}`,
      channel: 'chat',
      queueId,
      priority: 5,
      enqueuedAt: new Date().toISOString(),
    });
    await storeItem(stack, item(1));
    await storeItem(stack, item(2));
    const [offer] = (await stack.routing.dispatch([{ type: 'itemEnqueued', item: item(1) }])).flatMap((d) =>
      d.type === 'offer' ? [d.offer] : [],
    );
    await stack.routing.dispatch([{ type: 'offerAccepted', offerId: offer?.offerId ?? '' }]);
    await stack.routing.dispatch([{ type: 'itemEnqueued', item: item(2) }]);
    await stack.routing.dispatch([{ type: 'itemAbandoned', workItemId: item(2).workItemId }]);

    const view = await call('GET /work-items/{workItemId}', {
      pathParameters: { workItemId: item(2).workItemId },
    });
    expect(JSON.parse(view.body ?? '{}').workItem).toMatchObject({ state: 'abandoned' });
    const queues = JSON.parse((await call('GET /queues', {})).body ?? '{}').queues;
    expect(queues.find((q: { queueId: string }) => q.queueId === queueId)).toMatchObject({
      answeredToday: 1,
      abandonedToday: 1,
      serviceLevelToday: 0.5,
    });
  });
});
