import { randomUUID } from 'node:crypto';
import { DeleteMessageCommand, type Message, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectWork } from '#channels/connect/client.ts';
import type { ConnectConfig } from '#channels/connect/config.ts';
import type { WorkItem } from '#core/model.ts';
import { makeHandler as makeConnectEvents } from '#handlers/connect-events.ts';
import { makeHandler as makeConnectRequests } from '#handlers/connect-requests.ts';
import { makeHandler as makeIngest } from '#handlers/ingest.ts';
import { makeHandler as makeRouter } from '#handlers/router.ts';
import { localSqsConfig } from '#local/emulators.ts';
import { ensureQueueWithDlq } from '#local/provision.ts';
import { ConnectTasks } from '#routing/connect-tasks.ts';
import { type RecordedRequest, type StandIn, startStandIn } from '../support/channels.ts';
import { CONNECT_CONFIG } from '../support/connect.ts';
import { chatMessage, context, sqsEvent } from '../support/events.ts';
import { sqsEndpoint } from '../support/local-aws.ts';
import { createRoutingTestStack, type RoutingTestStack } from '../support/routing-stack.ts';

const INSTANCE_ID = '7c2a9e14-5b3d-4f86-a1e0-9d8c7b6a5f43';
const INSTANCE_ARN = `arn:aws:connect:us-east-1:111122223333:instance/${INSTANCE_ID}`;
const TASK_FLOW = 'e2c4a6f8-1b3d-4e5f-9a7c-0d2e4f6a8b1c';
const CONNECT_QUEUE = '3f8e2d1c-6b5a-4a97-8e0d-1c2b3a4d5e6f';
const CONSOLE = 'https://support.northwind.example/console/';

const serviceLevel = { seconds: 60, target: 0.8 };
const returnsQueue = {
  queueId: 'returns',
  name: 'Returns',
  steps: [{ skills: {} }],
  serviceLevel,
  delivery: { mode: 'connect' as const, connectQueueId: CONNECT_QUEUE },
};
const billingQueue = { queueId: 'billing', name: 'Billing', steps: [{ skills: {} }], serviceLevel };

/**
 * StartTaskContact as Connect answers it: a task per client token (a repeated token gets the
 * same contact, as Connect's idempotency promises), after checking the request's shape.
 */
function connectApi(tasks: Map<string, string>) {
  return (request: RecordedRequest) => {
    const body = JSON.parse(request.body || '{}');
    const signed = String(request.headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256');
    if (
      !signed ||
      request.method !== 'PUT' ||
      request.path !== '/contact/task' ||
      body.InstanceId !== INSTANCE_ID ||
      !body.Name ||
      !body.ContactFlowId ||
      !body.ClientToken
    ) {
      return {
        status: 400,
        body: { message: 'bad request' },
        headers: { 'x-amzn-errortype': 'InvalidRequestException' },
      };
    }
    const contactId = tasks.get(body.ClientToken) ?? randomUUID();
    tasks.set(body.ClientToken, contactId);
    return { status: 200, body: { ContactId: contactId } };
  };
}

/** A contact event of a task contact, as EventBridge delivers it. */
function taskEvent(eventType: string, contactId: string, at = new Date()) {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Amazon Connect Contact Event',
    source: 'aws.connect',
    account: '111122223333',
    time: at.toISOString(),
    region: 'us-east-1',
    resources: [INSTANCE_ARN],
    detail: {
      eventType,
      contactId,
      initialContactId: contactId,
      channel: 'TASK',
      instanceArn: INSTANCE_ARN,
      initiationMethod: 'API',
      initiationTimestamp: at.toISOString(),
      ...(eventType === 'DISCONNECTED' ? { disconnectTimestamp: at.toISOString() } : {}),
    },
  };
}

describe('queues delivered by Amazon Connect', () => {
  let stack: RoutingTestStack;
  let api: StandIn;
  let tasks: Map<string, string>;
  let requestsQueueUrl: string;
  let connect: ConnectConfig;

  beforeEach(async () => {
    const sqs = new SQSClient(localSqsConfig(sqsEndpoint()));
    ({ queueUrl: requestsQueueUrl } = await ensureQueueWithDlq(
      sqs,
      `connect-requests-${randomUUID().slice(0, 8)}`,
      {
        maxReceiveCount: 10,
        visibilityTimeoutSeconds: 30,
      },
    ));
    sqs.destroy();
    stack = await createRoutingTestStack({}, { connectHandoff: { requestsQueueUrl, consoleUrl: CONSOLE } });
    tasks = new Map();
    api = await startStandIn(connectApi(tasks));
    connect = {
      ...CONNECT_CONFIG,
      instanceArn: INSTANCE_ARN,
      endpoint: api.url,
      requestsQueueUrl,
      requestsPerSecond: 20,
      taskFlowId: TASK_FLOW,
    };
    await stack.routing.dispatch([
      { type: 'queueUpserted', queue: returnsQueue },
      { type: 'queueUpserted', queue: billingQueue },
      {
        type: 'agentUpserted',
        agent: {
          agentId: 'ana',
          name: 'Ana',
          skills: {},
          capacity: { chat: 3 },
          status: 'available',
          load: {},
        },
      },
    ]);
  });
  afterEach(() => api.close());

  const links = () => new ConnectTasks(stack.table, stack.routingQueues, stack.partitions);

  const receive = async (queueUrl: string, waitSeconds = 0): Promise<Message[]> => {
    const { Messages = [] } = await stack.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: waitSeconds,
        MessageSystemAttributeNames: ['ApproximateReceiveCount'],
      }),
    );
    return Messages;
  };

  const remove = (queueUrl: string, messages: Message[]) =>
    Promise.all(
      messages.map((m) =>
        stack.sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle })),
      ),
    );

  /** Runs the router over what the routing FIFO queue holds, as its event source would. */
  const route = async () => {
    for (
      let messages = await receive(stack.eventsQueueUrl);
      messages.length;
      messages = await receive(stack.eventsQueueUrl)
    ) {
      await makeRouter(stack)(sqsEvent(messages.map((m) => m.Body ?? '')), context);
      await remove(stack.eventsQueueUrl, messages);
    }
  };

  /** Runs the requests consumer over one received batch; returns the ids it failed. */
  const pace = async (waitSeconds = 0) => {
    const messages = await receive(requestsQueueUrl, waitSeconds);
    const handler = makeConnectRequests({
      sqs: stack.sqs,
      work: connectWork(connect),
      config: connect,
      tasks: links(),
    });
    const event = sqsEvent(messages.map((m) => m.Body ?? '')) as SQSEvent;
    event.Records.forEach((record, index) => {
      const message = messages[index];
      record.messageId = message?.MessageId ?? '';
      record.receiptHandle = message?.ReceiptHandle ?? '';
      record.attributes.ApproximateReceiveCount = message?.Attributes?.ApproximateReceiveCount ?? '1';
    });
    const { batchItemFailures } = await handler(event, context);
    const failed = new Set(batchItemFailures.map((f) => f.itemIdentifier));
    await remove(
      requestsQueueUrl,
      messages.filter((m) => !failed.has(m.MessageId ?? '')),
    );
    return { received: messages.length, failed: [...failed] };
  };

  const chatIn = async (entryPoint: string) => {
    const message = chatMessage({
      entryPoint,
      profile: { name: 'Ana Lima' },
      text: 'My parcel arrived damaged, can I return it?',
    });
    await makeIngest(stack)(sqsEvent([message]), context);
    await route();
    return message;
  };

  const openItem = async (): Promise<WorkItem> => {
    const customer = await stack.customers.findByIdentity('email:ana@example.com');
    const conversation = customer?.lastConversationId
      ? await stack.conversations.get(customer.lastConversationId)
      : undefined;
    const item = conversation?.openWorkItemId
      ? await stack.workItems.get(conversation.openWorkItemId)
      : undefined;
    if (!item) throw new Error('no open work item');
    return item;
  };

  const taskEnds = (event: unknown) => makeConnectEvents(stack, connect, links())(event, context);

  it('hands a chat to Connect as one task, linked to the timeline, and records the task on the item', async () => {
    await chatIn('returns');
    const item = await openItem();
    expect(item.state).toBe('connect');
    expect(await stack.routing.read((state) => [...state.offers.values()])).toEqual([]);

    expect(await pace()).toEqual({ received: 1, failed: [] });
    expect(api.requests).toHaveLength(1);
    expect(api.requests[0]).toMatchObject({ method: 'PUT', path: '/contact/task' });
    const body = JSON.parse(api.requests[0]?.body ?? '{}');
    expect(body).toEqual({
      InstanceId: INSTANCE_ID,
      ContactFlowId: TASK_FLOW,
      Name: 'Chat from Ana Lima',
      Description: expect.stringContaining('It began with: My parcel arrived damaged, can I return it?'),
      References: {
        Timeline: { Type: 'URL', Value: `${CONSOLE}#/screen-pop?customer=${item.customerId}` },
      },
      Attributes: {
        onethreadWorkItemId: item.workItemId,
        onethreadChannel: 'chat',
        onethreadQueueId: 'returns',
        onethreadConnectQueueId: CONNECT_QUEUE,
        onethreadConversationId: item.conversationId,
        onethreadCustomerId: item.customerId,
      },
      ClientToken: `onethread-task-${item.workItemId}`,
    });
    const contactId = tasks.get(body.ClientToken);
    expect(await stack.workItems.get(item.workItemId)).toMatchObject({
      state: 'connect',
      connectContactId: contactId,
    });
    const log = (await stack.workItems.routingLog(item.workItemId)) as Array<{ type: string }>;
    expect(log.map((entry) => entry.type)).toEqual(['handoff', 'connectTaskStarted']);
    expect(log[0]).toMatchObject({ connectQueueId: CONNECT_QUEUE, queueId: 'returns' });
  });

  it('makes no second task when the chat or the request is delivered again', async () => {
    const message = await chatIn('returns');
    await makeIngest(stack)(sqsEvent([message]), context);
    await route();
    while ((await pace()).received) {}
    expect(api.requests).toHaveLength(1);
    // The router's retry of the arrival asks again; Connect's client token keeps it one task.
    const item = await openItem();
    await stack.routing.dispatch([{ type: 'itemEnqueued', item }]);
    while ((await pace()).received) {}
    expect(api.requests).toHaveLength(2);
    expect(tasks.size).toBe(1);
    expect(new Set(api.requests.map((r) => JSON.parse(r.body).ClientToken))).toEqual(
      new Set([`onethread-task-${item.workItemId}`]),
    );
    expect((await openItem()).connectContactId).toBe([...tasks.values()][0]);
    const log = (await stack.workItems.routingLog(item.workItemId)) as Array<{ type: string }>;
    expect(log.filter((entry) => entry.type === 'connectTaskStarted')).toHaveLength(1);
  });

  it('retries a throttled StartTaskContact later and loses nothing', async () => {
    await chatIn('returns');
    api.queue({
      status: 429,
      body: { message: 'Rate exceeded' },
      headers: { 'x-amzn-errortype': 'ThrottlingException' },
    });
    expect((await pace()).failed).toHaveLength(1);
    expect(tasks.size).toBe(0);
    let result = await pace(2);
    while (!result.received) result = await pace(2);
    expect(result.failed).toEqual([]);
    expect(tasks.size).toBe(1);
    expect((await openItem()).connectContactId).toBe([...tasks.values()][0]);
  });

  it('closes the work item when the task ends, however often and in whatever order Connect says so', async () => {
    await chatIn('returns');
    await pace();
    const item = await openItem();
    const contactId = item.connectContactId ?? '';
    expect(await taskEnds(taskEvent('CONNECTED_TO_AGENT', contactId))).toMatchObject({
      ignored: 'task-not-ended',
    });
    expect(await taskEnds(taskEvent('DISCONNECTED', contactId))).toEqual({ enqueued: true });
    expect(await taskEnds(taskEvent('DISCONNECTED', contactId))).toEqual({ enqueued: true });
    expect(await taskEnds(taskEvent('COMPLETED', contactId))).toEqual({ enqueued: true });
    await route();
    expect(await stack.workItems.get(item.workItemId)).toMatchObject({ state: 'wrapped' });
    expect((await stack.conversations.get(item.conversationId))?.openWorkItemId).toBeUndefined();
    const log = (await stack.workItems.routingLog(item.workItemId)) as Array<{ type: string }>;
    expect(log.filter((entry) => entry.type === 'close')).toMatchObject([{ reason: 'completed' }]);
    // A late event of the finished task changes nothing.
    expect(await taskEnds(taskEvent('QUEUED', contactId))).toMatchObject({ ignored: 'task-not-ended' });
  });

  it('closes the work item when the task’s end is reported before its start is recorded', async () => {
    await chatIn('returns');
    const item = await openItem();
    // Connect answers the request, but the consumer's record comes after the end event.
    const [message] = await receive(requestsQueueUrl);
    const contactId = await connectWork(connect).perform(JSON.parse(message?.Body ?? '{}'));
    await stack.sqs.send(
      new DeleteMessageCommand({ QueueUrl: requestsQueueUrl, ReceiptHandle: message?.ReceiptHandle }),
    );
    expect(await taskEnds(taskEvent('DISCONNECTED', contactId))).toMatchObject({ ignored: 'not-our-task' });
    await route();
    expect((await stack.workItems.get(item.workItemId))?.state).toBe('connect');
    await links().started(item.workItemId, contactId, new Date());
    await route();
    expect(await stack.workItems.get(item.workItemId)).toMatchObject({
      state: 'wrapped',
      connectContactId: contactId,
    });
  });

  it('ignores the end of a task OneThread did not start', async () => {
    await chatIn('returns');
    await pace();
    const item = await openItem();
    expect(await taskEnds(taskEvent('DISCONNECTED', randomUUID()))).toMatchObject({
      ignored: 'not-our-task',
    });
    await route();
    expect((await stack.workItems.get(item.workItemId))?.state).toBe('connect');
  });

  it('leaves native queues to our agents', async () => {
    await chatIn('billing');
    const item = await openItem();
    expect(item).toMatchObject({ state: 'offered', agentId: 'ana' });
    expect(await pace()).toEqual({ received: 0, failed: [] });
    expect(api.requests).toEqual([]);
  });
});
