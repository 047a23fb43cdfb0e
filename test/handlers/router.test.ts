import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { makeHandler as makeRouter } from '#handlers/router.ts';
import { context, sqsEvent } from '../support/events.ts';
import { floorAgent, floorItem, T0 } from '../support/routing-floor.ts';
import { createRoutingTestStack } from '../support/routing-stack.ts';

describe('the router', () => {
  it('parks a malformed routing event on the dead-letter queue with the reason, and routes the rest', async () => {
    const stack = await createRoutingTestStack();
    await stack.routing.dispatch([
      {
        type: 'queueUpserted',
        queue: { queueId: 'chat', name: 'Chat', steps: [{}], serviceLevel: { seconds: 60, target: 0.8 } },
      },
      { type: 'agentUpserted', agent: floorAgent('ana', 1) },
    ]);
    const result = await makeRouter(stack)(
      sqsEvent([
        '{"type":"itemEnqueued","item":{"workItemId":"wi_x"}}',
        'not json at all',
        JSON.stringify({ type: 'itemEnqueued', item: floorItem(1, T0, 'chat') }),
      ]),
      context,
    );
    expect(result).toEqual({ batchItemFailures: [] });
    expect(await stack.routing.read((state) => [...state.items.keys()])).toEqual(['wi_1']);
    const Messages = [];
    for (let read = 0; read < 3 && Messages.length < 2; read++) {
      const received = await stack.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: stack.eventsDeadLetterQueueUrl,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 1,
          VisibilityTimeout: 30,
          MessageAttributeNames: ['All'],
        }),
      );
      Messages.push(...(received.Messages ?? []));
    }
    expect(Messages.map((message) => message.Body).sort()).toEqual(
      ['not json at all', '{"type":"itemEnqueued","item":{"workItemId":"wi_x"}}'].sort(),
    );
    for (const message of Messages) {
      expect(message.MessageAttributes?.reason?.StringValue).toMatch(/^not a routing event: /);
      expect(message.MessageAttributes?.source?.StringValue).toBe('router');
    }
  });
});
