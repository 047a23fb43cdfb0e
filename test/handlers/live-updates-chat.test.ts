import { randomUUID } from 'node:crypto';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue, DynamoDBRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_CHAT_FRAME_BYTES } from '#channels/chat/live.ts';
import type { Listener } from '#core/live-topics.ts';
import { makeHandler } from '#handlers/live-updates.ts';
import { ChatThreads } from '#store/chat-threads.ts';
import { LiveSubscriptionsRepo } from '#store/live-subscriptions-repo.ts';
import { RetentionMarkers } from '#store/retention-markers.ts';
import { keys } from '#store/table.ts';
import { context } from '../support/events.ts';
import { listening, type ManagementStandIn, startManagementStandIn, streamEvent } from '../support/live.ts';
import { createTestStack, type TestStack } from '../support/local-aws.ts';

const NOW = new Date('2026-05-01T09:00:00.000Z');
type Item = Record<string, unknown>;

/** A stream record with both images whole, as the table's stream gives them. */
function record(oldImage: Item | undefined, newImage: Item | undefined): DynamoDBRecord {
  const image = (item?: Item) =>
    item && (marshall(item, { removeUndefinedValues: true }) as Record<string, AttributeValue>);
  return {
    eventName: oldImage ? (newImage ? 'MODIFY' : 'REMOVE') : 'INSERT',
    eventSource: 'aws:dynamodb',
    dynamodb: { OldImage: image(oldImage), NewImage: image(newImage), StreamViewType: 'NEW_AND_OLD_IMAGES' },
  };
}

function chatEntry(sessionId: string, text: string, more: Item = {}): Item {
  const interactionId = `int_${randomUUID()}`;
  return {
    ...keys.interaction(interactionId),
    gsi1pk: keys.timelinePartition('cust_live'),
    interactionId,
    customerId: 'cust_live',
    conversationId: 'conv_live',
    channel: 'chat',
    direction: 'outbound',
    kind: 'message',
    at: NOW.toISOString(),
    providerMessageId: `reply:${interactionId}`,
    threadKey: `chat:${sessionId}`,
    text,
    attachments: [],
    recordedAt: NOW.toISOString(),
    ...more,
  };
}

describe('live updates: what chat visitors hear', () => {
  let stack: TestStack;
  let subscriptions: LiveSubscriptionsRepo;
  let management: ManagementStandIn;

  beforeAll(async () => {
    stack = await createTestStack();
    subscriptions = new LiveSubscriptionsRepo(stack.table, stack.clock.now);
    management = await startManagementStandIn(new Set());
  });
  afterAll(() => management?.close());

  const listen = (topics: string[], listener: Listener) => listening(subscriptions, topics, listener);
  const handler = () =>
    makeHandler({
      subscriptions,
      connections: management.connections,
      markers: new RetentionMarkers(stack.table),
      chat: { threads: new ChatThreads(stack.table), now: () => NOW },
    });

  it('sends a session its messages, the agent typing and its work item’s moves, in order, to it alone', async () => {
    const sessionId = `chat_${randomUUID()}`;
    const conversationId = `conv_${randomUUID()}`;
    await new ChatThreads(stack.table).add(conversationId, `chat:${sessionId}`);
    const visitor = await listen([`chat:${sessionId}`], { chatSessionId: sessionId });
    const other = await listen(['chat:chat_other'], { chatSessionId: 'chat_other' });
    const reply = chatEntry(sessionId, 'Your refund is on its way.');
    const removed = chatEntry(sessionId, '', { removed: { reason: 'retention', at: NOW.toISOString() } });
    const item = { ...keys.workItem('wi_chat'), conversationId, channel: 'chat', state: 'queued' };
    const typing = { ...keys.typing(conversationId, 'agent'), conversationId, customerId: 'cust_live' };
    await handler()(
      streamEvent(
        record(undefined, reply),
        record(undefined, { ...typing, until: new Date(NOW.getTime() + 6_000).toISOString() }),
        // A spell already over is no news; nor is a work item whose state stayed.
        record(undefined, { ...typing, until: new Date(NOW.getTime() - 1).toISOString() }),
        record(item, { ...item, state: 'offered', agentId: 'agent-ana' }),
        record({ ...item, state: 'offered' }, { ...item, state: 'offered', routingStep: 1 }),
        record(undefined, removed),
        record({ ...item, state: 'assigned' }, { ...item, state: 'wrapped' }),
      ),
      context,
    );
    expect(management.posted(visitor)).toEqual([
      {
        type: 'message',
        sessionId,
        message: {
          messageId: reply.interactionId,
          direction: 'outbound',
          text: 'Your refund is on its way.',
          at: NOW.toISOString(),
        },
      },
      { type: 'typing', sessionId, agentTypingForMs: 6_000 },
      { type: 'queue', sessionId, state: 'offered' },
      { type: 'queue', sessionId, state: 'wrapped' },
    ]);
    expect(management.posted(other)).toEqual([]);
  });

  it('asks the page to read the session again for a message too large for one frame', async () => {
    const sessionId = `chat_${randomUUID()}`;
    const visitor = await listen([`chat:${sessionId}`], { chatSessionId: sessionId });
    const long = chatEntry(sessionId, 'é'.repeat(MAX_CHAT_FRAME_BYTES / 2 + 1), {
      direction: 'inbound',
      providerMessageId: `${sessionId}:m-long`,
    });
    const own = chatEntry(sessionId, 'Hello', {
      direction: 'inbound',
      providerMessageId: `${sessionId}:m-1`,
    });
    await handler()(streamEvent(record(undefined, long), record(undefined, own)), context);
    expect(management.posted(visitor)).toEqual([
      { type: 'changed', sessionId },
      // The visitor's own message names the id their page sent it with.
      {
        type: 'message',
        sessionId,
        message: expect.objectContaining({ direction: 'inbound', text: 'Hello', clientMessageId: 'm-1' }),
      },
    ]);
  });
});
