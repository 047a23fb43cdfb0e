import { beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from '#core/model.ts';
import type { RoutableItem } from '#core/routing/index.ts';
import { makeHandler } from '#handlers/routing-api.ts';
import type { HttpResult } from '#http/response.ts';
import { context, httpEvent, supervisorClaims } from '../support/events.ts';
import { createRoutingTestStack, type RoutingTestStack } from '../support/routing-stack.ts';

const body = (result: HttpResult) => JSON.parse(result.body ?? '{}');
const claimsOf = (agentId: string) => ({
  sub: `${agentId}-sub`,
  'cognito:username': agentId,
  'cognito:groups': 'agents',
});

const agent = (agentId: string, status: Agent['status']): Agent => ({
  agentId,
  name: agentId,
  skills: { billing: 3 },
  capacity: { chat: 3 },
  status,
  load: {},
});

const item = (n: number): RoutableItem => ({
  workItemId: `wi_${n}`,
  conversationId: `conv_${n}`,
  customerId: `cust_${n}`,
  channel: 'chat',
  queueId: 'billing',
  priority: 5,
  enqueuedAt: new Date(Date.UTC(2026, 4, 1, 9, 0, n)).toISOString(),
});

describe('GET /agents/{agentId}/work-items', () => {
  let stack: RoutingTestStack;
  let api: ReturnType<typeof makeHandler>;

  const list = (agentId: string, claims: Record<string, string>) =>
    api(httpEvent('GET /agents/{agentId}/work-items', { pathParameters: { agentId }, claims }), context);
  const as = (agentId: string, routeKey: string, pathParameters: Record<string, string>) =>
    api(httpEvent(routeKey, { pathParameters, claims: claimsOf(agentId) }), context);

  beforeAll(async () => {
    stack = await createRoutingTestStack();
    api = makeHandler(stack);
    await stack.routing.dispatch([
      {
        type: 'queueUpserted',
        queue: {
          queueId: 'billing',
          name: 'Billing',
          steps: [{ skills: { billing: 1 } }],
          serviceLevel: { seconds: 60, target: 0.8 },
        },
      },
      { type: 'agentUpserted', agent: agent('ana', 'available') },
      { type: 'agentUpserted', agent: agent('ben', 'offline') },
    ]);
    await stack.routing.dispatch([{ type: 'itemEnqueued', item: item(2) }]);
    await stack.routing.dispatch([{ type: 'itemEnqueued', item: item(1) }]);
    const offers = body(await as('ana', 'GET /agents/{agentId}/offers', { agentId: 'ana' }));
    const first = offers.find((offer: { workItemId: string }) => offer.workItemId === 'wi_1');
    expect((await as('ana', 'POST /offers/{offerId}/accept', { offerId: first.offerId })).statusCode).toBe(
      200,
    );
  });

  it('lists what is offered and assigned to the agent, longest-waiting customer first', async () => {
    const result = await list('ana', claimsOf('ana'));
    expect(result.statusCode).toBe(200);
    expect(body(result).workItems).toEqual([
      {
        workItemId: 'wi_1',
        conversationId: 'conv_1',
        customerId: 'cust_1',
        channel: 'chat',
        queueId: 'billing',
        state: 'assigned',
        enqueuedAt: '2026-05-01T09:00:01.000Z',
      },
      expect.objectContaining({
        workItemId: 'wi_2',
        state: 'offered',
        offerId: expect.any(String),
        enqueuedAt: '2026-05-01T09:00:02.000Z',
      }),
    ]);
  });

  it("keeps an agent out of another agent's list, and lets a supervisor read anyone's", async () => {
    const other = await list('ana', claimsOf('ben'));
    expect(other.statusCode).toBe(403);
    expect(body(await list('ben', claimsOf('ben'))).workItems).toEqual([]);
    const supervisor = await list('ana', supervisorClaims);
    expect(supervisor.statusCode).toBe(200);
    expect(body(supervisor).workItems.map((w: { workItemId: string }) => w.workItemId)).toEqual([
      'wi_1',
      'wi_2',
    ]);
    expect(
      (
        await api(
          httpEvent('GET /agents/{agentId}/work-items', { pathParameters: { agentId: 'ana' } }),
          context,
        )
      ).statusCode,
    ).toBe(401);
  });

  it('drops items once completed or handed back', async () => {
    const done = await as('ana', 'POST /work-items/{workItemId}/complete', { workItemId: 'wi_1' });
    expect(done.statusCode).toBe(200);
    const [offered] = body(await list('ana', claimsOf('ana'))).workItems;
    expect(offered).toMatchObject({ workItemId: 'wi_2', state: 'offered' });

    expect((await as('ana', 'POST /offers/{offerId}/decline', { offerId: offered.offerId })).statusCode).toBe(
      200,
    );
    expect(body(await list('ana', claimsOf('ana'))).workItems).toEqual([]);
  });
});
