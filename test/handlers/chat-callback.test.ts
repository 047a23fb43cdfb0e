import { randomUUID } from 'node:crypto';
import { DeleteMessageCommand, type Message, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WaitBoards } from '#channels/chat/queue-status.ts';
import { connectWork } from '#channels/connect/client.ts';
import { callbackClientToken } from '#core/callback-request.ts';
import type { WorkItem } from '#core/model.ts';
import { makeHandler as makeChatApi } from '#handlers/chat-api.ts';
import { makeHandler as makeConnectRequests } from '#handlers/connect-requests.ts';
import { makeHandler as makeIngest } from '#handlers/ingest.ts';
import type { HttpResult } from '#http/response.ts';
import { localSqsConfig } from '#local/emulators.ts';
import { ensureQueueWithDlq } from '#local/provision.ts';
import { PartitionMap } from '#routing/partitions.ts';
import type { ConnectConfig } from '#shared/config.ts';
import { type RecordedRequest, type StandIn, startStandIn } from '../support/channels.ts';
import { CONNECT_CONFIG } from '../support/connect.ts';
import { context, httpEvent, sqsEvent } from '../support/events.ts';
import { sqsEndpoint } from '../support/local-aws.ts';
import { createRoutingTestStack, type RoutingTestStack } from '../support/routing-stack.ts';

const INSTANCE_ID = '7c2a9e14-5b3d-4f86-a1e0-9d8c7b6a5f43';
const CALLBACK_FLOW = 'a1b2c3d4-0000-4000-8000-0000000000f1';
const CALLBACK_QUEUE = 'a1b2c3d4-0000-4000-8000-0000000000q1';
const body = (result: HttpResult) => JSON.parse(result.body ?? '{}');

/** StartOutboundVoiceContact as Connect answers it, after checking the request's shape. */
function connectApi(calls: Array<Record<string, unknown>>) {
  return (request: RecordedRequest) => {
    const sent = JSON.parse(request.body || '{}');
    const signed = String(request.headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256');
    if (
      !signed ||
      request.method !== 'PUT' ||
      request.path !== '/contact/outbound-voice' ||
      sent.InstanceId !== INSTANCE_ID ||
      sent.ContactFlowId !== CALLBACK_FLOW ||
      sent.QueueId !== CALLBACK_QUEUE ||
      !/^\+[1-9]\d{6,14}$/.test(sent.DestinationPhoneNumber ?? '') ||
      !sent.ClientToken
    ) {
      return {
        status: 400,
        body: { message: 'bad request' },
        headers: { 'x-amzn-errortype': 'InvalidRequestException' },
      };
    }
    calls.push(sent);
    return { status: 200, body: { ContactId: randomUUID() } };
  };
}

describe('POST /chat/sessions/{sessionId}/callback', () => {
  let stack: RoutingTestStack;
  let api: StandIn;
  let calls: Array<Record<string, unknown>>;
  let requestsQueueUrl: string;
  let connect: ConnectConfig;

  beforeEach(async () => {
    const sqs = new SQSClient(localSqsConfig(sqsEndpoint()));
    ({ queueUrl: requestsQueueUrl } = await ensureQueueWithDlq(
      sqs,
      `connect-requests-${randomUUID().slice(0, 8)}`,
      { maxReceiveCount: 10, visibilityTimeoutSeconds: 30 },
    ));
    sqs.destroy();
    stack = await createRoutingTestStack({}, { connectHandoff: { requestsQueueUrl } });
    calls = [];
    api = await startStandIn(connectApi(calls));
    connect = {
      ...CONNECT_CONFIG,
      instanceArn: `arn:aws:connect:us-east-1:111122223333:instance/${INSTANCE_ID}`,
      endpoint: api.url,
      requestsQueueUrl,
      requestsPerSecond: 20,
      callbackFlowId: CALLBACK_FLOW,
      callbackQueueId: CALLBACK_QUEUE,
    };
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
  afterEach(() => api.close());

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

  /** Runs the requests consumer over what the Connect requests queue holds. */
  const placeRequests = async () => {
    const messages = await receive(requestsQueueUrl);
    const handler = makeConnectRequests({ sqs: stack.sqs, work: connectWork(connect), config: connect });
    const { batchItemFailures } = await handler(sqsEvent(messages.map((m) => m.Body ?? '')), context);
    expect(batchItemFailures).toEqual([]);
    await Promise.all(
      messages.map((m) =>
        stack.sqs.send(
          new DeleteMessageCommand({ QueueUrl: requestsQueueUrl, ReceiptHandle: m.ReceiptHandle }),
        ),
      ),
    );
    return messages.length;
  };

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
