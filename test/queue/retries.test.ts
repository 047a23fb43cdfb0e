import {
  ChangeMessageVisibilityCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { beforeEach, describe, expect, it } from 'vitest';
import { createDeps } from '#app/create-deps.ts';
import { makeHandler as makeIngest } from '#handlers/ingest.ts';
import { freePort, localClientConfig, localSqsConfig } from '#local/emulators.ts';
import { toRecord } from '#local/sqs-poller.ts';
import { BACKOFF, backoffSeconds, receivesToOutlast } from '#queue/backoff.ts';
import { queueBody } from '#queue/ingest-queue.ts';
import { queueDepth } from '#queue/redrive.ts';
import { chatMessage, context } from '../support/events.ts';
import { createTestStack, sqsEndpoint, type TestStack } from '../support/local-aws.ts';

describe('queue consumers during an outage', () => {
  let stack: TestStack;
  let queueUrl: string;
  let queueArn: string;
  /** Every visibility the consumers set, in order. */
  let hidden: number[];

  beforeEach(async () => {
    // The receive limit the platform uses, on AWS and locally.
    stack = await createTestStack({}, { maxReceiveCount: receivesToOutlast() });
    queueUrl = stack.config.ingestQueueUrl as string;
    const { Attributes } = await stack.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
    );
    queueArn = Attributes?.QueueArn as string;
    hidden = [];
  });

  /** The stack's deps with the table at a port nobody listens on, and visibility changes recorded. */
  async function withTableDown() {
    const deps = createDeps(stack.config, {
      dynamo: { ...localClientConfig(`http://127.0.0.1:${await freePort()}`), maxAttempts: 1 },
      sqs: localSqsConfig(sqsEndpoint()),
    });
    deps.sqs.middlewareStack.add(
      (next, { commandName }) =>
        async (args) => {
          const input = args.input as { VisibilityTimeout?: number };
          if (commandName === 'ChangeMessageVisibilityCommand') hidden.push(input.VisibilityTimeout ?? -1);
          return next(args);
        },
      { step: 'initialize', name: 'recordVisibility' },
    );
    return deps;
  }

  async function receive(): Promise<Message[]> {
    const { Messages = [] } = await stack.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MessageSystemAttributeNames: ['All'],
        WaitTimeSeconds: 1,
      }),
    );
    return Messages;
  }

  /** Ends a hidden message's backoff now, as waiting it out would. */
  const reveal = (message: Message) =>
    stack.sqs.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: queueUrl,
        ReceiptHandle: message.ReceiptHandle,
        VisibilityTimeout: 0,
      }),
    );

  it('backs a message off longer on each receive while the table is down, and stores it once it is back', async () => {
    const down = makeIngest(await withTableDown());
    await stack.ingestQueue.send(chatMessage({ identities: ['email:outage@example.com'] }));
    const receives = receivesToOutlast() - 1;
    for (let attempt = 1; attempt <= receives; attempt++) {
      const [message] = await receive();
      expect(message, `receive ${attempt}`).toBeDefined();
      expect(message?.Attributes?.ApproximateReceiveCount).toBe(String(attempt));
      const result = await down({ Records: [toRecord(message as Message, queueArn)] }, context);
      expect(result.batchItemFailures).toEqual([{ itemIdentifier: message?.MessageId }]);
      await reveal(message as Message);
    }
    // One hide per failed receive, doubling from the first up to the cap.
    const set = hidden.filter((seconds) => seconds > 0);
    expect(set).toHaveLength(receives);
    set.forEach((seconds, i) => {
      expect(seconds).toBeGreaterThanOrEqual(Math.min(BACKOFF.capSeconds, BACKOFF.baseSeconds * 2 ** i));
    });
    expect(set.at(-1)).toBeGreaterThanOrEqual(BACKOFF.capSeconds);
    // All that backoff covers a five-minute outage twice over, and nothing was dead-lettered.
    expect(set.reduce((sum, seconds) => sum + seconds, 0)).toBeGreaterThanOrEqual(600);
    expect(await queueDepth(stack.sqs, stack.deadLetterQueueUrl)).toBe(0);

    const [message] = await receive();
    const up = makeIngest(stack);
    expect(await up({ Records: [toRecord(message as Message, queueArn)] }, context)).toEqual({
      batchItemFailures: [],
    });
    const customer = await stack.customers.findByIdentity('email:outage@example.com');
    const page = await stack.timeline.query([customer?.customerId as string], { limit: 10 });
    expect(page.items).toHaveLength(1);
  });

  it('sends a poison message to the dead-letter queue at once, with the reason', async () => {
    const ingest = makeIngest(stack);
    await stack.sqs.send(
      new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: '{"type":"interaction"}' }),
    );
    await stack.sqs.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: queueBody({ ...chatMessage(), identities: ['fax:1'] } as never),
      }),
    );
    const messages = [...(await receive()), ...(await receive())];
    expect(messages).toHaveLength(2);
    const result = await ingest({ Records: messages.map((m) => toRecord(m, queueArn)) }, context);
    // Parked, so acknowledged: no receive is spent on them.
    expect(result.batchItemFailures).toEqual([]);
    const { Messages = [] } = await stack.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: stack.deadLetterQueueUrl,
        MaxNumberOfMessages: 10,
        MessageAttributeNames: ['All'],
        WaitTimeSeconds: 1,
      }),
    );
    expect(Messages.map((m) => m.MessageAttributes?.source?.StringValue)).toEqual(['ingest', 'ingest']);
    expect(Messages.map((m) => m.MessageAttributes?.reason?.StringValue).sort()).toEqual([
      expect.stringMatching(/^InvalidIdentityError: invalid identity/),
      expect.stringMatching(/^invalid message: /),
    ]);
  });

  it('grows the backoff exponentially, caps it, and never shortens it with jitter', () => {
    expect([1, 2, 3, 4].map((n) => backoffSeconds(n, () => 0))).toEqual([1, 2, 4, 8]);
    expect(backoffSeconds(30, () => 0)).toBe(BACKOFF.capSeconds);
    expect(backoffSeconds(3, () => 0.999)).toBe(5);
  });
});
