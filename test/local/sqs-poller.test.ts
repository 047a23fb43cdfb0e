import { GetQueueAttributesCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterEach, describe, expect, it } from 'vitest';
import { makeHandler as makeIngest } from '#handlers/ingest.ts';
import { type Poller, startPoller } from '#local/sqs-poller.ts';
import { queueDepth, redrive } from '#queue/redrive.ts';
import { chatMessage } from '../support/events.ts';
import { createTestStack, type TestStack } from '../support/local-aws.ts';

async function until(condition: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((done) => setTimeout(done, 100));
  }
}

describe('the local SQS event source', () => {
  let poller: Poller | undefined;
  afterEach(async () => poller?.stop());

  async function start(stack: TestStack): Promise<Poller> {
    const { Attributes } = await stack.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: stack.config.ingestQueueUrl, AttributeNames: ['QueueArn'] }),
    );
    return startPoller({
      sqs: stack.sqs,
      queueUrl: stack.config.ingestQueueUrl as string,
      queueArn: Attributes?.QueueArn as string,
      handler: makeIngest(stack),
      functionName: 'ingest',
    });
  }

  it('delivers queued messages to the ingest handler and deletes them once stored', async () => {
    const stack = await createTestStack();
    poller = await start(stack);
    for (let i = 0; i < 25; i++)
      await stack.ingestQueue.send(chatMessage({ identities: ['email:bulk@example.com'] }));
    await until(async () => (await queueDepth(stack.sqs, stack.config.ingestQueueUrl as string)) === 0);
    const customer = await stack.customers.findByIdentity('email:bulk@example.com');
    const page = await stack.timeline.query([customer?.customerId as string], { limit: 100 });
    expect(page.items).toHaveLength(25);
  });

  it('moves a poison message to the dead-letter queue, and redrive brings it back', async () => {
    const stack = await createTestStack({}, { maxReceiveCount: 2 });
    poller = await start(stack);
    const queueUrl = stack.config.ingestQueueUrl as string;
    await stack.sqs.send(
      new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: '{"type":"interaction"}' }),
    );
    await stack.ingestQueue.send(chatMessage({ identities: ['email:fine@example.com'] }));
    await until(async () => (await queueDepth(stack.sqs, stack.deadLetterQueueUrl)) === 1);
    expect(await stack.customers.findByIdentity('email:fine@example.com')).toBeDefined();
    // The good message is acknowledged (and any redelivery of it settled) before the poller stops.
    await until(async () => (await queueDepth(stack.sqs, queueUrl)) === 0);

    await poller.stop();
    poller = undefined;
    expect(await redrive(stack.sqs, stack.deadLetterQueueUrl, queueUrl)).toEqual({ moved: 1 });
    expect(await queueDepth(stack.sqs, stack.deadLetterQueueUrl)).toBe(0);
    expect(await queueDepth(stack.sqs, queueUrl)).toBe(1);
  });
});
