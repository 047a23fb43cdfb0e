import { queryAll, type TableClient } from './dynamo.ts';
import { countKb } from './queue-stats.ts';
import { keys } from './table.ts';
import { putIfAbsent } from './writes.ts';

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
    const first = await putIfAbsent(this.table, {
      ...keys.articleUse(use.workItemId, use.articleId),
      entity: 'articleUse',
      ...use,
      queueId,
      at: at.toISOString(),
    });
    if (!first) return false;
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
