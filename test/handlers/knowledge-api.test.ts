import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteMessageBatchCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { derivedId } from '#core/ids.ts';
import { makeHandler as makeChat } from '#handlers/chat-api.ts';
import { makeHandler as makeIngest } from '#handlers/ingest.ts';
import { makeHandler } from '#handlers/knowledge-api.ts';
import type { HttpResult } from '#http/response.ts';
import { FileBlobStore } from '#store/blobs.ts';
import { keys } from '#store/table.ts';
import { context, httpEvent, sqsEvent, supervisorClaims } from '../support/events.ts';
import { createTestStack, type TestStack } from '../support/local-aws.ts';

const body = (result: HttpResult) => JSON.parse(result.body ?? '{}');
const agentClaims = { sub: 'sam-sub', 'cognito:username': 'sam', 'cognito:groups': 'agents' };

describe('knowledge API', () => {
  let stack: TestStack;
  let folder: string;
  let kb: ReturnType<typeof makeHandler>;
  let chat: ReturnType<typeof makeChat>;

  beforeAll(async () => {
    stack = await createTestStack();
    folder = await mkdtemp(join(tmpdir(), 'onethread-kb-'));
    const knowledge = {
      languages: ['en', 'de'],
      indexCheckMs: 0,
      articleUrl: 'https://shop.example/help/{articleId}',
    };
    kb = makeHandler({ ...stack, knowledge, kbBlobs: new FileBlobStore(folder) });
    chat = makeChat(stack);
  });
  afterAll(() => rm(folder, { recursive: true, force: true }));

  const call = (routeKey: string, options: Parameters<typeof httpEvent>[1] = {}) =>
    kb(httpEvent(routeKey, options), context);
  const asSupervisor = (routeKey: string, options: Parameters<typeof httpEvent>[1] = {}) =>
    call(routeKey, { claims: supervisorClaims, ...options });
  const article = (articleId: string) => ({ pathParameters: { articleId } });
  const search = (q: string, extra: Record<string, string> = {}) =>
    call('GET /kb/search', { query: { q, ...extra } });

  async function write(articleId: string, draft: Record<string, unknown>) {
    const saved = await asSupervisor('PUT /kb/articles/{articleId}', { ...article(articleId), body: draft });
    expect(saved.statusCode, saved.body).toBe(200);
    const published = await asSupervisor('POST /kb/articles/{articleId}/publish', article(articleId));
    expect(published.statusCode, published.body).toBe(200);
    return body(published);
  }

  async function drainIngest(): Promise<void> {
    const ingest = makeIngest(stack);
    for (;;) {
      const { Messages = [] } = await stack.sqs.send(
        new ReceiveMessageCommand({ QueueUrl: stack.config.ingestQueueUrl, MaxNumberOfMessages: 10 }),
      );
      if (!Messages.length) return;
      const result = await ingest(sqsEvent(Messages.map((m) => m.Body ?? '')), context);
      expect(result.batchItemFailures).toEqual([]);
      await stack.sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: stack.config.ingestQueueUrl,
          Entries: Messages.map((m, index) => ({ Id: String(index), ReceiptHandle: m.ReceiptHandle })),
        }),
      );
    }
  }

  it('publishes an article into search, keeps its versions, and retires it out of search', async () => {
    const first = await write('returns-window', {
      title: 'Returns window',
      body: 'You can return items within **30 days** of delivery.',
      tags: ['returns'],
    });
    expect(first.index.version).toBeGreaterThanOrEqual(1);
    let hits = body(await search('how long can I return things')).results;
    expect(hits[0]).toMatchObject({
      articleId: 'returns-window',
      url: 'https://shop.example/help/returns-window',
    });

    // A saved draft changes nothing customers see until it is published.
    await asSupervisor('PUT /kb/articles/{articleId}', {
      ...article('returns-window'),
      body: { title: 'Returns window', body: 'Returns are accepted for 60 days.', baseVersion: 1 },
    });
    const shown = body(await call('GET /kb/published/{articleId}', article('returns-window')));
    expect(shown.html).toContain('<strong>30 days</strong>');
    expect(shown.version).toBe(1);
    const versions = body(
      await call('GET /kb/articles/{articleId}/versions', {
        ...article('returns-window'),
        claims: agentClaims,
      }),
    );
    expect(versions.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    const listed = body(await call('GET /kb/articles', { claims: agentClaims })).articles.find(
      (a: { articleId: string }) => a.articleId === 'returns-window',
    );
    expect(listed).toMatchObject({ status: 'published', latest: { version: 2 }, published: { version: 1 } });
    expect(listed.published.text).toBeUndefined();

    const stale = await asSupervisor('PUT /kb/articles/{articleId}', {
      ...article('returns-window'),
      body: { title: 'Old edit', body: 'x', baseVersion: 1 },
    });
    expect(stale.statusCode).toBe(409);

    const retired = await asSupervisor('DELETE /kb/articles/{articleId}', article('returns-window'));
    expect(body(retired).article.status).toBe('retired');
    hits = body(await search('return items within 30 days')).results;
    expect(hits.map((h: { articleId: string }) => h.articleId)).not.toContain('returns-window');
    expect((await call('GET /kb/published/{articleId}', article('returns-window'))).statusCode).toBe(404);
  });

  it('keeps a large body in the blob store and still renders it whole', async () => {
    const long = `# Warranty\n\n${'Every device has a two year warranty. '.repeat(1000)}`;
    await write('long-warranty', { title: 'Warranty in full', body: long });
    const { Item } = await stack.table.doc.send(
      new GetCommand({ TableName: stack.table.tableName, Key: keys.kbVersion('long-warranty', 1) }),
    );
    expect(Item?.body).toBeUndefined();
    expect(String(Item?.bodyRef)).toMatch(/^file:/);
    const shown = body(await call('GET /kb/published/{articleId}', article('long-warranty')));
    expect(shown.html.length).toBeGreaterThan(long.length * 0.9);
    expect(body(await search('device warranty')).results[0].articleId).toBe('long-warranty');
  });

  it('lets only supervisors write, and names the field of bad input', async () => {
    const draft = { title: 'T', body: 'B' };
    const asAgent = await call('PUT /kb/articles/{articleId}', {
      ...article('x'),
      body: draft,
      claims: agentClaims,
    });
    expect(asAgent.statusCode).toBe(403);
    const badId = await asSupervisor('PUT /kb/articles/{articleId}', {
      ...article('Not Valid!'),
      body: draft,
    });
    expect(body(badId).error.field).toBe('articleId');
    const badLanguage = await asSupervisor('PUT /kb/articles/{articleId}', {
      ...article('x'),
      body: { ...draft, language: 'fr' },
    });
    expect(body(badLanguage).error.field).toBe('language');
    expect(body(await search('x'.repeat(201))).error.field).toBe('q');
    expect(body(await call('GET /kb/search', { query: {} })).error.field).toBe('q');
    expect((await call('GET /kb/articles')).statusCode).toBe(401);
  });

  it('previews a body for supervisors as customers would see it, raw HTML shown as text', async () => {
    const preview = await asSupervisor('POST /kb/preview', {
      body: { body: '# Returns\n\n<script>alert(1)</script> [shop](https://shop.example/)' },
    });
    expect(preview.statusCode).toBe(200);
    const { html } = body(preview);
    expect(html).toContain('<h1>Returns</h1>');
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toContain('<script');
    expect(html).toContain('href="https://shop.example/"');
    const asAgent = await call('POST /kb/preview', { body: { body: 'x' }, claims: agentClaims });
    expect(asAgent.statusCode).toBe(403);
    const missing = await asSupervisor('POST /kb/preview', { body: {} });
    expect(missing.statusCode).toBe(400);
    expect(body(missing).error.field).toBe('body');
  });

  it('answers search publicly, cacheable for a minute', async () => {
    const result = await search('warranty');
    expect(result.statusCode).toBe(200);
    expect(result.headers?.['cache-control']).toBe('public, max-age=60');
  });

  it('records the article an agent used on a work item once, and counts it for the queue', async () => {
    await write('gift-cards', { title: 'Gift cards', body: 'Gift cards are valid for three years.' });
    const session = body(await chat(httpEvent('POST /chat/sessions', { body: { name: 'Ana' } }), context));
    await chat(
      httpEvent('POST /chat/sessions/{sessionId}/messages', {
        pathParameters: { sessionId: session.sessionId },
        token: session.token,
        body: { text: 'Do gift cards expire?', clientMessageId: 'm1' },
      }),
      context,
    );
    await drainIngest();
    const conversation = await stack.conversations.get(
      (await stack.timeline.get(derivedId('int', 'chat', `${session.sessionId}:m1`)))?.conversationId ?? '',
    );
    const workItemId = conversation?.openWorkItemId ?? '';
    const use = {
      pathParameters: { workItemId },
      claims: agentClaims,
      body: { articleId: 'gift-cards', how: 'link' },
    };
    expect((await call('POST /work-items/{workItemId}/articles', use)).statusCode).toBe(201);
    expect((await call('POST /work-items/{workItemId}/articles', use)).statusCode).toBe(200);
    const used = body(
      await call('GET /work-items/{workItemId}/articles', {
        pathParameters: { workItemId },
        claims: agentClaims,
      }),
    );
    expect(used.articles).toMatchObject([{ articleId: 'gift-cards', how: 'link', by: 'sam', version: 1 }]);
    const item = await stack.workItems.get(workItemId);
    const { Item: stats } = await stack.table.doc.send(
      new GetCommand({
        TableName: stack.table.tableName,
        Key: keys.queueStats(item?.queueId ?? '', new Date().toISOString().slice(0, 10)),
      }),
    );
    expect(stats?.kbArticleUses).toBe(1);
  });
});
