import { DeleteMessageCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FlowCallbackAnswer } from '#channels/connect/flow-callback.ts';
import type { FlowAnswer } from '#channels/connect/flow-lookup.ts';
import { type SimulatedCall, simulatedCall } from '#channels/connect/simulate.ts';
import { callbackClientToken } from '#core/callback-request.ts';
import { callInteractionId } from '#core/calls.ts';
import type { WorkItem } from '#core/model.ts';
import { makeHandler as makeEvents } from '#handlers/connect-events.ts';
import { makeHandler as makeFlow } from '#handlers/connect-flow.ts';
import { makeHandler as makeIngest } from '#handlers/ingest.ts';
import { makeHandler as makeRouter } from '#handlers/router.ts';
import { makeHandler as makeRoutingApi } from '#handlers/routing-api.ts';
import { PartitionMap } from '#routing/partitions.ts';
import { CONNECT_CONFIG, startCallbackRig } from '../support/connect.ts';
import { chatMessage, context, httpEvent, sqsEvent, supervisorClaims } from '../support/events.ts';
import { createRoutingTestStack, type RoutingTestStack } from '../support/routing-stack.ts';

const CALLER = '+14155550161';
const OTHER_CUSTOMER = '+14155550162';

/** Takes every message off a queue. */
async function receive(stack: RoutingTestStack, url: string): Promise<string[]> {
  const bodies: string[] = [];
  for (;;) {
    const { Messages = [] } = await stack.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10 }),
    );
    if (!Messages.length) return bodies;
    for (const { ReceiptHandle, Body } of Messages) {
      bodies.push(Body ?? '');
      await stack.sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle }));
    }
  }
}

/** The outbound callback contact Connect starts, as its flow lookup and contact events show it. */
function callbackContact(contactId: string, dialled: string): SimulatedCall {
  const call = simulatedCall({ from: dialled, contactId, callerVerified: false });
  const data = (call.flowEvent.Details as { ContactData: Record<string, unknown> }).ContactData;
  data.InitiationMethod = 'API';
  data.Attributes = { reason: 'callback-request' };
  for (const event of call.contactEvents) (event.detail as Record<string, unknown>).initiationMethod = 'API';
  return call;
}

describe('a callback asked for from the contact flow', () => {
  let stack: RoutingTestStack;
  let rig: Awaited<ReturnType<typeof startCallbackRig>>;

  beforeEach(async () => {
    rig = await startCallbackRig();
    stack = await createRoutingTestStack({}, { connectHandoff: { requestsQueueUrl: rig.requestsQueueUrl } });
    const api = makeRoutingApi(stack);
    const put = (routeKey: string, id: Record<string, string>, body: unknown) =>
      api(httpEvent(routeKey, { claims: supervisorClaims, pathParameters: id, body }), context);
    await put(
      'PUT /queues/{queueId}',
      { queueId: 'general' },
      { name: 'General', steps: [{}], serviceLevel: { seconds: 60, target: 0.8 } },
    );
    // Vic takes calls and chats, but is away for now.
    await put(
      'PUT /agents/{agentId}',
      { agentId: 'vic' },
      { name: 'Vic', skills: {}, capacity: { voice: 1, chat: 1 }, status: 'away' },
    );
  });
  afterEach(() => rig.close());

  // The simulated contacts are of the simulated instance; only the requests go to the rig's.
  const flow = () => makeFlow(stack, CONNECT_CONFIG, new PartitionMap(stack.routingPartition));
  const events = () => makeEvents(stack, CONNECT_CONFIG);

  /** Ingest reports, then the routing events they raised, until nothing moves. */
  async function settle(): Promise<void> {
    for (let round = 0; round < 4; round++) {
      const reports = await receive(stack, stack.config.ingestQueueUrl ?? '');
      for (const body of reports)
        expect((await makeIngest(stack)(sqsEvent([body]), context)).batchItemFailures).toEqual([]);
      const routing = await receive(stack, stack.eventsQueueUrl);
      if (routing.length) await makeRouter(stack)(sqsEvent(routing), context);
      if (!reports.length && !routing.length) return;
    }
  }

  /** The caller is in the queue: the lookup ran and Connect queued the call. */
  async function queuedCall(from: string): Promise<SimulatedCall> {
    const call = simulatedCall({ from, unansweredAfterSeconds: 60 });
    await flow()(call.flowEvent, context);
    for (const event of call.contactEvents.slice(0, 3)) await events()(event, context);
    await settle();
    return call;
  }

  const pressOne = async (call: SimulatedCall) => {
    const event = structuredClone(call.flowEvent) as { Details: { Parameters: Record<string, string> } };
    event.Details.Parameters = { action: 'requestCallback' };
    return (await flow()(event, context)) as FlowCallbackAnswer;
  };

  /** Vic comes back and takes the item offered to them. */
  async function vicAccepts(workItemId: string): Promise<void> {
    await stack.routing.dispatch([{ type: 'agentStatusChanged', agentId: 'vic', status: 'available' }]);
    const [offer] = await stack.routing.read((state) => [...state.offers.values()].map((o) => o.offer));
    expect(offer?.workItemId).toBe(workItemId);
    await stack.routing.dispatch([{ type: 'offerAccepted', offerId: offer?.offerId as string }]);
  }

  it('keeps the caller’s place as a voice item, places the call when an agent accepts, and records it on that item', async () => {
    const call = await queuedCall(CALLER);
    const inbound = await stack.timeline.get(callInteractionId(call.contactId));

    const answer = await pressOne(call);

    expect(answer).toMatchObject({ callbackStatus: 'registered' });
    expect(answer.callbackMessage).toMatch(/^We will call you/);
    const item = (await stack.workItems.get(answer.workItemId)) as WorkItem;
    expect(item).toMatchObject({
      channel: 'voice',
      queueId: 'general',
      state: 'queued',
      conversationId: inbound?.conversationId,
      customerId: inbound?.customerId,
      // The place the call had in the queue.
      enqueuedAt: inbound?.call?.enqueuedAt,
      callback: { phone: CALLER, via: 'voice', trust: 'verified' },
    });
    // Before the flow hangs up, the call already names its item, so its end abandons nothing.
    expect((await stack.timeline.get(callInteractionId(call.contactId)))?.call?.workItemId).toBe(
      item.workItemId,
    );
    expect(item.callInteractionIds).toEqual([callInteractionId(call.contactId)]);
    // Pressing 1 again asks for the same callback.
    expect(await pressOne(call)).toMatchObject({ callbackStatus: 'already', workItemId: item.workItemId });

    // The caller hangs up: they asked to be called, so nothing is abandoned.
    await events()(call.contactEvents.at(-1), context);
    await settle();
    expect(await stack.workItems.get(item.workItemId)).toMatchObject({
      state: 'queued',
      callInteractionIds: [callInteractionId(call.contactId)],
    });
    expect(await rig.placeRequests(stack)).toBe(0);

    await vicAccepts(item.workItemId);
    await settle();
    expect(await rig.placeRequests(stack)).toBe(1);
    expect(rig.calls).toEqual([
      expect.objectContaining({
        DestinationPhoneNumber: CALLER,
        ClientToken: callbackClientToken(item.workItemId),
        Attributes: expect.objectContaining({
          onethreadWorkItemId: item.workItemId,
          onethreadConversationId: item.conversationId,
          onethreadAgentId: 'vic',
          onethreadCallbackVia: 'voice',
        }),
      }),
    ]);

    // The callback rings: its flow lookup and contact events land on the same item and conversation.
    const placed = callbackContact(rig.calls[0]?.ContactId as string, CALLER);
    const lookup = (await flow()(placed.flowEvent, context)) as FlowAnswer;
    expect(lookup).toMatchObject({
      customerId: item.customerId,
      openConversationId: item.conversationId,
      openWorkItemId: item.workItemId,
      holdingAgentId: 'vic',
    });
    for (const event of placed.contactEvents) await events()(event, context);
    await settle();
    const callback = await stack.timeline.get(callInteractionId(placed.contactId));
    expect(callback).toMatchObject({
      direction: 'outbound',
      customerId: item.customerId,
      conversationId: item.conversationId,
      call: { workItemId: item.workItemId, state: 'ended' },
    });
    expect((await stack.workItems.get(item.workItemId))?.callInteractionIds).toEqual([
      callInteractionId(call.contactId),
      callInteractionId(placed.contactId),
    ]);
  });

  it('puts the request on the caller’s waiting chat, which keeps its place', async () => {
    await makeIngest(stack)(
      sqsEvent([chatMessage({ identities: [`phone:${CALLER}`], text: 'Still waiting on my refund' })]),
      context,
    );
    await settle();
    const customer = await stack.customers.findByIdentity(`phone:${CALLER}`);
    const chatItemId = (await stack.conversations.get(customer?.lastConversationId ?? ''))?.openWorkItemId;
    const before = (await stack.workItems.get(chatItemId ?? '')) as WorkItem;
    const call = await queuedCall(CALLER);

    const answer = await pressOne(call);

    expect(answer).toMatchObject({ callbackStatus: 'registered', workItemId: before.workItemId });
    expect(await stack.workItems.get(before.workItemId)).toMatchObject({
      channel: 'chat',
      state: 'queued',
      enqueuedAt: before.enqueuedAt,
      callback: { phone: CALLER, via: 'voice' },
    });
  });

  it('says an agent already has the issue, and asks nothing of a caller without a number', async () => {
    const call = await queuedCall(CALLER);
    const { workItemId } = await pressOne(call);
    await settle();
    await vicAccepts(workItemId);
    // Another call from the same customer while Vic has the item.
    const again = await queuedCall(CALLER);
    expect(await pressOne(again)).toMatchObject({ callbackStatus: 'with-agent', workItemId });

    const withheld = simulatedCall({ from: CALLER });
    (withheld.flowEvent.Details as { ContactData: Record<string, unknown> }).ContactData.CustomerEndpoint =
      null;
    expect(await pressOne(withheld)).toMatchObject({ callbackStatus: 'unavailable', workItemId: '' });
  });
});

describe('the callback call placed for a chat', () => {
  it('joins the chat’s conversation and item, not the conversation of whoever else has the number', async () => {
    const rig = await startCallbackRig();
    const stack = await createRoutingTestStack(
      {},
      { connectHandoff: { requestsQueueUrl: rig.requestsQueueUrl } },
    );
    try {
      const api = makeRoutingApi(stack);
      await api(
        httpEvent('PUT /queues/{queueId}', {
          claims: supervisorClaims,
          pathParameters: { queueId: 'general' },
          body: { name: 'General', steps: [{}], serviceLevel: { seconds: 60, target: 0.8 } },
        }),
        context,
      );
      const ingest = (message: ReturnType<typeof chatMessage>) =>
        makeIngest(stack)(sqsEvent([message]), context);
      // Someone else texts from the number the chat visitor will type.
      await ingest(chatMessage({ channel: 'sms', identities: [`phone:${OTHER_CUSTOMER}`], text: 'Hi' }));
      await ingest(chatMessage({ identities: ['email:rui@example.com'], text: 'Call me please' }));
      const rui = await stack.customers.findByIdentity('email:rui@example.com');
      const conversationId = rui?.lastConversationId ?? '';
      const item = (await stack.workItems.get(
        (await stack.conversations.get(conversationId))?.openWorkItemId ?? '',
      )) as WorkItem;
      await stack.routing.dispatch([
        {
          type: 'agentUpserted',
          agent: { agentId: 'vic', name: 'Vic', skills: {}, capacity: { chat: 1 }, status: 'away', load: {} },
        },
        { type: 'itemEnqueued', item },
      ]);
      await stack.workItems.requestCallback(item.workItemId, {
        phone: OTHER_CUSTOMER,
        via: 'chat',
        trust: 'claimed',
        requestedAt: new Date().toISOString(),
        clientToken: callbackClientToken(item.workItemId),
      });
      await stack.routing.dispatch([{ type: 'agentStatusChanged', agentId: 'vic', status: 'available' }]);
      const [offer] = await stack.routing.read((state) => [...state.offers.values()].map((o) => o.offer));
      await stack.routing.dispatch([{ type: 'offerAccepted', offerId: offer?.offerId as string }]);
      expect(await rig.placeRequests(stack)).toBe(1);

      const placed = callbackContact(rig.calls[0]?.ContactId as string, OTHER_CUSTOMER);
      // The outbound flow's lookup sees the dialled number, which is the other customer's.
      const lookup = makeFlow(stack, CONNECT_CONFIG, new PartitionMap(stack.routingPartition));
      expect(await lookup(placed.flowEvent, context)).toMatchObject({
        customerId: rui?.customerId,
        openConversationId: conversationId,
      });
      const events = makeEvents(stack, CONNECT_CONFIG);
      for (const event of placed.contactEvents) await events(event, context);
      for (const body of await receive(stack, stack.config.ingestQueueUrl ?? ''))
        await makeIngest(stack)(sqsEvent([body]), context);

      const callback = await stack.timeline.get(callInteractionId(placed.contactId));
      expect(callback).toMatchObject({
        customerId: rui?.customerId,
        conversationId,
        direction: 'outbound',
        call: { workItemId: item.workItemId, customerNumber: OTHER_CUSTOMER, state: 'ended' },
      });
      expect((await stack.workItems.get(item.workItemId))?.callInteractionIds).toEqual([
        callInteractionId(placed.contactId),
      ]);
      // The typed number stays a number dialled once: it never became Rui's.
      expect((await stack.customers.get(rui?.customerId ?? ''))?.identities).not.toContain(
        `phone:${OTHER_CUSTOMER}`,
      );
    } finally {
      await rig.close();
    }
  });
});
