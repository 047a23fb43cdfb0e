import { randomUUID } from 'node:crypto';
import { DeleteMessageCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { WaitBoards } from '#channels/chat/queue-status.ts';
import { WEEKDAYS } from '#core/business-hours.ts';
import type { QueueInput, RoutableItem } from '#core/routing/index.ts';
import { makeHandler } from '#handlers/chat-api.ts';
import { makeHandler as makeIngest } from '#handlers/ingest.ts';
import { makeHandler as makeRouter } from '#handlers/router.ts';
import { makeHandler as makeRoutingApi } from '#handlers/routing-api.ts';
import { makeHandler as makeTimers } from '#handlers/routing-timers.ts';
import type { HttpResult } from '#http/response.ts';
import { PartitionMap } from '#routing/partitions.ts';
import { QueueHoursRepo } from '#store/queue-hours-repo.ts';
import { keys } from '#store/table.ts';
import { context, httpEvent, sqsEvent, supervisorClaims } from '../support/events.ts';
import { createRoutingTestStack, type RoutingTestStack } from '../support/routing-stack.ts';

const body = (result: HttpResult) => JSON.parse(result.body ?? '{}');

async function receive(stack: RoutingTestStack, url: string): Promise<string[]> {
  const { Messages = [] } = await stack.sqs.send(
    new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
  );
  // Taken off the queue: a FIFO group waits while one of its messages is in flight.
  for (const { ReceiptHandle } of Messages) {
    await stack.sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle }));
  }
  return Messages.map((m) => m.Body ?? '');
}

/** A visitor with a chat waiting in `general`: session opened, first message ingested and routed. */
async function waitingVisitor(stack: RoutingTestStack, queue: Partial<QueueInput> = {}) {
  const chat = makeHandler({
    ...stack,
    waitBoards: new WaitBoards(stack, new PartitionMap(stack.routingPartition)),
  });
  const opened = body(await chat(httpEvent('POST /chat/sessions', { body: { name: 'Vera' } }), context));
  await chat(
    httpEvent('POST /chat/sessions/{sessionId}/messages', {
      pathParameters: { sessionId: opened.sessionId },
      token: opened.token,
      body: { text: 'hello?', clientMessageId: 'm1' },
    }),
    context,
  );
  await makeRoutingApi(stack)(
    httpEvent('PUT /queues/{queueId}', {
      claims: supervisorClaims,
      pathParameters: { queueId: 'general' },
      body: { name: 'General', steps: [{}], serviceLevel: { seconds: 60, target: 0.8 }, ...queue },
    }),
    context,
  );
  await makeIngest(stack)(sqsEvent(await receive(stack, stack.config.ingestQueueUrl ?? '')), context);
  // Ingest told routing of the new work item.
  await makeRouter(stack)(sqsEvent(await receive(stack, stack.eventsQueueUrl)), context);
  const customer = await stack.customers.get(opened.customerId);
  const conversation = await stack.conversations.get(customer?.lastConversationId ?? '');
  const workItemId = conversation?.openWorkItemId ?? '';
  return { chat, session: opened as { sessionId: string; token: string }, workItemId };
}

describe('a chat visitor leaving the queue', () => {
  it('is abandoned when they end the chat while waiting, and is then no longer in line', async () => {
    const stack = await createRoutingTestStack();
    const { chat, session, workItemId } = await waitingVisitor(stack);
    const ended = await chat(
      httpEvent('POST /chat/sessions/{sessionId}/end', {
        pathParameters: { sessionId: session.sessionId },
        token: session.token,
      }),
      context,
    );
    expect(ended.statusCode).toBe(202);
    expect(body(ended)).toEqual({ abandoned: true, leaving: false });
    const sent = await receive(stack, stack.eventsQueueUrl);
    expect(sent.map((m) => JSON.parse(m))).toEqual([{ type: 'itemAbandoned', workItemId }]);
    await makeRouter(stack)(sqsEvent(sent), context);
    expect(await stack.workItems.get(workItemId)).toMatchObject({ state: 'abandoned' });
    const status = await chat(
      httpEvent('GET /chat/sessions/{sessionId}/queue', {
        pathParameters: { sessionId: session.sessionId },
        token: session.token,
      }),
      context,
    );
    expect(body(status)).toMatchObject({ state: 'closed' });
  });

  it('takes the page-hide beacon with the token in a text/plain body, on this route only', async () => {
    const stack = await createRoutingTestStack();
    const { chat, session, workItemId } = await waitingVisitor(stack);
    const beacon = (token: string) => {
      const event = httpEvent('POST /chat/sessions/{sessionId}/end', {
        pathParameters: { sessionId: session.sessionId },
        rawBody: JSON.stringify({ token, leaving: true }),
      });
      event.headers['content-type'] = 'text/plain;charset=UTF-8';
      return chat(event, context);
    };
    expect((await beacon('not-the-token')).statusCode).toBe(401);
    const left = await beacon(session.token);
    expect(left.statusCode).toBe(202);
    expect(body(left)).toEqual({ abandoned: false, leaving: true });
    const sent = await receive(stack, stack.eventsQueueUrl);
    expect(sent.map((m) => JSON.parse(m))).toEqual([{ type: 'customerLeft', workItemId }]);
    // The routing decision: a look again a minute later, unless the visitor comes back first.
    const decided = await stack.routing.dispatch(sent.map((m) => JSON.parse(m)));
    expect(decided).toEqual([
      expect.objectContaining({
        type: 'timer',
        event: { type: 'presenceTimerExpired', workItemId, why: 'left' },
      }),
    ]);
    // Another page of the site polls: the visitor is back, and routing hears it at once.
    const poll = httpEvent('GET /chat/sessions/{sessionId}/queue', {
      pathParameters: { sessionId: session.sessionId },
      token: session.token,
    });
    await chat(poll, context);
    await chat(poll, context);
    const seen = await receive(stack, stack.eventsQueueUrl);
    expect(seen.map((m) => JSON.parse(m))).toEqual([{ type: 'customerSeen', workItemId }]);
    // A body token is no key to any other route.
    const other = httpEvent('GET /chat/sessions/{sessionId}/queue', {
      pathParameters: { sessionId: session.sessionId },
      rawBody: JSON.stringify({ token: session.token }),
    });
    expect((await chat(other, context)).statusCode).toBe(401);
  });

  it('abandons a chat unseen for its queue’s inactivity time, counted against the service level', async () => {
    const stack = await createRoutingTestStack();
    const queueId = `patient-${randomUUID().slice(0, 8)}`;
    const api = makeRoutingApi(stack);
    await api(
      httpEvent('PUT /queues/{queueId}', {
        claims: supervisorClaims,
        pathParameters: { queueId },
        body: {
          name: 'Patient',
          steps: [{}],
          serviceLevel: { seconds: 60, target: 0.8 },
          inactivitySeconds: 60,
        },
      }),
      context,
    );
    // A visitor last heard of five minutes ago, with nobody signed in to take the chat.
    const item: RoutableItem = {
      workItemId: `wi-${queueId}`,
      conversationId: `conv-${queueId}`,
      customerId: 'cust-quiet',
      channel: 'chat',
      queueId,
      priority: 5,
      enqueuedAt: new Date(Date.now() - 5 * 60_000).toISOString(),
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
          createdFromInteractionId: 'int-quiet',
        },
      }),
    );
    await stack.routing.dispatch([{ type: 'itemEnqueued', item }]);
    // The presence timer is already due: the timer consumer hands it to routing.
    await makeTimers(stack)(sqsEvent(await receive(stack, stack.timerQueueUrl)), context);
    expect(await stack.workItems.get(item.workItemId)).toMatchObject({ state: 'abandoned' });
    const queues = body(await api(httpEvent('GET /queues', { claims: supervisorClaims }), context)).queues;
    expect(queues.find((q: { queueId: string }) => q.queueId === queueId)).toMatchObject({
      answeredToday: 0,
      abandonedToday: 1,
      serviceLevelToday: 0,
    });
  });
});

describe('a chat outside the queue’s hours', () => {
  it('shows the visitor the queue closed with its next opening, and offers the chat to nobody', async () => {
    const stack = await createRoutingTestStack();
    // Open one hour, two days from now (UTC): closed now, whatever the day.
    const later = new Date(Date.now() + 2 * 86_400_000);
    const day = WEEKDAYS[later.getUTCDay()] ?? 'mon';
    const hours = { timeZone: 'UTC', weekly: [{ day, open: '10:00', close: '11:00' }] };
    await stack.routing.dispatch([
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
    const { chat, session, workItemId } = await waitingVisitor(stack, { hours });
    const status = await chat(
      httpEvent('GET /chat/sessions/{sessionId}/queue', {
        pathParameters: { sessionId: session.sessionId },
        token: session.token,
      }),
      context,
    );
    const nextOpening = `${later.toISOString().slice(0, 10)}T10:00:00.000Z`;
    expect(body(status)).toMatchObject({ queueId: 'general', state: 'waiting', open: false, nextOpening });
    expect(await new QueueHoursRepo(stack.table).opening('general', Date.now())).toEqual({
      open: false,
      nextOpening,
    });
    expect(await stack.workItems.get(workItemId)).toMatchObject({ state: 'queued' });
    const offers = await stack.routing.read((state) => [...state.offers.values()]);
    expect(offers).toEqual([]);
  });
});
