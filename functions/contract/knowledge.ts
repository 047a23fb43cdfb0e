import * as z from 'zod';
import { CannedResponseBodySchema, CannedResponseSchema } from '#core/canned-responses.ts';
import { ArticleDraftSchema } from '#core/kb/article.ts';
import { SearchHitSchema } from '#core/kb/search-index.ts';
import { SearchQuerySchema as CannedSearchQuerySchema } from '#handlers/canned-responses.ts';
import {
  ArticleUseSchema,
  SearchQuerySchema as KbSearchQuerySchema,
  PreviewSchema,
  PublishSchema,
} from '#handlers/knowledge-api.ts';
import type { RouteContract } from './contract.ts';

const isoTime = z.iso.datetime({ offset: true });

/** A saved version without its body (VersionMeta). */
export const ArticleVersionMetaSchema = z
  .object({
    articleId: z.string(),
    version: z.number().int(),
    title: z.string(),
    language: z.string(),
    tags: z.array(z.string()),
    queues: z.array(z.string()),
    savedAt: isoTime,
    savedBy: z.string(),
  })
  .meta({ id: 'ArticleVersionMeta' });

/** An article as the listing shows it (ArticleListing without the indexed text). */
export const ArticleListingSchema = z
  .object({
    articleId: z.string(),
    status: z.enum(['draft', 'published', 'retired']),
    latest: ArticleVersionMetaSchema,
    published: ArticleVersionMetaSchema.extend({ snippet: z.string() }).optional(),
    publishedAt: isoTime.optional(),
    createdAt: isoTime,
    updatedAt: isoTime,
  })
  .meta({ id: 'ArticleListing' });

/** One article and one of its versions, with its Markdown and the platform's safe rendering. */
export const ArticleDetailSchema = ArticleListingSchema.extend({
  version: ArticleVersionMetaSchema.extend({ body: z.string(), html: z.string() }),
  url: z.string().optional(),
}).meta({ id: 'ArticleDetail' });

export const ArticleHitSchema = SearchHitSchema.extend({ url: z.string().optional() }).meta({
  id: 'ArticleHit',
});

export const ArticleUseRecordSchema = ArticleUseSchema.extend({
  workItemId: z.string(),
  version: z.number().int(),
  by: z.string(),
}).meta({ id: 'ArticleUse' });

const IndexPointerSchema = z.object({
  version: z.number().int(),
  ref: z.string(),
  builtAt: isoTime,
  articles: z.number().int(),
  bytes: z.number().int(),
});

const CannedViewSchema = CannedResponseSchema.extend({
  /** The text with its placeholders filled for the work item asked about. */
  rendered: z.string().optional(),
}).meta({ id: 'CannedResponse' });

const articleAnswer = (description: string) => ({
  description,
  schema: z.object({ article: ArticleListingSchema, index: IndexPointerSchema }),
});
const supervisors = [403] as const;

export const KNOWLEDGE_CONTRACTS: Record<string, RouteContract> = {
  'GET /kb/search': {
    summary: 'Search published articles',
    query: KbSearchQuerySchema,
    responses: {
      200: {
        description: 'Best first; the same for everyone for a minute',
        schema: z.object({ results: z.array(ArticleHitSchema), indexVersion: z.number().int() }),
      },
    },
  },
  'GET /kb/published/{articleId}': {
    summary: 'A published article as customers read it',
    responses: {
      200: {
        description: 'Rendered and sanitised',
        schema: z.object({
          articleId: z.string(),
          title: z.string(),
          language: z.string(),
          version: z.number().int(),
          html: z.string(),
          url: z.string().optional(),
        }),
      },
    },
  },
  'GET /kb/articles': {
    summary: 'Every article, whatever its status',
    responses: {
      200: { description: 'Articles', schema: z.object({ articles: z.array(ArticleListingSchema) }) },
    },
  },
  'GET /kb/articles/{articleId}': {
    summary: 'An article and its latest version (or the one asked for)',
    query: z.object({ version: z.coerce.number().int().min(1).optional() }),
    responses: { 200: { description: 'With Markdown and rendering', schema: ArticleDetailSchema } },
  },
  'GET /kb/articles/{articleId}/versions': {
    summary: "An article's versions",
    responses: {
      200: { description: 'Oldest first', schema: z.object({ versions: z.array(ArticleVersionMetaSchema) }) },
    },
  },
  'PUT /kb/articles/{articleId}': {
    summary: 'Save a new version (supervisors)',
    body: ArticleDraftSchema,
    responses: {
      200: { description: 'The article as kept', schema: z.object({ article: ArticleListingSchema }) },
    },
    errors: [403, 409],
  },
  'POST /kb/preview': {
    summary: 'Render a Markdown body as customers would see it (supervisors)',
    body: PreviewSchema,
    responses: { 200: { description: 'Sanitised HTML', schema: z.object({ html: z.string() }) } },
    errors: supervisors,
  },
  'POST /kb/articles/{articleId}/publish': {
    summary: 'Publish a version (the latest by default) (supervisors)',
    body: PublishSchema,
    bodyOptional: true,
    responses: { 200: articleAnswer('Published; the search index is rebuilt') },
    errors: [403, 409],
  },
  'DELETE /kb/articles/{articleId}': {
    summary: 'Retire an article (supervisors)',
    responses: { 200: articleAnswer('Retired; the search index is rebuilt') },
    errors: [403, 409],
  },
  'POST /work-items/{workItemId}/articles': {
    summary: 'Record that an article was used on a work item',
    body: ArticleUseSchema,
    responses: {
      200: { description: 'Already recorded', schema: z.object({ use: ArticleUseRecordSchema }) },
      201: { description: 'Recorded', schema: z.object({ use: ArticleUseRecordSchema }) },
    },
  },
  'GET /work-items/{workItemId}/articles': {
    summary: 'Articles used on a work item',
    responses: {
      200: { description: 'Each once', schema: z.object({ articles: z.array(ArticleUseRecordSchema) }) },
    },
  },
  'GET /canned-responses': {
    summary: 'Canned responses for the work in hand, best first',
    query: CannedSearchQuerySchema,
    responses: {
      200: {
        description: 'With `rendered` when a work item was named',
        schema: z.object({ responses: z.array(CannedViewSchema) }),
      },
    },
  },
  'GET /canned-responses/{responseId}': {
    summary: 'A canned response',
    responses: { 200: { description: 'As kept', schema: z.object({ response: CannedResponseSchema }) } },
  },
  'PUT /canned-responses/{responseId}': {
    summary: 'Save a canned response (supervisors)',
    body: CannedResponseBodySchema,
    responses: { 200: { description: 'As kept', schema: z.object({ response: CannedResponseSchema }) } },
    errors: supervisors,
  },
  'DELETE /canned-responses/{responseId}': {
    summary: 'Delete a canned response (supervisors)',
    responses: {
      200: {
        description: 'Deleted',
        schema: z.object({ responseId: z.string(), deleted: z.literal(true) }),
      },
    },
    errors: supervisors,
  },
};
