import { randomUUID } from 'node:crypto';
import { DeleteMessageCommand, type Message, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectWork } from '#channels/connect/client.ts';
import type { ConnectConfig } from '#channels/connect/config.ts';
import { ConnectRequestsQueue } from '#channels/connect/requests.ts';
import { makeHandler } from '#handlers/connect-requests.ts';
import { ensureQueueWithDlq } from '#local/provision.ts';
import { type RecordedRequest, type StandIn, startStandIn } from '../support/channels.ts';
import { CONNECT_CONFIG } from '../support/connect.ts';
import { context } from '../support/events.ts';
import { createTestStack, type TestStack } from '../support/local-aws.ts';

const INSTANCE_ID = '7c2a9e14-5b3d-4f86-a1e0-9d8c7b6a5f43';
const INSTANCE_ARN = `arn:aws:connect:us-east-1:111122223333:instance/${INSTANCE_ID}`;

/** Connect's API as far as OneThread uses it: checks each operation's path, signature and body. */
function connectApi(request: RecordedRequest) {
  const signed = String(request.headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256');
  const body = JSON.parse(request.body || '{}');
  const known =
    (request.method === 'PUT' && request.path === '/contact/task' && body.Name && body.ContactFlowId) ||
    (request.method === 'PUT' && request.path === '/contact/outbound-voice' && body.DestinationPhoneNumber);
  if (!signed || !known || body.InstanceId !== INSTANCE_ID || !body.ClientToken) {
    return {
      status: 400,
      body: { message: 'bad request' },
      headers: { 'x-amzn-errortype': 'InvalidRequestException' },
    };
  }
  return { status: 200, body: { ContactId: randomUUID() } };
}

const throttled = {
  status: 429,
  body: { message: 'Rate exceeded' },
  headers: { 'x-amzn-errortype': 'ThrottlingException' },
};

describe('requests into Amazon Connect', () => {
  let stack: TestStack;
  let api: StandIn;
  let config: ConnectConfig;
  let queueUrl: string;
  let deadLetterQueueUrl: string;
  let outbox: ConnectRequestsQueue;

  beforeEach(async () => {
    stack = await createTestStack();
    api = await startStandIn(connectApi);
    ({ queueUrl, deadLetterQueueUrl } = await ensureQueueWithDlq(
      stack.sqs,
      `connect-requests-${randomUUID().slice(0, 8)}`,
      {
        maxReceiveCount: 10,
        visibilityTimeoutSeconds: 30,
      },
    ));
    config = {
      ...CONNECT_CONFIG,
      instanceArn: INSTANCE_ARN,
      endpoint: api.url,
      requestsQueueUrl: queueUrl,
      requestsPerSecond: 20,
      taskFlowId: 'e2c4a6f8-1b3d-4e5f-9a7c-0d2e4f6a8b1c',
      callbackFlowId: '0d9c8b7a-6f5e-4d3c-2b1a-0f9e8d7c6b5a',
      callbackQueueId: '3f8e2d1c-6b5a-4a97-8e0d-1c2b3a4d5e6f',
    };
    outbox = new ConnectRequestsQueue(stack.sqs, queueUrl);
  });
  afterEach(() => api.close());

  const receive = async (): Promise<Message[]> => {
    const { Messages = [] } = await stack.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        MessageSystemAttributeNames: ['ApproximateReceiveCount'],
      }),
    );
    return Messages;
  };

  /** Runs the consumer over a received batch and deletes what succeeded, as the event source does. */
  const consume = async (messages: Message[], handlerConfig: ConnectConfig = config) => {
    const handler = makeHandler({ sqs: stack.sqs, work: connectWork(handlerConfig), config: handlerConfig });
    const event: SQSEvent = {
      Records: messages.map((m) => ({
        messageId: m.MessageId ?? '',
        receiptHandle: m.ReceiptHandle ?? '',
        body: m.Body ?? '',
        attributes: {
          ApproximateReceiveCount: m.Attributes?.ApproximateReceiveCount ?? '1',
          SentTimestamp: '0',
          SenderId: 'test',
          ApproximateFirstReceiveTimestamp: '0',
        },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:connect-requests',
        awsRegion: 'us-east-1',
      })),
    };
    const { batchItemFailures } = await handler(event, context);
    const failed = new Set(batchItemFailures.map((f) => f.itemIdentifier));
    for (const m of messages) {
      if (!failed.has(m.MessageId ?? '')) {
        await stack.sqs.send(
          new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle }),
        );
      }
    }
    return [...failed];
  };

  const task = (n: number) => ({
    operation: 'startTask' as const,
    clientToken: `email-msg-${n}`,
    conversationId: `conv_${n}`,
    customerId: 'cust_1',
    name: `Email: refund for order 4821${n}`,
    description: 'Customer requests a refund (damaged sleeve).',
    timelineUrl: 'https://support.northwind.example/customers/cust_1/timeline',
    attributes: { sourceChannel: 'email' },
  });

  it('starts a task linked to the timeline, with the conversation in its attributes', async () => {
    await outbox.send(task(1));
    expect(await consume(await receive())).toEqual([]);
    expect(api.requests).toHaveLength(1);
    expect(api.requests[0]).toMatchObject({ method: 'PUT', path: '/contact/task' });
    expect(JSON.parse(api.requests[0]?.body ?? '{}')).toEqual({
      InstanceId: INSTANCE_ID,
      ContactFlowId: 'e2c4a6f8-1b3d-4e5f-9a7c-0d2e4f6a8b1c',
      Name: 'Email: refund for order 48211',
      Description: 'Customer requests a refund (damaged sleeve).',
      References: {
        Timeline: { Type: 'URL', Value: 'https://support.northwind.example/customers/cust_1/timeline' },
      },
      Attributes: {
        sourceChannel: 'email',
        onethreadConversationId: 'conv_1',
        onethreadCustomerId: 'cust_1',
      },
      ClientToken: 'email-msg-1',
    });
  });

  it('places a callback into the configured flow and queue, with the conversation in its attributes', async () => {
    await outbox.send({
      operation: 'startOutboundVoice',
      clientToken: 'callback-conv_7-1',
      conversationId: 'conv_7',
      customerId: 'cust_7',
      destinationPhoneNumber: '+14155550100',
    });
    expect(await consume(await receive())).toEqual([]);
    expect(api.requests[0]).toMatchObject({ method: 'PUT', path: '/contact/outbound-voice' });
    expect(JSON.parse(api.requests[0]?.body ?? '{}')).toEqual({
      InstanceId: INSTANCE_ID,
      ContactFlowId: '0d9c8b7a-6f5e-4d3c-2b1a-0f9e8d7c6b5a',
      QueueId: '3f8e2d1c-6b5a-4a97-8e0d-1c2b3a4d5e6f',
      DestinationPhoneNumber: '+14155550100',
      Attributes: { onethreadConversationId: 'conv_7', onethreadCustomerId: 'cust_7' },
      ClientToken: 'callback-conv_7-1',
      TrafficType: 'GENERAL',
    });
  });

  it('backs off when Connect throttles and loses nothing', async () => {
    await outbox.send(task(1));
    await outbox.send(task(2));
    api.queue(throttled);

    const first = await receive();
    expect(first).toHaveLength(2);
    expect(await consume(first)).toHaveLength(2);
    // Only one call reached Connect: the rest of the batch waits out the backoff too.
    expect(api.requests).toHaveLength(1);
    expect(await receive()).toEqual([]);

    let retried: Message[] = [];
    const deadline = Date.now() + 6_000;
    while (retried.length < 2 && Date.now() < deadline) {
      await new Promise((done) => setTimeout(done, 250));
      retried = [...retried, ...(await receive())];
    }
    expect(retried).toHaveLength(2);
    expect(await consume(retried)).toEqual([]);
    const tokens = api.requests.map((r) => JSON.parse(r.body).ClientToken);
    expect(tokens.slice(1).sort()).toEqual(['email-msg-1', 'email-msg-2']);
    expect(await receive()).toEqual([]);
  });

  it('paces calls into Connect to the configured rate', async () => {
    for (const n of [1, 2, 3, 4]) await outbox.send(task(n));
    const started = Date.now();
    expect(await consume(await receive(), { ...config, requestsPerSecond: 5 })).toEqual([]);
    expect(api.requests).toHaveLength(4);
    expect(Date.now() - started).toBeGreaterThanOrEqual(550);
  });

  it('parks a request Connect refuses in the dead-letter queue, with the reason, without holding up the others', async () => {
    await outbox.send(task(1));
    await outbox.send(task(2));
    api.queue({
      status: 400,
      body: { message: 'bad flow' },
      headers: { 'x-amzn-errortype': 'InvalidParameterException' },
    });
    const messages = await receive();
    expect(await consume(messages)).toEqual([]);
    expect(api.requests).toHaveLength(2);
    const { Messages = [] } = await stack.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: deadLetterQueueUrl,
        MessageAttributeNames: ['All'],
        WaitTimeSeconds: 1,
      }),
    );
    expect(Messages).toHaveLength(1);
    expect(Messages[0]?.MessageAttributes?.reason?.StringValue).toMatch(/^ConnectRejectedError/);
  });

  it('refuses to queue a malformed request', async () => {
    await expect(
      outbox.send({
        ...task(1),
        operation: 'startOutboundVoice',
        destinationPhoneNumber: '0415 555',
      } as never),
    ).rejects.toThrow();
  });
});
