import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import type { Conversation, Interaction } from '#core/model.ts';
import type { ContactReader, ContactSnapshot } from '#core/ports.ts';
import { conversationOf } from './conversations-repo.ts';
import type { TableClient } from './dynamo.ts';
import { keys, withoutLayout } from './table.ts';
import { interactionOf } from './timeline-repo.ts';

/** BatchGetItem takes at most 100 keys; a contact asks for a handful. */
const MAX_KEYS = 100;

/**
 * The records an ingest decision starts from (the interaction, thread bindings, conversations),
 * in one strongly consistent BatchGetItem instead of a GetItem each.
 */
export class ContactReads implements ContactReader {
  constructor(
    private readonly table: TableClient,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async snapshot(request: {
    interactionId: string;
    threadKeys: readonly string[];
    conversationIds: readonly string[];
  }): Promise<ContactSnapshot> {
    const wanted = [
      keys.interaction(request.interactionId),
      ...[...new Set(request.threadKeys)].map(keys.thread),
      ...[...new Set(request.conversationIds)].map(keys.conversation),
    ].slice(0, MAX_KEYS);
    const snapshot = {
      interaction: undefined as Interaction | undefined,
      threads: new Map<string, string>(),
      conversations: new Map<string, Conversation>(),
    };
    for (const item of await this.batchGet(wanted)) {
      if (item.entity === 'thread') snapshot.threads.set(String(item.threadKey), String(item.conversationId));
      else if (item.sk === 'CONVERSATION') {
        const conversation = conversationOf(withoutLayout(item));
        snapshot.conversations.set(conversation.conversationId, conversation);
      } else if (item.sk === 'INTERACTION') snapshot.interaction = interactionOf(item, this.now());
    }
    return snapshot;
  }

  /** Every item found; keys DynamoDB left unprocessed (throttling) are asked again. */
  private async batchGet(wanted: Array<Record<string, string>>): Promise<Array<Record<string, unknown>>> {
    const found: Array<Record<string, unknown>> = [];
    let pending: Array<Record<string, unknown>> = wanted;
    while (pending.length) {
      const { Responses, UnprocessedKeys } = await this.table.doc.send(
        new BatchGetCommand({
          RequestItems: { [this.table.tableName]: { Keys: pending, ConsistentRead: true } },
        }),
      );
      found.push(...(Responses?.[this.table.tableName] ?? []));
      pending = UnprocessedKeys?.[this.table.tableName]?.Keys ?? [];
    }
    return found;
  }
}
