import { DomainError } from '#core/errors.ts';
import {
  type ArticleDraft,
  type ArticleListing,
  type ArticleVersion,
  INDEXED_TEXT_CHARS,
  INLINE_BODY_CHARS,
  nextVersion,
  type VersionMeta,
} from './article.ts';
import { plainText, snippet } from './markdown.ts';

/** Where articles are kept; `functions/store/kb-repo.ts` implements it. */
export interface ArticleStore {
  get(articleId: string): Promise<ArticleListing | undefined>;
  version(articleId: string, version: number): Promise<ArticleVersion | undefined>;
  body(version: ArticleVersion): Promise<string>;
  placeBody(
    articleId: string,
    version: number,
    body: string,
    inlineChars: number,
  ): Promise<{ body?: string; bodyRef?: string; excerpt?: string }>;
  saveVersion(article: ArticleListing, version: ArticleVersion, previous: number): Promise<void>;
  update(article: ArticleListing, expectedLatest: number, expectedStatus: string): Promise<void>;
}

export class ArticleNotFound extends DomainError {
  constructor(what: string) {
    super('not_found', what);
    this.name = 'ArticleNotFound';
  }
}

function meta(version: ArticleVersion): VersionMeta {
  const { body: _body, bodyRef: _ref, excerpt: _excerpt, ...rest } = version;
  return rest;
}

/** Saves a draft as the article's next version; what customers see changes only on publish. */
export async function saveDraft(
  store: ArticleStore,
  articleId: string,
  draft: ArticleDraft,
  by: string,
  at: Date,
): Promise<ArticleListing> {
  const current = await store.get(articleId);
  const number = nextVersion(current, draft);
  const savedAt = at.toISOString();
  const placed = await store.placeBody(articleId, number, draft.body, INLINE_BODY_CHARS);
  const version: ArticleVersion = {
    articleId,
    version: number,
    title: draft.title,
    ...placed,
    language: draft.language,
    tags: draft.tags,
    queues: draft.queues,
    savedAt,
    savedBy: by,
  };
  const listing: ArticleListing = {
    articleId,
    status: current?.status === 'published' ? 'published' : 'draft',
    latest: meta(version),
    published: current?.published,
    publishedAt: current?.publishedAt,
    createdAt: current?.createdAt ?? savedAt,
    updatedAt: savedAt,
  };
  await store.saveVersion(listing, version, current?.latest.version ?? 0);
  return listing;
}

/** Publishes the latest version (or an earlier one, to roll back); retired articles come back. */
export async function publish(
  store: ArticleStore,
  articleId: string,
  at: Date,
  versionNumber?: number,
): Promise<ArticleListing> {
  const current = await store.get(articleId);
  if (!current) throw new ArticleNotFound(`no article ${articleId}`);
  const number = versionNumber ?? current.latest.version;
  const version = await store.version(articleId, number);
  if (!version) throw new ArticleNotFound(`article ${articleId} has no version ${number}`);
  const text = plainText(await store.body(version)).slice(0, INDEXED_TEXT_CHARS);
  const listing: ArticleListing = {
    ...current,
    status: 'published',
    published: { ...meta(version), text, snippet: snippet(text) },
    publishedAt: at.toISOString(),
    updatedAt: at.toISOString(),
  };
  await store.update(listing, current.latest.version, current.status);
  return listing;
}

/** Takes an article out of search and off customers' pages; its versions stay. */
export async function retire(store: ArticleStore, articleId: string, at: Date): Promise<ArticleListing> {
  const current = await store.get(articleId);
  if (!current) throw new ArticleNotFound(`no article ${articleId}`);
  if (current.status === 'retired') return current;
  const listing: ArticleListing = { ...current, status: 'retired', updatedAt: at.toISOString() };
  await store.update(listing, current.latest.version, current.status);
  return listing;
}
