import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { WaitBoards } from '#channels/chat/queue-status.ts';
import { makeHandler } from '#handlers/chat-api.ts';
import { makeHandler as makeIngest } from '#handlers/ingest.ts';
import type { HttpResult } from '#http/response.ts';
import { PartitionMap } from '#routing/partitions.ts';
import { context, httpEvent, sqsEvent } from '../support/events.ts';
import { createRoutingTestStack } from '../support/routing-stack.ts';

const body = (result: HttpResult) => JSON.parse(result.body ?? '{}');

/** Asks again until the answer holds: the wait board is refreshed at most once a second. */
async function eventually<T>(ask: () => Promise<T>, holds: (value: T) => boolean): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const value = await ask();
    if (holds(value) || attempt > 50) return value;
    await new Promise((done) => setTimeout(done, 100));
  }
}

describe('GET /chat/sessions/{sessionId}/queue', () => {
  it("tells each waiting visitor their place and estimated wait, and the one being served that it's their turn", async () => {
    const stack = await createRoutingTestStack();
    const chat = makeHandler({
      ...stack,
      waitBoards: new WaitBoards(stack, new PartitionMap(stack.routingPartition)),
    });
    const sessions = [];
    for (const name of ['first', 'second', 'third']) {
      const opened = body(await chat(httpEvent('POST /chat/sessions', { body: { name } }), context));
      await chat(
        httpEvent('POST /chat/sessions/{sessionId}/messages', {
          pathParameters: { sessionId: opened.sessionId },
          token: opened.token,
          body: { text: `hello from ${name}`, clientMessageId: 'm1' },
        }),
        context,
      );
      sessions.push(opened as { sessionId: string; token: string; customerId: string });
    }
    const quiet = body(await chat(httpEvent('POST /chat/sessions', { body: {} }), context));
    const { Messages = [] } = await stack.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: stack.config.ingestQueueUrl, MaxNumberOfMessages: 10 }),
    );
    await makeIngest(stack)(sqsEvent(Messages.map((m) => m.Body ?? '')), context);
    const items = [];
    for (const session of sessions) {
      const customer = await stack.customers.get(session.customerId);
      const conversation = await stack.conversations.get(customer?.lastConversationId ?? '');
      items.push(await stack.workItems.get(conversation?.openWorkItemId ?? ''));
    }
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
        agent: {
          agentId: 'ana',
          name: 'Ana',
          skills: {},
          capacity: { chat: 1 },
          status: 'available',
          load: {},
        },
      },
      ...items.map((item) => ({ type: 'itemEnqueued' as const, item: item as NonNullable<typeof item> })),
    ]);
    const [offer] = await stack.routing.read((state) => [...state.offers.values()].map((o) => o.offer));
    await stack.routing.dispatch([{ type: 'offerAccepted', offerId: offer?.offerId as string }]);

    const status = (session: { sessionId: string; token: string }) =>
      chat(
        httpEvent('GET /chat/sessions/{sessionId}/queue', {
          pathParameters: { sessionId: session.sessionId },
          token: session.token,
        }),
        context,
      ).then(body);
    const [served, second, third] = sessions as [
      (typeof sessions)[0],
      (typeof sessions)[0],
      (typeof sessions)[0],
    ];
    expect(
      await eventually(
        () => status(served),
        (s) => s.state === 'assigned',
      ),
    ).toEqual({
      queueId: 'general',
      state: 'assigned',
      position: 0,
      estimatedWaitSeconds: 0,
      open: true,
    });
    // One agent, nothing finished yet to learn from: each customer ahead costs the default 300 s.
    expect(await status(second)).toMatchObject({ state: 'waiting', position: 1, estimatedWaitSeconds: 300 });
    expect(await status(third)).toMatchObject({ state: 'waiting', position: 2 });
    expect((await status(third)).estimatedWaitSeconds).toBeGreaterThan(500);
    expect(await status(quiet)).toEqual({
      queueId: null,
      state: 'closed',
      position: null,
      estimatedWaitSeconds: null,
      open: true,
    });
    const stranger = await chat(
      httpEvent('GET /chat/sessions/{sessionId}/queue', {
        pathParameters: { sessionId: second.sessionId },
        token: 'x',
      }),
      context,
    );
    expect(stranger.statusCode).toBe(401);
  });
});
