import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure, queryAll, type TableClient } from './dynamo.ts';
import { countKb } from './kb-stats.ts';
import { keys } from './table.ts';

export interface ArticleUse {
  workItemId: string;
  articleId: string;
  version: number;
  how: 'link' | 'text';
  by: string;
}

/** Articles agents used on work items, beside the work item; each counts once for its queue. */
export class ArticleUsesRepo {
  constructor(private readonly table: TableClient) {}

  /** True the first time this article is recorded on this work item. */
  async record(use: ArticleUse, queueId: string, at: Date): Promise<boolean> {
    try {
      await this.table.doc.send(
        new PutCommand({
          TableName: this.table.tableName,
          Item: {
            ...keys.articleUse(use.workItemId, use.articleId),
            entity: 'articleUse',
            ...use,
            queueId,
            at: at.toISOString(),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
    await countKb(this.table, queueId, at, 'kbArticleUses');
    return true;
  }

  async list(workItemId: string): Promise<Array<ArticleUse & { at: string }>> {
    const items = await queryAll(this.table, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.workItem(workItemId).pk, ':prefix': 'ARTICLE#' },
    });
    return items.map(({ workItemId, articleId, version, how, by, at }) => ({
      workItemId,
      articleId,
      version,
      how,
      by,
      at,
    })) as Array<ArticleUse & { at: string }>;
  }
}
