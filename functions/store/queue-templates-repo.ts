import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { type QueueTemplates, QueueTemplatesSchema } from '#core/templates.ts';
import { getRecord, type TableClient } from './dynamo.ts';
import { keys } from './table.ts';

/**
 * Each queue's own texts for customers and its survey questions, one item per queue. Kept apart
 * from the queue's routing policy: the engine never needs them, and a change of wording is no
 * routing event.
 */
export class QueueTemplatesRepo {
  constructor(private readonly table: TableClient) {}

  async put(queueId: string, templates: QueueTemplates, at: string): Promise<void> {
    await this.table.doc.send(
      new PutCommand({
        TableName: this.table.tableName,
        Item: {
          ...keys.queueTemplates(queueId),
          entity: 'queueTemplates',
          queueId,
          ...templates,
          updatedAt: at,
        },
      }),
    );
  }

  /** The queue's set, or undefined when it has none (the defaults apply). */
  get(queueId: string): Promise<QueueTemplates | undefined> {
    return getRecord(this.table, keys.queueTemplates(queueId), (item) =>
      QueueTemplatesSchema.parse({ templates: item.templates, surveyQuestions: item.surveyQuestions }),
    );
  }
}
