import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { chatThreadKey } from '#core/chat-session.ts';
import { type Channel, type Conversation, ConversationSchema } from '#core/model.ts';
import { ConcurrentUpdateError, type ConversationStore } from '#core/ports.ts';
import { ChatThreads } from './chat-threads.ts';
import { getRecord, isConditionFailure, type TableClient } from './dynamo.ts';
import { keys } from './table.ts';

const CHAT_THREAD = chatThreadKey('');

/** Conversations, the customer's latest-conversation pointer, and thread-key bindings. */
export class ConversationsRepo implements ConversationStore {
  constructor(private readonly table: TableClient) {}

  get(conversationId: string): Promise<Conversation | undefined> {
    // Channels are stored as a string set so adding one is idempotent.
    return getRecord(this.table, keys.conversation(conversationId), (item) =>
      ConversationSchema.parse({
        ...item,
        channels: item.channels instanceof Set ? [...item.channels] : item.channels,
      }),
    );
  }

  async start(conversation: Conversation, expectedLatest: string | undefined): Promise<void> {
    try {
      await this.table.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.table.tableName,
                Item: {
                  ...keys.conversation(conversation.conversationId),
                  entity: 'conversation',
                  ...conversation,
                  channels: new Set(conversation.channels),
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Update: {
                TableName: this.table.tableName,
                Key: keys.customer(conversation.customerId),
                UpdateExpression: 'SET lastConversationId = :conversation',
                ConditionExpression: `attribute_exists(pk) AND attribute_not_exists(mergedInto) AND ${
                  expectedLatest
                    ? 'lastConversationId = :expected'
                    : 'attribute_not_exists(lastConversationId)'
                }`,
                ExpressionAttributeValues: {
                  ':conversation': conversation.conversationId,
                  ...(expectedLatest ? { ':expected': expectedLatest } : {}),
                },
              },
            },
          ],
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) throw new ConcurrentUpdateError(`customer ${conversation.customerId}`);
      throw error;
    }
  }

  async touch(conversation: Conversation, at: string, channel: Channel): Promise<void> {
    const key = keys.conversation(conversation.conversationId);
    try {
      await this.table.doc.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: key,
          UpdateExpression: 'SET lastActivityAt = :at ADD channels :channel',
          ConditionExpression: 'lastActivityAt < :at',
          ExpressionAttributeValues: { ':at': at, ':channel': new Set([channel]) },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      // A late or repeated interaction: keep the newer activity time, still note the channel.
      if (!conversation.channels.includes(channel)) {
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
  }

  async markLatest(customerId: string, conversationId: string): Promise<void> {
    try {
      await this.table.doc.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.customer(customerId),
          UpdateExpression: 'SET lastConversationId = :conversation',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(mergedInto)',
          ExpressionAttributeValues: { ':conversation': conversationId },
        }),
      );
    } catch (error) {
      // Merged meanwhile: the survivor keeps its own pointer.
      if (!isConditionFailure(error)) throw error;
    }
  }

  async threadConversation(threadKey: string): Promise<string | undefined> {
    const { Item } = await this.table.doc.send(
      new GetCommand({ TableName: this.table.tableName, Key: keys.thread(threadKey), ConsistentRead: true }),
    );
    return Item?.conversationId as string | undefined;
  }

  async bindThread(threadKey: string, conversationId: string): Promise<string> {
    try {
      await this.table.doc.send(
        new PutCommand({
          TableName: this.table.tableName,
          Item: { ...keys.thread(threadKey), entity: 'thread', threadKey, conversationId },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      return (await this.threadConversation(threadKey)) ?? conversationId;
    }
    if (threadKey.startsWith(CHAT_THREAD)) await new ChatThreads(this.table).add(conversationId, threadKey);
    return conversationId;
  }
}
