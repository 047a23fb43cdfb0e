import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import * as z from 'zod';
import { ArticleDraftSchema, ArticleIdSchema, LanguageSchema } from '#core/kb/article.ts';
import { publish, retire, saveDraft } from '#core/kb/editing.ts';
import { renderMarkdown } from '#core/kb/markdown.ts';
import type { BlobStore } from '#core/ports.ts';
import type { AppDeps } from '#deps/app.ts';
import { requireCaller, requireSupervisor } from '#http/auth.ts';
import { badRequest, notFound } from '#http/errors.ts';
import { httpHandler } from '#http/http-handler.ts';
import { parseJsonBody, parseWith, pathParameter } from '#http/request.ts';
import { type HttpResult, json } from '#http/response.ts';
import { routeByKey } from '#http/router.ts';
import type { KnowledgeConfig } from '#shared/knowledge-config.ts';
import { logger } from '#shared/observability.ts';
import { ArticleUsesRepo } from '#store/article-uses-repo.ts';
import { KbIndex } from '#store/kb-index.ts';
import { KbRepo } from '#store/kb-repo.ts';

export interface KnowledgeDeps extends AppDeps {
  knowledge: KnowledgeConfig;
  /** Where the index file and large bodies are kept. */
  kbBlobs: BlobStore;
}

/** What a customer may search for: a question, not a document. */
export const MAX_QUERY_CHARS = 200;

export const SearchQuerySchema = z.strictObject({
  q: z.string().trim().min(1, 'ask something').max(MAX_QUERY_CHARS, `at most ${MAX_QUERY_CHARS} characters`),
  lang: LanguageSchema.optional(),
  queue: z.string().min(1).max(128).optional(),
  limit: z.coerce.number().int().min(1).max(10).default(5),
});

export const PublishSchema = z.strictObject({ version: z.number().int().min(1).optional() });

/** A body being written, rendered as customers would see it once published. */
export const PreviewSchema = z.strictObject({ body: ArticleDraftSchema.shape.body });

export const ArticleUseSchema = z.strictObject({
  articleId: ArticleIdSchema,
  /** Whether the agent put the article's link or its text into the reply. */
  how: z.enum(['link', 'text']),
});

/** Search answers are the same for everyone for a minute: caches and the browser may keep them. */
const PUBLIC_CACHE = { 'cache-control': 'public, max-age=60' };

/**
 * The knowledge base: customers search and read published articles; agents list and read them
 * and record the ones they used; supervisors write, publish and retire them. Publishing
 * rebuilds the search index file that every search function loads.
 */
export function makeHandler(deps: KnowledgeDeps) {
  const repo = new KbRepo(deps.table, deps.kbBlobs);
  const index = new KbIndex(repo, {
    defaultLanguage: deps.knowledge.languages[0] ?? 'en',
    checkEveryMs: deps.knowledge.indexCheckMs,
  });
  const uses = new ArticleUsesRepo(deps.table);
  const kb = { ...deps, repo, index, uses };
  return httpHandler(
    logger,
    routeByKey({
      'GET /kb/search': (event) => search(event, kb),
      'GET /kb/published/{articleId}': (event) => readPublished(event, kb),
      'GET /kb/articles': async (event) => {
        requireCaller(event);
        // The listing keeps each published article's indexed text for the index build, not for readers.
        return json(200, { articles: (await repo.list()).map(withoutText) });
      },
      'GET /kb/articles/{articleId}': (event) => readArticle(event, kb),
      'GET /kb/articles/{articleId}/versions': async (event) => {
        requireCaller(event);
        return json(200, { versions: await repo.versions(articleIdOf(event)) });
      },
      'PUT /kb/articles/{articleId}': (event) => save(event, kb),
      'POST /kb/preview': async (event) => {
        requireSupervisor(event);
        const { body } = parseJsonBody(event, PreviewSchema);
        return json(200, { html: renderMarkdown(body) });
      },
      'POST /kb/articles/{articleId}/publish': (event) => publishArticle(event, kb),
      'DELETE /kb/articles/{articleId}': (event) => retireArticle(event, kb),
      'POST /work-items/{workItemId}/articles': (event) => recordUse(event, kb),
      'GET /work-items/{workItemId}/articles': async (event) => {
        requireCaller(event);
        return json(200, { articles: await uses.list(pathParameter(event, 'workItemId')) });
      },
    }),
    deps.audit,
  );
}

type Kb = KnowledgeDeps & { repo: KbRepo; index: KbIndex; uses: ArticleUsesRepo };

function articleIdOf(event: APIGatewayProxyEventV2): string {
  return parseWith(ArticleIdSchema, pathParameter(event, 'articleId'), 'articleId');
}

function articleUrl(deps: Kb, articleId: string): string | undefined {
  return deps.knowledge.articleUrl?.replace('{articleId}', encodeURIComponent(articleId));
}

async function search(event: APIGatewayProxyEventV2, deps: Kb): Promise<HttpResult> {
  const query = parseWith(SearchQuerySchema, event.queryStringParameters ?? {}, '');
  const searcher = await deps.index.searcher();
  const results = (
    searcher?.search({ q: query.q, language: query.lang, queueId: query.queue, limit: query.limit }) ?? []
  ).map((hit) => ({ ...hit, url: articleUrl(deps, hit.articleId) }));
  return json(200, { results, indexVersion: deps.index.pointer?.version ?? 0 }, PUBLIC_CACHE);
}

/** What customers read: the published version only, rendered and sanitised. */
async function readPublished(event: APIGatewayProxyEventV2, deps: Kb): Promise<HttpResult> {
  const articleId = articleIdOf(event);
  const article = await deps.repo.get(articleId);
  if (article?.status !== 'published' || !article.published) throw notFound('no such published article');
  const version = await deps.repo.version(articleId, article.published.version);
  if (!version) throw notFound('no such published article');
  return json(
    200,
    {
      articleId,
      title: version.title,
      language: version.language,
      version: version.version,
      html: renderMarkdown(await deps.repo.body(version)),
      url: articleUrl(deps, articleId),
    },
    PUBLIC_CACHE,
  );
}

/** Agents see the latest version (or the one asked for) with its Markdown and its rendering. */
async function readArticle(event: APIGatewayProxyEventV2, deps: Kb): Promise<HttpResult> {
  requireCaller(event);
  const articleId = articleIdOf(event);
  const article = await deps.repo.get(articleId);
  if (!article) throw notFound('no such article');
  const { version: asked } = parseWith(
    z.object({ version: z.coerce.number().int().min(1).optional() }),
    event.queryStringParameters ?? {},
    '',
  );
  const version = await deps.repo.version(articleId, asked ?? article.latest.version);
  if (!version) throw notFound(`article ${articleId} has no version ${asked}`);
  const body = await deps.repo.body(version);
  const { text: _text, ...published } = article.published ?? { text: '' };
  return json(200, {
    ...article,
    published: article.published ? published : undefined,
    version: { ...version, body, bodyRef: undefined, excerpt: undefined, html: renderMarkdown(body) },
    url: articleUrl(deps, articleId),
  });
}

async function save(event: APIGatewayProxyEventV2, deps: Kb): Promise<HttpResult> {
  const caller = requireSupervisor(event);
  const articleId = articleIdOf(event);
  const draft = parseJsonBody(event, ArticleDraftSchema);
  if (!deps.knowledge.languages.includes(draft.language)) {
    throw badRequest('language', `language: articles are written in ${deps.knowledge.languages.join(', ')}`);
  }
  const article = await saveDraft(deps.repo, articleId, draft, caller.agentId, deps.clock.now());
  logger.info('article saved', { articleId, version: article.latest.version, by: caller.agentId });
  return json(200, { article });
}

async function publishArticle(event: APIGatewayProxyEventV2, deps: Kb): Promise<HttpResult> {
  const caller = requireSupervisor(event);
  const articleId = articleIdOf(event);
  const { version } = parseJsonBody(event, PublishSchema);
  const article = await publish(deps.repo, articleId, deps.clock.now(), version);
  const pointer = await deps.index.rebuild(deps.clock.now());
  logger.info('article published', {
    articleId,
    version: article.published?.version,
    by: caller.agentId,
    index: pointer.version,
  });
  return json(200, { article: withoutText(article), index: pointer });
}

async function retireArticle(event: APIGatewayProxyEventV2, deps: Kb): Promise<HttpResult> {
  const caller = requireSupervisor(event);
  const articleId = articleIdOf(event);
  const article = await retire(deps.repo, articleId, deps.clock.now());
  const pointer = await deps.index.rebuild(deps.clock.now());
  logger.info('article retired', { articleId, by: caller.agentId, index: pointer.version });
  return json(200, { article: withoutText(article), index: pointer });
}

/** Records that an agent used an article on a work item, once per article. */
async function recordUse(event: APIGatewayProxyEventV2, deps: Kb): Promise<HttpResult> {
  const caller = requireCaller(event);
  const workItemId = pathParameter(event, 'workItemId');
  const body = parseJsonBody(event, ArticleUseSchema);
  const item = await deps.workItems.get(workItemId);
  if (!item) throw notFound('no such work item');
  const article = await deps.repo.get(body.articleId);
  if (article?.status !== 'published') throw badRequest('articleId', 'articleId: no such published article');
  const use = { workItemId, ...body, version: article.published?.version ?? 0, by: caller.agentId };
  const first = await deps.uses.record(use, item.queueId, deps.clock.now());
  return json(first ? 201 : 200, { use });
}

function withoutText<T extends { published?: { text: string } | undefined }>(article: T) {
  if (!article.published) return article;
  const { text: _text, ...published } = article.published;
  return { ...article, published };
}
