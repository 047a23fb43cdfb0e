import { beforeAll, describe, expect, it } from 'vitest';
import { makeHandler } from '#handlers/routing-api.ts';
import type { HttpResult } from '#http/response.ts';
import { context, httpEvent, supervisorClaims } from '../support/events.ts';
import { createRoutingTestStack, type RoutingTestStack } from '../support/routing-stack.ts';

const body = (result: HttpResult) => JSON.parse(result.body ?? '{}');
const ana = { sub: 'ana-sub', 'cognito:username': 'ana', 'cognito:groups': 'agents' };

describe('PUT /agents/{agentId}/status with a reason', () => {
  let stack: RoutingTestStack;
  let api: ReturnType<typeof makeHandler>;
  const setStatus = (payload: unknown, claims: Record<string, string> = ana) =>
    api(
      httpEvent('PUT /agents/{agentId}/status', {
        pathParameters: { agentId: 'ana' },
        claims,
        body: payload,
      }),
      context,
    );

  beforeAll(async () => {
    stack = await createRoutingTestStack();
    api = makeHandler(stack);
    await stack.routing.dispatch([
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
  });

  it('sets an agent away for a reason, which supervisors see with the time in state', async () => {
    const result = await setStatus({ status: 'away', reason: 'lunch' });
    expect(result.statusCode).toBe(200);
    expect(body(result)).toEqual({ agentId: 'ana', status: 'away', reason: 'lunch' });
    const floor = body(await api(httpEvent('GET /agents', { claims: supervisorClaims }), context));
    const seen = floor.agents.find((agent: { agentId: string }) => agent.agentId === 'ana');
    expect(seen).toMatchObject({ status: 'away', statusReason: 'lunch' });
    expect(Date.parse(seen.statusSince)).not.toBeNaN();
  });

  it("refuses a reason not on the floor's list with 400 naming reason, and changes nothing", async () => {
    const result = await setStatus({ status: 'away', reason: 'nap' });
    expect(result.statusCode).toBe(400);
    expect(body(result).error.field).toBe('reason');
    const floor = body(await api(httpEvent('GET /agents', { claims: supervisorClaims }), context));
    expect(floor.agents.find((agent: { agentId: string }) => agent.agentId === 'ana').statusReason).toBe(
      'lunch',
    );
  });

  it("tells the agent the floor's away reasons with their own record", async () => {
    const result = await api(
      httpEvent('GET /agents/{agentId}', { pathParameters: { agentId: 'ana' }, claims: ana }),
      context,
    );
    expect(body(result).awayReasons).toEqual(['break', 'lunch', 'training', 'meeting', 'coaching', 'other']);
  });
});
