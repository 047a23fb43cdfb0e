import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Customer } from '#core/model.ts';
import { timelineOwners } from '#core/resolution.ts';
import { makeHandler } from '#handlers/ingest.ts';
import { keys } from '#store/table.ts';
import { chatMessage, context, sqsEvent } from '../support/events.ts';
import { createTestStack, type TestStack } from '../support/local-aws.ts';

describe('ingest handler', () => {
  let stack: TestStack;
  let ingest: ReturnType<typeof makeHandler>;
  beforeEach(async () => {
    stack = await createTestStack();
    ingest = makeHandler(stack);
  });

  async function timelineOf(identity: `${string}:${string}`) {
    const customer = await stack.customers.findByIdentity(identity);
    if (!customer) throw new Error(`no customer for ${identity}`);
    return (await stack.timeline.query(timelineOwners(customer), { limit: 100 })).items;
  }

  it('puts a message on the sender’s timeline with a conversation and a work item', async () => {
    const message = chatMessage({ entryPoint: 'billing', threadKey: 'chat:s1' });
    expect(await ingest(sqsEvent([message]), context)).toEqual({ batchItemFailures: [] });
    const [entry] = await timelineOf('email:ana@example.com');
    expect(entry).toMatchObject({ channel: 'chat', direction: 'inbound', text: message.text });
    const conversation = await stack.conversations.get(entry?.conversationId as string);
    const item = await stack.workItems.get(conversation?.openWorkItemId as string);
    expect(item).toMatchObject({
      queueId: 'billing',
      state: 'queued',
      conversationId: conversation?.conversationId,
    });
  });

  it('stores a message delivered five times once, even when the deliveries race', async () => {
    const message = chatMessage();
    await Promise.all(Array.from({ length: 5 }, () => ingest(sqsEvent([message]), context)));
    await ingest(sqsEvent([message, message]), context);
    expect(await timelineOf('email:ana@example.com')).toHaveLength(1);
  });

  it('opens one work item for a conversation, not one per message', async () => {
    await ingest(sqsEvent([chatMessage()]), context);
    await ingest(sqsEvent([chatMessage(), chatMessage()]), context);
    const entries = await timelineOf('email:ana@example.com');
    expect(new Set(entries.map((entry) => entry.conversationId)).size).toBe(1);
    const conversation = await stack.conversations.get(entries[0]?.conversationId as string);
    expect(conversation?.openWorkItemId).toBeDefined();
  });

  it('joins a WhatsApp message to the customer who called from the same number', async () => {
    await ingest(sqsEvent([chatMessage({ channel: 'sms', identities: ['phone:(415) 555-0100'] })]), context);
    await ingest(
      sqsEvent([chatMessage({ channel: 'whatsapp', identities: ['whatsapp:14155550100'] })]),
      context,
    );
    const entries = await timelineOf('phone:+14155550100');
    expect(entries.map((entry) => entry.channel)).toEqual(['whatsapp', 'sms']);
  });

  it('fails only the bad record of a batch, so the rest are acknowledged', async () => {
    const event = sqsEvent([chatMessage(), '{"type":"interaction"', chatMessage({ identities: ['fax:1'] })]);
    const result = await ingest(event, context);
    expect(result.batchItemFailures.map((failure) => failure.itemIdentifier)).toEqual([
      event.Records[1]?.messageId,
      event.Records[2]?.messageId,
    ]);
    expect(await timelineOf('email:ana@example.com')).toHaveLength(1);
  });

  it('writes a chat message with the expiry a one-day retention policy gives it', async () => {
    const kept = await createTestStack({ retention: { channels: { chat: 1 } } });
    const message = chatMessage({ identities: ['email:brief@example.com'] });
    await makeHandler(kept)(sqsEvent([message]), context);
    const customer = await kept.customers.findByIdentity('email:brief@example.com');
    const [entry] = (await kept.timeline.query(timelineOwners(customer as Customer), { limit: 1 })).items;
    const { Item } = await kept.table.doc.send(
      new GetCommand({ TableName: kept.table.tableName, Key: keys.interaction(entry?.interactionId ?? '') }),
    );
    expect(Item?.expiresAt).toBe(Date.parse(message.at) / 1000 + 86_400);
  });

  it('starts a new conversation once the previous one has gone quiet', async () => {
    const quiet = await createTestStack({ conversationPolicy: { quietSeconds: 1 } });
    const handler = makeHandler(quiet);
    const first = chatMessage({
      identities: ['email:quiet@example.com'],
      at: new Date(Date.now() - 60_000).toISOString(),
    });
    await handler(sqsEvent([first]), context);
    const customer = await quiet.customers.findByIdentity('email:quiet@example.com');
    const conversationId = customer?.lastConversationId as string;
    // Close the work item's hold on the conversation as an agent completing it would.
    const { UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
    await quiet.table.doc.send(
      new UpdateCommand({
        TableName: quiet.table.tableName,
        Key: { pk: `CONVERSATION#${conversationId}`, sk: 'CONVERSATION' },
        UpdateExpression: 'REMOVE openWorkItemId',
      }),
    );
    await handler(sqsEvent([chatMessage({ identities: ['email:quiet@example.com'] })]), context);
    const items = (await quiet.timeline.query([customer?.customerId as string], { limit: 10 })).items;
    expect(new Set(items.map((item) => item.conversationId)).size).toBe(2);
  });

  it("notes a work item's first agent response once, leaving out automatic messages and later replies", async () => {
    const inbound = chatMessage({ threadKey: 'chat:s1' });
    await ingest(sqsEvent([inbound]), context);
    const [entry] = await timelineOf('email:ana@example.com');
    const conversationId = entry?.conversationId as string;
    const reply = (at: string, extra: Partial<Parameters<typeof chatMessage>[0]> = {}) =>
      chatMessage({ direction: 'outbound', threadKey: 'chat:s1', conversationId, at, ...extra });
    await ingest(
      sqsEvent([
        reply('2026-05-01T09:05:00.000Z', { flags: ['automatic'], sentBy: 'agent-ana' }),
        reply('2026-05-01T09:06:00.000Z', { sentBy: 'agent-ana' }),
      ]),
      context,
    );
    await ingest(sqsEvent([reply('2026-05-01T09:09:00.000Z', { sentBy: 'agent-ana' })]), context);
    const conversation = await stack.conversations.get(conversationId);
    const item = await stack.workItems.get(conversation?.openWorkItemId as string);
    expect(item?.firstResponseAt).toBe('2026-05-01T09:06:00.000Z');
  });
});
