// @vitest-environment jsdom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { ArticleEditor } from '../src/ArticleEditor.tsx';
import type { ArticleDetail, ArticleDraft, ArticleListing, ArticleVersionMeta } from '../src/api.ts';
import { ApiError } from '../src/api.ts';
import { type KnowledgeApi, KnowledgeView } from '../src/KnowledgeView.tsx';
import { withQueries } from './queries.tsx';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root | undefined;
afterEach(() => {
  act(() => root?.unmount());
  document.body.innerHTML = '';
});

async function render(element: React.ReactElement): Promise<void> {
  const container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  await act(async () => root?.render(withQueries(element)));
}

function type(label: string, value: string): void {
  const field = document.querySelector<HTMLInputElement | HTMLTextAreaElement>(`[aria-label="${label}"]`);
  if (!field) throw new Error(`no field ${label}`);
  const prototype = field instanceof HTMLTextAreaElement ? HTMLTextAreaElement : HTMLInputElement;
  act(() => {
    Object.getOwnPropertyDescriptor(prototype.prototype, 'value')?.set?.call(field, value);
    field.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

function button(label: string): HTMLButtonElement {
  const found = [...document.querySelectorAll('button')].find(
    (b) => b.textContent === label || b.getAttribute('aria-label') === label,
  );
  if (!found) throw new Error(`no ${label} button`);
  return found as HTMLButtonElement;
}

const press = (label: string) => act(async () => button(label).click());

/**
 * The knowledge routes as the platform answers them, kept in memory: each save is a version,
 * a save over a newer one is a 409, and rendering is whatever the platform sends back.
 */
function knowledgeApi() {
  const articles = new Map<string, ArticleListing>();
  const versions = new Map<string, Array<ArticleVersionMeta & { body: string }>>();
  const calls: Array<[string, ...unknown[]]> = [];
  const at = '2026-03-01T10:00:00.000Z';
  const api: KnowledgeApi = {
    articles: async () => [...articles.values()],
    article: async (articleId, version) => {
      const article = articles.get(articleId) as ArticleListing;
      const all = versions.get(articleId) ?? [];
      const one = all.find((v) => v.version === (version ?? article.latest.version)) as ArticleVersionMeta & {
        body: string;
      };
      return { ...article, version: { ...one, html: `<p>${one.body}</p>` } } satisfies ArticleDetail;
    },
    articleVersions: async (articleId) =>
      (versions.get(articleId) ?? []).map(({ body: _b, ...meta }) => meta),
    saveArticle: async (articleId, draft: ArticleDraft) => {
      calls.push(['save', articleId, draft]);
      const current = articles.get(articleId);
      const latest = current?.latest.version ?? 0;
      if (draft.baseVersion !== latest)
        throw new ApiError(409, `baseVersion: the article is at version ${latest}`);
      const { baseVersion: _base, body, ...rest } = draft;
      const meta = { ...rest, articleId, version: latest + 1, savedAt: at, savedBy: 'supervisor' };
      versions.set(articleId, [...(versions.get(articleId) ?? []), { ...meta, body }]);
      const listing: ArticleListing = {
        articleId,
        status: current?.status === 'published' ? 'published' : 'draft',
        latest: meta,
        published: current?.published,
        createdAt: current?.createdAt ?? at,
        updatedAt: at,
      };
      articles.set(articleId, listing);
      return listing;
    },
    publishArticle: async (articleId, version) => {
      calls.push(['publish', articleId, version]);
      const current = articles.get(articleId) as ArticleListing;
      const meta = (versions.get(articleId) ?? []).find(
        (v) => v.version === (version ?? current.latest.version),
      );
      const listing: ArticleListing = {
        ...current,
        status: 'published',
        published: { ...(meta as ArticleVersionMeta), snippet: '' },
      };
      articles.set(articleId, listing);
      return listing;
    },
    retireArticle: async (articleId) => {
      calls.push(['retire', articleId]);
      const listing: ArticleListing = { ...(articles.get(articleId) as ArticleListing), status: 'retired' };
      articles.set(articleId, listing);
      return listing;
    },
    previewArticle: async (body) => {
      calls.push(['preview', body]);
      // As the platform renders it: raw HTML in the body comes back as text.
      return `<p>${body.replace(/</g, '&lt;')}</p>`;
    },
    queues: async () => [],
  };
  return { api, calls, articles };
}

describe('the article editor', () => {
  it('lists every article with its title, language, state and version', async () => {
    const { api } = knowledgeApi();
    await api.saveArticle('returns', {
      title: 'Returns',
      body: 'Within 30 days.',
      language: 'en',
      tags: [],
      queues: [],
      baseVersion: 0,
    });
    await api.publishArticle('returns');
    await api.saveArticle('returns', {
      title: 'Returns',
      body: 'Within 60 days.',
      language: 'en',
      tags: [],
      queues: [],
      baseVersion: 1,
    });
    await api.saveArticle('versand', {
      title: 'Versand',
      body: 'Drei Tage.',
      language: 'de',
      tags: [],
      queues: [],
      baseVersion: 0,
    });
    await render(<KnowledgeView api={api} />);
    const rows = [...document.querySelectorAll('tbody tr')].map((row) =>
      [...row.querySelectorAll('td, th')].map((cell) => cell.textContent),
    );
    expect(rows[0]).toEqual(
      expect.arrayContaining(['Returns', 'returns', 'en', 'Published, version 1 (version 2 not yet)', '2']),
    );
    expect(rows[1]).toEqual(
      expect.arrayContaining(['Versand', 'versand', 'de', 'Draft, not published', '1']),
    );
    expect(button('New article')).toBeDefined();
  });

  it('saves a new article as its first version, previews it safely, then publishes it', async () => {
    const { api, calls } = knowledgeApi();
    await render(<ArticleEditor api={api} onClose={() => undefined} />);
    type('Article id', 'reset-password');
    type('Title', ' Reset your password ');
    type('Tags', 'account, login, account');
    type('Body', 'Choose *Forgot password*. <script>alert(1)</script>');
    await press('Save draft');
    expect(calls[0]).toEqual([
      'save',
      'reset-password',
      {
        title: 'Reset your password',
        body: 'Choose *Forgot password*. <script>alert(1)</script>',
        language: 'en',
        tags: ['account', 'login'],
        queues: [],
        baseVersion: 0,
      },
    ]);
    expect(document.body.textContent).toContain('Saved version 1');
    expect((document.querySelector('[aria-label="Article id"]') as HTMLInputElement).disabled).toBe(true);

    await press('Preview');
    expect(calls).toContainEqual(['preview', 'Choose *Forgot password*. <script>alert(1)</script>']);
    const frame = document.querySelector('iframe') as HTMLIFrameElement;
    expect(frame.getAttribute('sandbox')).not.toMatch(/allow-scripts|allow-same-origin/);
    expect(frame.srcdoc).toContain('&lt;script>alert(1)');
    // The rendering never enters the console's own page.
    expect(document.querySelector('script')).toBeNull();

    await press('Publish');
    expect(calls.at(-1)).toEqual(['publish', 'reset-password', undefined]);
    expect(document.body.textContent).toContain('Published version 1');
  });

  it('keeps the version history: an earlier version opens and publishes again, and the article retires', async () => {
    const { api, calls, articles } = knowledgeApi();
    await api.saveArticle('returns', {
      title: 'Returns',
      body: 'Within 30 days.',
      language: 'en',
      tags: [],
      queues: [],
      baseVersion: 0,
    });
    await api.saveArticle('returns', {
      title: 'Returns',
      body: 'Within 60 days.',
      language: 'en',
      tags: [],
      queues: [],
      baseVersion: 1,
    });
    await render(<ArticleEditor api={api} articleId="returns" onClose={() => undefined} />);
    expect((document.querySelector('[aria-label="Body"]') as HTMLTextAreaElement).value).toBe(
      'Within 60 days.',
    );
    expect(
      [...document.querySelectorAll('tbody tr')].map((row) => row.querySelector('th, td')?.textContent),
    ).toEqual(['2', '1']);

    await press('Open version 1');
    expect((document.querySelector('[aria-label="Body"]') as HTMLTextAreaElement).value).toBe(
      'Within 30 days.',
    );
    await press('Publish version 1');
    expect(calls.at(-1)).toEqual(['publish', 'returns', 1]);
    expect(articles.get('returns')?.published?.version).toBe(1);

    await press('Retire');
    expect(calls.at(-1)).toEqual(['retire', 'returns']);
    expect(document.body.textContent).toContain('Retired');
  });

  it('refuses to overwrite a newer version someone else saved, and says so', async () => {
    const { api } = knowledgeApi();
    await api.saveArticle('returns', {
      title: 'Returns',
      body: 'v1',
      language: 'en',
      tags: [],
      queues: [],
      baseVersion: 0,
    });
    await render(<ArticleEditor api={api} articleId="returns" onClose={() => undefined} />);
    await api.saveArticle('returns', {
      title: 'Returns',
      body: 'v2 elsewhere',
      language: 'en',
      tags: [],
      queues: [],
      baseVersion: 1,
    });
    type('Body', 'my edit');
    await press('Save draft');
    expect(document.body.textContent).toContain('Someone saved a newer version while you edited');
  });
});
