import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { LanguageMemory } from '#core/message-language.ts';
import { isConditionFailure, type TableClient } from './dynamo.ts';
import { keys } from './table.ts';

/**
 * Languages on conversations and customers, and the per-conversation translation switch: each a
 * single-attribute conditional update, so they never race a merge or a rewrite of the record.
 */
export class LanguageRepo implements LanguageMemory {
  constructor(private readonly table: TableClient) {}

  rememberForConversation(conversationId: string, code: string): Promise<void> {
    return this.setIfChanged(keys.conversation(conversationId), 'language', code, 'attribute_exists(pk)');
  }

  /** A merged-away customer is left alone: the survivor learns from its own messages. */
  rememberForCustomer(customerId: string, code: string): Promise<void> {
    return this.setIfChanged(
      keys.customer(customerId),
      'preferredLanguage',
      code,
      'attribute_exists(pk) AND attribute_not_exists(mergedInto)',
    );
  }

  /** Turns live translation off (or back on) for one conversation. False when there is no such conversation. */
  async setTranslationOff(conversationId: string, off: boolean): Promise<boolean> {
    try {
      await this.table.doc.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.conversation(conversationId),
          UpdateExpression: off ? 'SET translationOff = :on' : 'REMOVE translationOff',
          ConditionExpression: 'attribute_exists(pk)',
          ...(off ? { ExpressionAttributeValues: { ':on': true } } : {}),
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  private async setIfChanged(
    key: Record<string, string>,
    attribute: string,
    code: string,
    exists: string,
  ): Promise<void> {
    try {
      await this.table.doc.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: key,
          UpdateExpression: 'SET #attribute = :code',
          ConditionExpression: `${exists} AND (attribute_not_exists(#attribute) OR #attribute <> :code)`,
          ExpressionAttributeNames: { '#attribute': attribute },
          ExpressionAttributeValues: { ':code': code },
        }),
      );
    } catch (error) {
      // Already known, or the record is gone or merged: nothing to remember.
      if (!isConditionFailure(error)) throw error;
    }
  }
}
