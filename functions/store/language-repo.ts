import type { LanguageMemory } from '#core/message-language.ts';
import type { TableClient } from './dynamo.ts';
import { keys } from './table.ts';
import { updateIfExists } from './writes.ts';

/**
 * Languages on conversations and customers, and the per-conversation translation switch: each a
 * single-attribute conditional update, so they never race a merge or a rewrite of the record.
 */
export class LanguageRepo implements LanguageMemory {
  constructor(private readonly table: TableClient) {}

  rememberForConversation(conversationId: string, code: string): Promise<void> {
    return this.setIfChanged(keys.conversation(conversationId), 'language', code);
  }

  /** A merged-away customer is left alone: the survivor learns from its own messages. */
  rememberForCustomer(customerId: string, code: string): Promise<void> {
    return this.setIfChanged(
      keys.customer(customerId),
      'preferredLanguage',
      code,
      'attribute_not_exists(mergedInto) AND ',
    );
  }

  /** Turns live translation off (or back on) for one conversation. False when there is no such conversation. */
  async setTranslationOff(conversationId: string, off: boolean): Promise<boolean> {
    const updated = await updateIfExists(this.table, {
      Key: keys.conversation(conversationId),
      UpdateExpression: off ? 'SET translationOff = :on' : 'REMOVE translationOff',
      ...(off ? { ExpressionAttributeValues: { ':on': true } } : {}),
    });
    return updated !== undefined;
  }

  private async setIfChanged(
    key: Record<string, string>,
    attribute: string,
    code: string,
    also = '',
  ): Promise<void> {
    // Already known, or the record is gone or merged: nothing to remember.
    await updateIfExists(this.table, {
      Key: key,
      UpdateExpression: 'SET #attribute = :code',
      ConditionExpression: `${also}(attribute_not_exists(#attribute) OR #attribute <> :code)`,
      ExpressionAttributeNames: { '#attribute': attribute },
      ExpressionAttributeValues: { ':code': code },
    });
  }
}
