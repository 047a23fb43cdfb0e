import { ConnectClient } from '@aws-sdk/client-connect';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectConfig } from '#channels/connect/config.ts';
import { SIMULATED_INSTANCE_ARN, simulatedWebCall } from '#channels/connect/simulate.ts';
import { webCallStarterFrom } from '#channels/connect/web-call-client.ts';
import { callInteractionId } from '#core/calls.ts';
import { WEB_CALL_LIMITS } from '#core/web-calls.ts';
import { makeHandler as makeChatApi } from '#handlers/chat-api.ts';
import { makeHandler as makeConnectEvents } from '#handlers/connect-events.ts';
import { makeHandler as makeFlow } from '#handlers/connect-flow.ts';
import { makeHandler as makeIngest } from '#handlers/ingest.ts';
import { makeHandler } from '#handlers/web-calls.ts';
import type { HttpResult } from '#http/response.ts';
import { type LocalConnectApi, startLocalConnectApi } from '#local/connect-api.ts';
import { LOCAL_AWS } from '#local/emulators.ts';
import { WebCallsRepo } from '#store/web-calls-repo.ts';
import { CONNECT_CONFIG } from '../support/connect.ts';
import { context, httpEvent, sqsEvent } from '../support/events.ts';
import { createTestStack, type TestStack } from '../support/local-aws.ts';

const CALLS = 'POST /chat/sessions/{sessionId}/calls';
const WEB_CALL_FLOW = '5b1d3f7a-9c2e-4a68-b0d4-e6f8a1c3b5d7';
const INSTANCE_ID = SIMULATED_INSTANCE_ARN.split('/').at(-1);
const body = (result: HttpResult) => JSON.parse(result.body ?? '{}');

describe('in-app and web calls', () => {
  let stack: TestStack;
  let connectApi: LocalConnectApi;
  let connect: ConnectConfig;
  let now: Date;
  let calls: ReturnType<typeof makeHandler>;
  beforeEach(async () => {
    stack = await createTestStack();
    connectApi = await startLocalConnectApi();
    connect = {
      ...CONNECT_CONFIG,
      instanceArn: SIMULATED_INSTANCE_ARN,
      endpoint: connectApi.endpoint,
      webCallFlowId: WEB_CALL_FLOW,
    };
    now = new Date();
    calls = handlerWith(connect);
  });
  afterEach(() => connectApi.stop());

  function handlerWith(config: ConnectConfig) {
    const client = new ConnectClient({ ...LOCAL_AWS, endpoint: connectApi.endpoint, maxAttempts: 1 });
    return makeHandler({
      ...stack,
      clock: { now: () => now },
      webCalls: new WebCallsRepo(stack.table),
      starter: webCallStarterFrom(config, client),
    });
  }

  async function openSession() {
    const result = await makeChatApi(stack)(
      httpEvent('POST /chat/sessions', { body: { name: 'Ana', email: 'ana@example.com' } }),
      context,
    );
    return body(result) as { sessionId: string; token: string; customerId: string };
  }

  function askForCall(session: { sessionId: string; token?: string }, payload: object = {}) {
    return calls(
      httpEvent(CALLS, {
        pathParameters: { sessionId: session.sessionId },
        token: session.token,
        body: payload,
      }),
      context,
    );
  }

  /** Moves whatever was enqueued through the ingest handler, as the event source would. */
  async function drainIngest(): Promise<void> {
    const ingest = makeIngest(stack);
    for (;;) {
      const { Messages = [] } = await stack.sqs.send(
        new ReceiveMessageCommand({ QueueUrl: stack.config.ingestQueueUrl, MaxNumberOfMessages: 10 }),
      );
      if (!Messages.length) return;
      const result = await ingest(sqsEvent(Messages.map((m) => m.Body ?? '')), context);
      expect(result.batchItemFailures).toEqual([]);
    }
  }

  /** Connect's side of the call: the flow's lookup, then the contact events, all ingested. */
  async function playCall(contactId: string) {
    const contact = connectApi.contacts().find((known) => known.contactId === contactId);
    const call = simulatedWebCall(contactId, contact?.attributes ?? {}, { start: now });
    const answer = await makeFlow(stack, connect)(call.flowEvent, context);
    const events = makeConnectEvents(stack, connect);
    for (const event of call.contactEvents) expect(await events(event, context)).toEqual({ enqueued: true });
    await drainIngest();
    return answer;
  }

  /** The visitor writes first: the session has a conversation. */
  async function chatFirst(session: { sessionId: string; token: string; customerId: string }) {
    await makeChatApi(stack)(
      httpEvent('POST /chat/sessions/{sessionId}/messages', {
        pathParameters: { sessionId: session.sessionId },
        token: session.token,
        body: { text: 'Can we talk?', clientMessageId: 'm1' },
      }),
      context,
    );
    await drainIngest();
    const conversationId = (await stack.customers.get(session.customerId))?.lastConversationId;
    expect(conversationId).toBeDefined();
    return conversationId;
  }

  it('asks Connect for a web call with the session, its identity and conversation, once per request', async () => {
    const session = await openSession();
    const conversationId = await chatFirst(session);

    const first = await askForCall(session, { video: true, requestId: 'tap-1' });
    expect(first.statusCode).toBe(201);
    const answer = body(first);
    expect(answer).toMatchObject({
      contactId: expect.any(String),
      participantToken: expect.any(String),
      media: 'video',
      connectionData: {
        Attendee: { AttendeeId: expect.any(String), JoinToken: expect.any(String) },
        Meeting: { MeetingId: expect.any(String), MediaPlacement: { AudioHostUrl: expect.any(String) } },
      },
    });
    const retry = await askForCall(session, { video: true, requestId: 'tap-1' });
    expect(retry.statusCode).toBe(201);
    expect(body(retry).contactId).toBe(answer.contactId);
    expect(body(retry).connectionData).toEqual(answer.connectionData);

    const started = connectApi.contacts();
    expect(started).toHaveLength(1);
    expect(started[0]).toMatchObject({
      contactId: answer.contactId,
      operation: 'StartWebRTCContact',
      displayName: 'Ana',
      allowedCapabilities: { Customer: { Video: 'SEND' }, Agent: { Video: 'SEND' } },
      attributes: {
        onethreadCustomerId: session.customerId,
        onethreadConversationId: conversationId,
        onethreadSessionId: session.sessionId,
        onethreadIdentity: `chat:${session.sessionId}`,
        onethreadMedia: 'video',
      },
    });
  });

  it("puts the call on the session customer's timeline, in the session's conversation, with the verified identity", async () => {
    const session = await openSession();
    const conversationId = await chatFirst(session);
    const started = body(await askForCall(session, { displayName: 'Ana on the app' }));
    const answer = await playCall(started.contactId);
    expect(answer).toMatchObject({ customerId: session.customerId, lookupStatus: 'ok' });

    const interaction = await stack.timeline.get(callInteractionId(started.contactId));
    expect(interaction).toMatchObject({
      customerId: session.customerId,
      conversationId,
      channel: 'voice',
      direction: 'inbound',
      text: 'Call from the app or web',
      call: { state: 'ended', media: 'audio', initiationMethod: 'WEBRTC_API', agentId: 'agent-ana' },
    });
    expect(interaction?.call?.customerNumber).toBeUndefined();
    expect(answer.openConversationId).toBe(conversationId);
    const customer = await stack.customers.get(session.customerId);
    expect(customer?.evidence[`chat:${session.sessionId}`]).toBeDefined();
    expect(customer?.identities).toContain(`chat:${session.sessionId}`);
    expect(customer?.identities.some((identity) => identity.startsWith('phone:'))).toBe(false);
    expect(connectApi.contacts()[0]?.displayName).toBe('Ana on the app');
  });

  it('trusts only its own record: a flow event whose attributes name another identity is anonymous', async () => {
    const session = await openSession();
    const started = body(await askForCall(session));
    const contact = connectApi.contacts()[0];
    const forged = simulatedWebCall(started.contactId, {
      ...contact?.attributes,
      onethreadIdentity: 'email:someone-else@example.com',
    });
    const answer = await makeFlow(stack, connect)(forged.flowEvent, context);
    expect(answer).toMatchObject({ customerId: '', lookupStatus: 'anonymous' });
    expect(await stack.customers.findByIdentity('email:someone-else@example.com')).toBeUndefined();
  });

  it('answers 401 without the session token or with a wrong one, before anything else', async () => {
    const session = await openSession();
    expect((await askForCall({ sessionId: session.sessionId })).statusCode).toBe(401);
    expect((await askForCall({ sessionId: session.sessionId, token: 'not-the-token' })).statusCode).toBe(401);
    expect(connectApi.contacts()).toEqual([]);
  });

  it('allows one live call per session and a few an hour (429 with Retry-After)', async () => {
    const session = await openSession();
    const first = body(await askForCall(session, { requestId: 'a' }));
    const busy = await askForCall(session, { requestId: 'b' });
    expect(busy.statusCode).toBe(429);
    expect(busy.headers?.['retry-after']).toBeDefined();
    expect(body(busy).error).toMatchObject({ code: 'rate_limited', reason: 'call-in-progress' });

    await playCall(first.contactId);
    for (let call = 2; call <= WEB_CALL_LIMITS.perHour; call++) {
      now = new Date(now.getTime() + 60_000);
      const next = await askForCall(session, { requestId: `call-${call}` });
      expect(next.statusCode).toBe(201);
      await playCall(body(next).contactId);
    }
    now = new Date(now.getTime() + 60_000);
    const over = await askForCall(session, { requestId: 'one-too-many' });
    expect(over.statusCode).toBe(429);
    expect(body(over).error).toMatchObject({ reason: 'hourly-limit' });
    expect(Number(over.headers?.['retry-after'])).toBeGreaterThan(3000);
    expect(connectApi.contacts()).toHaveLength(WEB_CALL_LIMITS.perHour);

    // A request whose call has ended cannot be repeated.
    const ended = await askForCall(session, { requestId: 'a' });
    expect(ended.statusCode).toBe(409);
    expect(body(ended).error).toMatchObject({ code: 'call_ended', field: 'requestId' });
  });

  it('gives the same call to a repeat without requestId while it is live', async () => {
    const session = await openSession();
    const first = body(await askForCall(session));
    const again = await askForCall(session);
    expect(again.statusCode).toBe(201);
    expect(body(again).contactId).toBe(first.contactId);
    expect(connectApi.contacts()).toHaveLength(1);
  });

  it('answers 501 naming the settings when web calls are not set up', async () => {
    calls = handlerWith({ ...connect, webCallFlowId: undefined });
    const session = await openSession();
    const result = await askForCall(session);
    expect(result.statusCode).toBe(501);
    expect(body(result).error.code).toBe('web_calls_not_configured');
    expect(body(result).error.message).toContain('ONETHREAD_CONNECT_WEBRTC_FLOW_ID');
    expect((await askForCall({ sessionId: session.sessionId })).statusCode).toBe(401);
  });

  it('rejects a bad body naming the field', async () => {
    const session = await openSession();
    const result = await askForCall(session, { video: 'yes' });
    expect(result.statusCode).toBe(400);
    expect(JSON.stringify(body(result))).toContain('video');
  });

  it('leaves nothing behind when Connect cannot be reached: the next request starts a call', async () => {
    const session = await openSession();
    await connectApi.stop();
    const failed = await askForCall(session, { requestId: 'x' });
    expect(failed.statusCode).toBe(503);
    expect(failed.headers?.['retry-after']).toBeDefined();
    const { Items = [] } = await stack.table.doc.send(new ScanCommand({ TableName: stack.table.tableName }));
    expect(Items.filter((item) => String(item.pk).startsWith('WEBCALL'))).toEqual([]);
    expect(Items.find((item) => item.sk === 'WEBCALLS')?.attempts).toEqual([]);

    connectApi = await startLocalConnectApi();
    connect = { ...connect, endpoint: connectApi.endpoint };
    calls = handlerWith(connect);
    const retried = await askForCall(session, { requestId: 'x' });
    expect(retried.statusCode).toBe(201);
    expect(connectApi.contacts()[0]?.attributes.onethreadSessionId).toBe(session.sessionId);
  });

  it('sends the instance id and the configured flow', async () => {
    const session = await openSession();
    await askForCall(session);
    expect(connectApi.contacts()).toMatchObject([{ instanceId: INSTANCE_ID, contactFlowId: WEB_CALL_FLOW }]);
  });
});
