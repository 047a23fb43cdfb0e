import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { chatThreadKey } from '#core/chat-session.ts';
import { type Channel, type Conversation, ConversationSchema } from '#core/model.ts';
import { ConcurrentUpdateError, type ConversationStore } from '#core/ports.ts';
import { ChatThreads } from './chat-threads.ts';
import { getRecord, type TableClient } from './dynamo.ts';
import { keys } from './table.ts';
import { newItem, putIfAbsent, transactIf, updateIf, updateIfExists } from './writes.ts';

/** A stored conversation (layout attributes dropped) as the core sees it. */
export function conversationOf(item: Record<string, unknown>): Conversation {
  // Channels are stored as a string set so adding one is idempotent.
  return ConversationSchema.parse({
    ...item,
    channels: item.channels instanceof Set ? [...item.channels] : item.channels,
  });
}

const CHAT_THREAD = chatThreadKey('');

/** Conversations, the customer's latest-conversation pointer, and thread-key bindings. */
export class ConversationsRepo implements ConversationStore {
  constructor(private readonly table: TableClient) {}

  get(conversationId: string): Promise<Conversation | undefined> {
    return getRecord(this.table, keys.conversation(conversationId), conversationOf);
  }

  async start(conversation: Conversation, expectedLatest: string | undefined): Promise<void> {
    const started = await transactIf(this.table, [
      newItem(this.table, {
        ...keys.conversation(conversation.conversationId),
        entity: 'conversation',
        ...conversation,
        channels: new Set(conversation.channels),
      }),
      {
        Update: {
          TableName: this.table.tableName,
          Key: keys.customer(conversation.customerId),
          UpdateExpression: 'SET lastConversationId = :conversation',
          ConditionExpression: `attribute_exists(pk) AND attribute_not_exists(mergedInto) AND ${
            expectedLatest ? 'lastConversationId = :expected' : 'attribute_not_exists(lastConversationId)'
          }`,
          ExpressionAttributeValues: {
            ':conversation': conversation.conversationId,
            ...(expectedLatest ? { ':expected': expectedLatest } : {}),
          },
        },
      },
    ]);
    if (!started) throw new ConcurrentUpdateError(`customer ${conversation.customerId}`);
  }

  async touch(conversation: Conversation, at: string, channel: Channel): Promise<void> {
    const key = keys.conversation(conversation.conversationId);
    const touched = await updateIf(this.table, {
      Key: key,
      UpdateExpression: 'SET lastActivityAt = :at ADD channels :channel',
      ConditionExpression: 'lastActivityAt < :at',
      ExpressionAttributeValues: { ':at': at, ':channel': new Set([channel]) },
    });
    // A late or repeated interaction: keep the newer activity time, still note the channel.
    if (!touched && !conversation.channels.includes(channel)) {
      await this.table.doc.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: key,
          UpdateExpression: 'ADD channels :channel',
          ExpressionAttributeValues: { ':channel': new Set([channel]) },
        }),
      );
    }
  }

  async markLatest(customerId: string, conversationId: string): Promise<void> {
    // Merged meanwhile: the survivor keeps its own pointer.
    await updateIfExists(this.table, {
      Key: keys.customer(customerId),
      UpdateExpression: 'SET lastConversationId = :conversation',
      ConditionExpression: 'attribute_not_exists(mergedInto)',
      ExpressionAttributeValues: { ':conversation': conversationId },
    });
  }

  /**
   * The conversation may take a new work item again: only while `workItemId` is the one it
   * holds. False when it holds another (or none) already.
   */
  async releaseWorkItem(conversationId: string, workItemId: string): Promise<boolean> {
    const holding = { ':item': workItemId };
    const released = await updateIf(this.table, {
      Key: keys.conversation(conversationId),
      UpdateExpression: 'REMOVE openWorkItemId',
      ConditionExpression: 'openWorkItemId = :item',
      ExpressionAttributeValues: holding,
    });
    return released !== undefined;
  }

  async threadConversation(threadKey: string): Promise<string | undefined> {
    const { Item } = await this.table.doc.send(
      new GetCommand({ TableName: this.table.tableName, Key: keys.thread(threadKey), ConsistentRead: true }),
    );
    return Item?.conversationId as string | undefined;
  }

  async bindThread(threadKey: string, conversationId: string): Promise<string> {
    const bound = await putIfAbsent(this.table, {
      ...keys.thread(threadKey),
      entity: 'thread',
      threadKey,
      conversationId,
    });
    if (!bound) return (await this.threadConversation(threadKey)) ?? conversationId;
    if (threadKey.startsWith(CHAT_THREAD)) await new ChatThreads(this.table).add(conversationId, threadKey);
    return conversationId;
  }
}
