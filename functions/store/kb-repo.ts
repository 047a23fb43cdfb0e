import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '#core/errors.ts';
import type { ArticleVersion, ArticleListing as Listed } from '#core/kb/article.ts';
import type { IndexedArticle } from '#core/kb/search-index.ts';
import type { BlobStore } from '#core/ports.ts';
import { queryAll, type TableClient } from './dynamo.ts';
import { keys, withoutLayout } from './table.ts';
import { putIf, transactIf } from './writes.ts';

/** Which index file search reads. */
export interface IndexPointer {
  version: number;
  ref: string;
  builtAt: string;
  articles: number;
  bytes: number;
}

export class ConflictingSave extends ConflictError {
  constructor() {
    super('the article was saved by someone else meanwhile');
    this.name = 'ConflictingSave';
  }
}

/**
 * Knowledge articles: the listing (one partition, what search and the console's list read), each
 * saved version with its body (in the item when small, in the blob store when large), and the
 * pointer to the current index file.
 */
export class KbRepo {
  constructor(
    private readonly table: TableClient,
    readonly blobs: BlobStore,
  ) {}

  async get(articleId: string): Promise<Listed | undefined> {
    const { Item } = await this.table.doc.send(
      new GetCommand({
        TableName: this.table.tableName,
        Key: keys.kbArticle(articleId),
        ConsistentRead: true,
      }),
    );
    return Item ? (withoutLayout(Item) as unknown as Listed) : undefined;
  }

  async list(): Promise<Listed[]> {
    const items = await queryAll(this.table, {
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.kbArticlesPartition() },
    });
    return items.map((item) => withoutLayout(item) as unknown as Listed);
  }

  async version(articleId: string, version: number): Promise<ArticleVersion | undefined> {
    const { Item } = await this.table.doc.send(
      new GetCommand({ TableName: this.table.tableName, Key: keys.kbVersion(articleId, version) }),
    );
    return Item ? (withoutLayout(Item) as unknown as ArticleVersion) : undefined;
  }

  async versions(articleId: string): Promise<ArticleVersion[]> {
    const items = await queryAll(this.table, {
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.kbVersionsPartition(articleId) },
      ProjectionExpression: 'articleId, version, title, #l, tags, queues, savedAt, savedBy',
      ExpressionAttributeNames: { '#l': 'language' },
    });
    return items.map((item) => item as unknown as ArticleVersion);
  }

  /** The body of a version, from the item or the blob store. */
  async body(version: ArticleVersion): Promise<string> {
    if (version.body !== undefined) return version.body;
    const bytes = version.bodyRef ? await this.blobs.get(version.bodyRef) : undefined;
    return bytes ? Buffer.from(bytes).toString('utf8') : (version.excerpt ?? '');
  }

  /** Keeps a large body in the blob store; what the item keeps instead. */
  async placeBody(articleId: string, version: number, body: string, inlineChars: number) {
    if (body.length <= inlineChars) return { body };
    const bodyRef = await this.blobs.put(
      `kb/articles/${articleId}/v${version}.md`,
      Buffer.from(body, 'utf8'),
      'text/markdown; charset=utf-8',
    );
    return { bodyRef, excerpt: body.slice(0, inlineChars) };
  }

  /**
   * Writes a new version and the listing together, only if the listing is still at the version
   * it was read at: two supervisors saving at once never lose one another's edit silently.
   */
  async saveVersion(article: Listed, version: ArticleVersion, previous: number): Promise<void> {
    await this.transact(article, previous, [
      {
        Put: {
          TableName: this.table.tableName,
          Item: { ...keys.kbVersion(version.articleId, version.version), entity: 'kbVersion', ...version },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ]);
  }

  /** Replaces the listing (publish, retire) if it is still at the latest version read. */
  async update(article: Listed, expectedLatest: number, expectedStatus: string): Promise<void> {
    const saved = await putIf(this.table, {
      Item: { ...keys.kbArticle(article.articleId), entity: 'kbArticle', ...article },
      ConditionExpression: 'latest.version = :v AND #s = :s',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':v': expectedLatest, ':s': expectedStatus },
    });
    if (!saved) throw new ConflictingSave();
  }

  /** What the index holds: every published article's searchable text. */
  async publishedArticles(): Promise<IndexedArticle[]> {
    return (await this.list()).flatMap((article) =>
      article.status === 'published' && article.published
        ? [
            {
              articleId: article.articleId,
              version: article.published.version,
              title: article.published.title,
              text: article.published.text,
              snippet: article.published.snippet,
              tags: article.published.tags,
              language: article.published.language,
              queues: article.published.queues,
            },
          ]
        : [],
    );
  }

  async indexPointer(): Promise<IndexPointer | undefined> {
    const { Item } = await this.table.doc.send(
      new GetCommand({ TableName: this.table.tableName, Key: keys.kbIndex() }),
    );
    return Item ? (withoutLayout(Item) as unknown as IndexPointer) : undefined;
  }

  /** Points search at a new index file; false when another build moved the pointer first. */
  async moveIndexPointer(pointer: IndexPointer, previous: number | undefined): Promise<boolean> {
    return putIf(this.table, {
      Item: { ...keys.kbIndex(), entity: 'kbIndex', ...pointer },
      ConditionExpression: previous === undefined ? 'attribute_not_exists(pk)' : 'version = :v',
      ExpressionAttributeValues: previous === undefined ? undefined : { ':v': previous },
    });
  }

  private async transact(article: Listed, previous: number, extra: object[]): Promise<void> {
    const listing = {
      Put: {
        TableName: this.table.tableName,
        Item: { ...keys.kbArticle(article.articleId), entity: 'kbArticle', ...article },
        ConditionExpression: previous === 0 ? 'attribute_not_exists(pk)' : 'latest.version = :v',
        ExpressionAttributeValues: previous === 0 ? undefined : { ':v': previous },
      },
    };
    if (!(await transactIf(this.table, [listing, ...extra] as never))) throw new ConflictingSave();
  }
}
