import { type Message, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WaitBoards } from '#channels/chat/queue-status.ts';
import { callbackClientToken } from '#core/callback-request.ts';
import type { WorkItem } from '#core/model.ts';
import { makeHandler as makeChatApi } from '#handlers/chat-api.ts';
import { makeHandler as makeIngest } from '#handlers/ingest.ts';
import type { HttpResult } from '#http/response.ts';
import { PartitionMap } from '#routing/partitions.ts';
import { startCallbackRig } from '../support/connect.ts';
import { context, httpEvent, sqsEvent } from '../support/events.ts';
import { createRoutingTestStack, type RoutingTestStack } from '../support/routing-stack.ts';

const body = (result: HttpResult) => JSON.parse(result.body ?? '{}');

describe('POST /chat/sessions/{sessionId}/callback', () => {
  let stack: RoutingTestStack;
  let rig: Awaited<ReturnType<typeof startCallbackRig>>;
  let calls: Array<Record<string, unknown>>;

  beforeEach(async () => {
    rig = await startCallbackRig();
    calls = rig.calls;
    stack = await createRoutingTestStack({}, { connectHandoff: { requestsQueueUrl: rig.requestsQueueUrl } });
    await stack.routing.dispatch([
      {
        type: 'queueUpserted',
        queue: {
          queueId: 'general',
          name: 'General',
          steps: [{}],
          serviceLevel: { seconds: 60, target: 0.8 },
        },
      },
      {
        type: 'agentUpserted',
        agent: { agentId: 'ana', name: 'Ana', skills: {}, capacity: { chat: 1 }, status: 'away', load: {} },
      },
    ]);
  });
  afterEach(() => rig.close());

  const chat = () =>
    makeChatApi({ ...stack, waitBoards: new WaitBoards(stack, new PartitionMap(stack.routingPartition)) });

  const receive = async (queueUrl: string): Promise<Message[]> => {
    const { Messages = [] } = await stack.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10 }),
    );
    return Messages;
  };

  /** A visitor chats in; their work item waits (the only agent is away). */
  async function waitingVisitor() {
    const api = chat();
    const session = body(await api(httpEvent('POST /chat/sessions', { body: { name: 'Rita' } }), context));
    await api(
      httpEvent('POST /chat/sessions/{sessionId}/messages', {
        pathParameters: { sessionId: session.sessionId },
        token: session.token,
        body: { text: 'I would rather be called', clientMessageId: 'm1' },
      }),
      context,
    );
    const messages = await receive(stack.config.ingestQueueUrl as string);
    await makeIngest(stack)(sqsEvent(messages.map((m) => m.Body ?? '')), context);
    const customer = await stack.customers.get(session.customerId);
    const conversation = await stack.conversations.get(customer?.lastConversationId ?? '');
    const item = (await stack.workItems.get(conversation?.openWorkItemId ?? '')) as WorkItem;
    await stack.routing.dispatch([{ type: 'itemEnqueued', item }]);
    const ask = (payload: unknown, token = session.token as string) =>
      api(
        httpEvent('POST /chat/sessions/{sessionId}/callback', {
          pathParameters: { sessionId: session.sessionId },
          token,
          body: payload,
        }),
        context,
      );
    return { session, item, ask };
  }

  const placeRequests = () => rig.placeRequests(stack);

  it('keeps the place in line and places the call to the given number, in the same conversation, when an agent accepts', async () => {
    const { session, item, ask } = await waitingVisitor();

    const asked = await ask({ phone: '+351 912 345 678' });

    expect(asked.statusCode).toBe(202);
    expect(body(asked)).toMatchObject({ workItemId: item.workItemId, phone: '+351912345678' });
    expect(body(asked).message).toMatch(/^We will call you/);
    const waiting = await stack.workItems.get(item.workItemId);
    expect(waiting).toMatchObject({ state: 'queued', enqueuedAt: item.enqueuedAt });
    expect(waiting?.callback).toMatchObject({ phone: '+351912345678', via: 'chat', trust: 'claimed' });
    // The typed number is dialled for this callback only: it never becomes the customer's.
    const customer = await stack.customers.get(session.customerId);
    expect(customer?.identities).not.toContain('phone:+351912345678');
    expect(await placeRequests()).toBe(0);

    await stack.routing.dispatch([{ type: 'agentStatusChanged', agentId: 'ana', status: 'available' }]);
    const [offer] = await stack.routing.read((state) => [...state.offers.values()].map((o) => o.offer));
    expect(offer?.workItemId).toBe(item.workItemId);
    await stack.routing.dispatch([{ type: 'offerAccepted', offerId: offer?.offerId as string }]);

    expect(await placeRequests()).toBe(1);
    expect(calls).toEqual([
      expect.objectContaining({
        DestinationPhoneNumber: '+351912345678',
        ClientToken: callbackClientToken(item.workItemId),
        Attributes: expect.objectContaining({
          onethreadConversationId: item.conversationId,
          onethreadWorkItemId: item.workItemId,
          onethreadAgentId: 'ana',
          reason: 'callback-request',
        }),
      }),
    ]);
    expect(await stack.workItems.get(item.workItemId)).toMatchObject({
      state: 'assigned',
      enqueuedAt: item.enqueuedAt,
    });
    // Once an agent has the chat there is nothing to wait for.
    expect((await ask({ phone: '+351912345678' })).statusCode).toBe(409);
  });

  it('refuses a bad number, a visitor with no verified number, and more than three requests an hour', async () => {
    const { ask } = await waitingVisitor();

    const bad = await ask({ phone: 'call me maybe' });
    expect(bad.statusCode).toBe(400);
    expect(body(bad).error.message).toContain('phone');
    expect((await ask({ phone: '+351912345678', extra: 1 })).statusCode).toBe(400);
    expect(body(await ask({})).error.code).toBe('no_phone_number');
    expect((await ask({ phone: 'x' }, 'not-the-token')).statusCode).toBe(401);

    for (let request = 0; request < 3; request++)
      expect((await ask({ phone: '+351912345678' })).statusCode).toBe(202);
    const limited = await ask({ phone: '+351912345679' });
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers?.['retry-after'])).toBeGreaterThan(0);
  });
});
