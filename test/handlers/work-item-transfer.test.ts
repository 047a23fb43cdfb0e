import { beforeAll, describe, expect, it } from 'vitest';
import type { WorkItem } from '#core/model.ts';
import { makeHandler as makeIngest } from '#handlers/ingest.ts';
import { makeHandler } from '#handlers/routing-api.ts';
import type { HttpResult } from '#http/response.ts';
import { chatMessage, context, httpEvent, sqsEvent } from '../support/events.ts';
import { createRoutingTestStack, type RoutingTestStack } from '../support/routing-stack.ts';

const body = (result: HttpResult) => JSON.parse(result.body ?? '{}');
const claimsOf = (agentId: string) => ({
  sub: `${agentId}-sub`,
  'cognito:username': agentId,
  'cognito:groups': 'agents',
});

describe('POST /work-items/{workItemId}/transfer with a note', () => {
  let stack: RoutingTestStack;
  let api: ReturnType<typeof makeHandler>;
  let item: WorkItem;
  const transfer = (agentId: string, payload: unknown) =>
    api(
      httpEvent('POST /work-items/{workItemId}/transfer', {
        pathParameters: { workItemId: item.workItemId },
        body: payload,
        claims: claimsOf(agentId),
      }),
      context,
    );
  const acceptOffer = async (agentId: string) => {
    const claims = claimsOf(agentId);
    const offers = body(
      await api(httpEvent('GET /agents/{agentId}/offers', { pathParameters: { agentId }, claims }), context),
    );
    await api(
      httpEvent('POST /offers/{offerId}/accept', { pathParameters: { offerId: offers[0].offerId }, claims }),
      context,
    );
  };
  const agent = (agentId: string, skills: Record<string, number>) => ({
    type: 'agentUpserted' as const,
    agent: { agentId, name: agentId, skills, capacity: { chat: 2 }, status: 'available' as const, load: {} },
  });
  const offline = (agentId: string) => ({
    type: 'agentUpserted' as const,
    agent: { ...agent(agentId, {}).agent, status: 'offline' as const },
  });
  const queue = (queueId: string) => ({
    type: 'queueUpserted' as const,
    queue: {
      queueId,
      name: queueId,
      steps: [{ skills: { [queueId]: 1 } }],
      serviceLevel: { seconds: 60, target: 0.8 },
    },
  });

  beforeAll(async () => {
    stack = await createRoutingTestStack();
    api = makeHandler(stack);
    // Only ana works billing; bo takes work by name and cy is offline; nobody works returns.
    await stack.routing.dispatch([
      queue('billing'),
      queue('returns'),
      agent('ana', { billing: 1 }),
      agent('bo', {}),
      offline('cy'),
    ]);
    await makeIngest(stack)(
      sqsEvent([chatMessage({ identities: ['email:transfer@example.com'], entryPoint: 'billing' })]),
      context,
    );
    const customer = await stack.customers.findByIdentity('email:transfer@example.com');
    const conversation = await stack.conversations.get(customer?.lastConversationId as string);
    item = (await stack.workItems.get(conversation?.openWorkItemId as string)) as WorkItem;
    await stack.routing.dispatch([{ type: 'itemEnqueued', item }]);
    await acceptOffer('ana');
  });

  it('refuses a note over 1000 characters, naming note, and transfers nothing', async () => {
    const result = await transfer('ana', { agentId: 'bo', note: 'x'.repeat(1001) });
    expect(result.statusCode).toBe(400);
    expect(body(result).error.field).toBe('note');
    const stored = await stack.workItems.get(item.workItemId);
    expect(stored).toMatchObject({ agentId: 'ana', state: 'assigned' });
    expect(stored?.transferNotes).toBeUndefined();
  });

  it('keeps no note when the engine refuses the transfer (the agent named is offline)', async () => {
    const result = await transfer('ana', { agentId: 'cy', note: 'Over to you' });
    expect(result.statusCode).toBe(409);
    const stored = await stack.workItems.get(item.workItemId);
    expect(stored).toMatchObject({ agentId: 'ana', state: 'assigned' });
    expect(stored?.transferNotes).toBeUndefined();
  });

  it('keeps the note, trimmed, on the item the next agent reads', async () => {
    const result = await transfer('ana', { agentId: 'bo', note: '  Wants the March invoice reissued  ' });
    expect(result.statusCode).toBe(202);
    await acceptOffer('bo');
    const read = body(
      await api(
        httpEvent('GET /work-items/{workItemId}', {
          pathParameters: { workItemId: item.workItemId },
          claims: claimsOf('bo'),
        }),
        context,
      ),
    );
    expect(read.workItem).toMatchObject({ agentId: 'bo' });
    expect(read.workItem.transferNotes).toEqual([
      { note: 'Wants the March invoice reissued', by: 'ana', at: expect.any(String), to: { agentId: 'bo' } },
    ]);
  });

  it('appends a later note after the earlier ones', async () => {
    const result = await transfer('bo', { queueId: 'returns', note: 'Returns label too' });
    expect(result.statusCode).toBe(202);
    const stored = await stack.workItems.get(item.workItemId);
    expect(stored?.transferNotes?.map((entry) => [entry.by, entry.note, entry.to])).toEqual([
      ['ana', 'Wants the March invoice reissued', { agentId: 'bo' }],
      ['bo', 'Returns label too', { queueId: 'returns' }],
    ]);
  });
});
