import * as z from 'zod';
import { ConflictError } from '#core/errors.ts';

/** Article ids are chosen by the supervisor (`returns-policy`): readable in links and logs. */
export const ArticleIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,79}$/, 'lowercase letters, digits and hyphens, at most 80');

/** A language as articles and searches name it: `en`, `de`, `pt-br` (the base decides stemming). */
export const LanguageSchema = z
  .string()
  .regex(/^[a-z]{2}(-[a-z0-9]{2,8})?$/i, 'a language code such as en or pt-br')
  .transform((value) => value.toLowerCase());

/** Longest Markdown body accepted; above INLINE_BODY_CHARS it is kept in the blob store. */
export const MAX_BODY_CHARS = 200_000;

/** What a supervisor writes; each save is a new version. */
export const ArticleDraftSchema = z.strictObject({
  title: z.string().trim().min(1).max(200),
  body: z.string().max(MAX_BODY_CHARS),
  language: LanguageSchema.default('en'),
  tags: z.array(z.string().trim().min(1).max(40)).max(20).default([]),
  /** Queues whose customers and agents see it; none means every queue. */
  queues: z.array(z.string().min(1).max(128)).max(20).default([]),
  /** The version this edit was made from: a save over a newer one is refused, not lost. */
  baseVersion: z.number().int().min(0).optional(),
});
export type ArticleDraft = z.infer<typeof ArticleDraftSchema>;

/** One saved version. A large body lives in the blob store; `excerpt` is what search reads of it. */
export interface ArticleVersion {
  articleId: string;
  version: number;
  title: string;
  body?: string | undefined;
  bodyRef?: string | undefined;
  excerpt?: string | undefined;
  language: string;
  tags: string[];
  queues: string[];
  savedAt: string;
  savedBy: string;
}

export type ArticleStatus = 'draft' | 'published' | 'retired';

export type VersionMeta = Omit<ArticleVersion, 'body' | 'bodyRef' | 'excerpt'>;

/**
 * An article as the listing keeps it: its latest version and the published one without bodies,
 * the published one with the plain text search indexes (capped: a long tail adds little).
 */
export interface ArticleListing {
  articleId: string;
  status: ArticleStatus;
  latest: VersionMeta;
  published?: (VersionMeta & { text: string; snippet: string }) | undefined;
  publishedAt?: string | undefined;
  createdAt: string;
  updatedAt: string;
}

/** Bodies up to this many characters stay in the table item (well under its 400 KB). */
export const INLINE_BODY_CHARS = 16_000;

export function nextVersion(current: ArticleListing | undefined, draft: ArticleDraft): number {
  const latest = current?.latest.version ?? 0;
  if (draft.baseVersion !== undefined && draft.baseVersion !== latest) {
    throw new ArticleConflict(`baseVersion: the article is at version ${latest}, not ${draft.baseVersion}`);
  }
  return latest + 1;
}

/** Customers only ever see a published article in scope of the queue they ask from. */
export function inScope(queues: readonly string[], queueId: string | undefined): boolean {
  return queues.length === 0 || queueId === undefined || queues.includes(queueId);
}

export class ArticleConflict extends ConflictError {
  constructor(message: string) {
    super(message, { field: 'baseVersion' });
    this.name = 'ArticleConflict';
  }
}

/** How much of a body search indexes. */
export const INDEXED_TEXT_CHARS = 8_000;
