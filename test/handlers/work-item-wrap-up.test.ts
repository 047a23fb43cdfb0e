import { beforeAll, describe, expect, it } from 'vitest';
import type { WorkItem } from '#core/model.ts';
import { makeHandler as makeIngest } from '#handlers/ingest.ts';
import { makeHandler } from '#handlers/routing-api.ts';
import type { HttpResult } from '#http/response.ts';
import { chatMessage, context, httpEvent, sqsEvent } from '../support/events.ts';
import { createRoutingTestStack, type RoutingTestStack } from '../support/routing-stack.ts';

const body = (result: HttpResult) => JSON.parse(result.body ?? '{}');
const ana = { sub: 'ana-sub', 'cognito:username': 'ana', 'cognito:groups': 'agents' };

describe('POST /work-items/{workItemId}/complete with a disposition', () => {
  let stack: RoutingTestStack;
  let api: ReturnType<typeof makeHandler>;
  let item: WorkItem;
  const complete = (payload: unknown) =>
    api(
      httpEvent('POST /work-items/{workItemId}/complete', {
        pathParameters: { workItemId: item.workItemId },
        body: payload,
        claims: ana,
      }),
      context,
    );

  beforeAll(async () => {
    stack = await createRoutingTestStack();
    api = makeHandler(stack);
    await stack.routing.dispatch([
      {
        type: 'queueUpserted',
        queue: {
          queueId: 'billing',
          name: 'Billing',
          steps: [{ skills: {} }],
          serviceLevel: { seconds: 60, target: 0.8 },
          dispositions: [
            { code: 'resolved', label: 'Resolved' },
            { code: 'refund-issued', label: 'Refund issued' },
          ],
          dispositionRequired: true,
        },
      },
      {
        type: 'agentUpserted',
        agent: {
          agentId: 'ana',
          name: 'Ana',
          skills: {},
          capacity: { chat: 2 },
          status: 'available',
          load: {},
        },
      },
    ]);
    await makeIngest(stack)(
      sqsEvent([chatMessage({ identities: ['email:wrap@example.com'], entryPoint: 'billing' })]),
      context,
    );
    const customer = await stack.customers.findByIdentity('email:wrap@example.com');
    const conversation = await stack.conversations.get(customer?.lastConversationId as string);
    item = (await stack.workItems.get(conversation?.openWorkItemId as string)) as WorkItem;
    await stack.routing.dispatch([{ type: 'itemEnqueued', item }]);
    const offers = body(
      await api(
        httpEvent('GET /agents/{agentId}/offers', { pathParameters: { agentId: 'ana' }, claims: ana }),
        context,
      ),
    );
    await api(
      httpEvent('POST /offers/{offerId}/accept', {
        pathParameters: { offerId: offers[0].offerId },
        claims: ana,
      }),
      context,
    );
  });

  it("shows the queue's dispositions on the agent's work in hand", async () => {
    const work = body(
      await api(
        httpEvent('GET /agents/{agentId}/work-items', { pathParameters: { agentId: 'ana' }, claims: ana }),
        context,
      ),
    );
    expect(work.workItems[0]).toMatchObject({ workItemId: item.workItemId, dispositionRequired: true });
    expect(work.workItems[0].dispositions.map((d: { code: string }) => d.code)).toEqual([
      'resolved',
      'refund-issued',
    ]);
  });

  it('refuses to complete without the required disposition, or with an unknown one, naming disposition, writing nothing', async () => {
    for (const payload of [{ wrapUpNote: 'done' }, { disposition: 'sold' }]) {
      const result = await complete(payload);
      expect(result.statusCode).toBe(400);
      expect(body(result).error.field).toBe('disposition');
    }
    expect((await stack.workItems.get(item.workItemId))?.wrapUp).toBeUndefined();
  });

  it('completes with a disposition and a note, both kept on the item', async () => {
    const result = await complete({ disposition: 'refund-issued', wrapUpNote: 'Refunded the second charge' });
    expect(result.statusCode).toBe(200);
    expect((await stack.workItems.get(item.workItemId))?.wrapUp).toMatchObject({
      disposition: 'refund-issued',
      note: 'Refunded the second charge',
      by: 'ana',
    });
  });
});
