import { DeleteMessageCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { type SimulatedCall, simulatedCall } from '#channels/connect/simulate.ts';
import { callInteractionId } from '#core/calls.ts';
import type { Interaction, WorkItem } from '#core/model.ts';
import type { RoutableItem } from '#core/routing/index.ts';
import { makeHandler as makeEvents } from '#handlers/connect-events.ts';
import { makeHandler as makeFlow } from '#handlers/connect-flow.ts';
import { makeHandler as makeIngest } from '#handlers/ingest.ts';
import { makeHandler as makeRouter } from '#handlers/router.ts';
import { makeHandler as makeRoutingApi } from '#handlers/routing-api.ts';
import { settleCallWait } from '#routing/call-waits.ts';
import { PartitionMap } from '#routing/partitions.ts';
import { CallsRepo } from '#store/calls-repo.ts';
import { keys } from '#store/table.ts';
import { CONNECT_CONFIG } from '../support/connect.ts';
import { chatMessage, context, httpEvent, sqsEvent, supervisorClaims } from '../support/events.ts';
import { createRoutingTestStack, type RoutingTestStack } from '../support/routing-stack.ts';

const CHATTER = '+14155550144';

async function receive(stack: RoutingTestStack, url: string): Promise<string[]> {
  const bodies: string[] = [];
  for (;;) {
    const { Messages = [] } = await stack.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10 }),
    );
    if (!Messages.length) return bodies;
    // Taken off the queue: a FIFO group waits while one of its messages is in flight.
    for (const { ReceiptHandle, Body } of Messages) {
      bodies.push(Body ?? '');
      await stack.sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle }));
    }
  }
}

describe('Amazon Connect calls abandoned in the queue', () => {
  let stack: RoutingTestStack;
  const api = (routeKey: string, options: Parameters<typeof httpEvent>[1] = {}) =>
    makeRoutingApi(stack)(httpEvent(routeKey, { claims: supervisorClaims, ...options }), context);
  const today = async () => {
    const { queues } = JSON.parse((await api('GET /queues')).body ?? '{}');
    return queues.find((q: { queueId: string }) => q.queueId === 'general');
  };

  beforeEach(async () => {
    stack = await createRoutingTestStack();
    await api('PUT /queues/{queueId}', {
      pathParameters: { queueId: 'general' },
      body: { name: 'General', steps: [{}], serviceLevel: { seconds: 60, target: 0.8 } },
    });
    // Sam takes chats but is away: a chat waits.
    await api('PUT /agents/{agentId}', {
      pathParameters: { agentId: 'sam' },
      body: { name: 'Sam', skills: {}, capacity: { chat: 1 }, status: 'away' },
    });
  });

  /** Everything queued flows on: ingest reports, then the routing events they raised. */
  async function settle(): Promise<void> {
    for (let round = 0; round < 3; round++) {
      const reports = await receive(stack, stack.config.ingestQueueUrl ?? '');
      for (const body of reports) {
        expect((await makeIngest(stack)(sqsEvent([body]), context)).batchItemFailures).toEqual([]);
      }
      const routing = await receive(stack, stack.eventsQueueUrl);
      if (routing.length) await makeRouter(stack)(sqsEvent(routing), context);
      if (!reports.length && !routing.length) return;
    }
  }

  /** The call's flow lookup and contact events, as Connect sends them. */
  async function phone(call: SimulatedCall): Promise<void> {
    const lookup = makeFlow(stack, CONNECT_CONFIG, new PartitionMap(stack.routingPartition));
    await lookup(call.flowEvent, context);
    const events = makeEvents(stack, CONNECT_CONFIG);
    for (const event of call.contactEvents) await events(event, context);
    await settle();
  }

  it('counts a caller who hung up before an agent answered as abandoned, and an answered call as answered', async () => {
    const hungUp = simulatedCall({ from: '+14155550101', unansweredAfterSeconds: 90 });
    await phone(hungUp);
    await phone(simulatedCall({ from: '+14155550102' }));

    const call = await stack.timeline.get(callInteractionId(hungUp.contactId));
    expect(call?.call).toMatchObject({ state: 'ended', routingQueueId: 'general' });
    expect(call?.call).not.toHaveProperty('connectedToAgentAt');
    // The answered call waited 25 s against a 60 s target.
    expect(await today()).toMatchObject({ answeredToday: 1, abandonedToday: 1, serviceLevelToday: 0.5 });

    // EventBridge delivers the hang-up again: it counts once.
    const events = makeEvents(stack, CONNECT_CONFIG);
    await events(hungUp.contactEvents.at(-1), context);
    await settle();
    expect(await today()).toMatchObject({ answeredToday: 1, abandonedToday: 1 });
  });

  it('does not count a call the flow ended (after a callback request, a transfer) as abandoned', async () => {
    await phone(
      simulatedCall({
        from: '+14155550103',
        unansweredAfterSeconds: 30,
        disconnectReason: 'CONTACT_FLOW_DISCONNECT',
      }),
    );

    expect(await today()).toMatchObject({ answeredToday: 0, abandonedToday: 0 });
  });

  it('leaves a waiting chat alone when its customer phones and hangs up in the queue', async () => {
    await makeIngest(stack)(
      sqsEvent([chatMessage({ identities: [`phone:${CHATTER}`], text: 'Is my parcel lost?' })]),
      context,
    );
    await settle();
    const customer = await stack.customers.findByIdentity(`phone:${CHATTER}`);
    const conversation = await stack.conversations.get(customer?.lastConversationId ?? '');
    const chatItemId = conversation?.openWorkItemId ?? '';
    expect((await stack.workItems.get(chatItemId))?.state).toBe('queued');

    const call = simulatedCall({ from: CHATTER, unansweredAfterSeconds: 120 });
    await phone(call);

    // The call joined the chat's item and ended unanswered; the customer still waits on the chat.
    const recorded = await stack.timeline.get(callInteractionId(call.contactId));
    expect(recorded?.call).toMatchObject({ state: 'ended', workItemId: chatItemId });
    expect(await stack.workItems.get(chatItemId)).toMatchObject({ state: 'queued' });
    expect(await stack.routing.read((state) => state.items.has(chatItemId))).toBe(true);
    expect(await today()).toMatchObject({ abandonedToday: 0 });
  });

  it('abandons a call-only work item with its call, counting it once against the queue', async () => {
    const item: RoutableItem = {
      workItemId: 'wi-call-only',
      conversationId: 'conv-call-only',
      customerId: 'cust-call-only',
      channel: 'voice',
      queueId: 'general',
      priority: 5,
      enqueuedAt: new Date().toISOString(),
    };
    await stack.table.doc.send(
      new PutCommand({
        TableName: stack.table.tableName,
        Item: {
          ...keys.workItem(item.workItemId),
          entity: 'workItem',
          ...item,
          state: 'queued',
          routingStep: 0,
          createdFromInteractionId: 'int-call-only',
        },
      }),
    );
    await stack.routing.dispatch([{ type: 'itemEnqueued', item }]);
    const call = simulatedCall({ from: '+14155550105', unansweredAfterSeconds: 40 });
    const interaction = {
      interactionId: callInteractionId(call.contactId),
      call: {
        contactId: call.contactId,
        state: 'ended',
        initiationMethod: 'INBOUND',
        enqueuedAt: item.enqueuedAt,
        endedAt: new Date().toISOString(),
        disconnectReason: 'CUSTOMER_DISCONNECT',
        workItemId: item.workItemId,
        routingQueueId: 'general',
        events: [],
      },
    } as unknown as Interaction;

    const deps = { ...stack, calls: new CallsRepo(stack.table) };
    await settleCallWait(interaction, deps);
    await settleCallWait(interaction, deps);
    await settle();

    expect(((await stack.workItems.get(item.workItemId)) as WorkItem).state).toBe('abandoned');
    expect(await today()).toMatchObject({ abandonedToday: 1 });
  });
});
