import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { plainText, renderMarkdown, snippet } from '#core/kb/markdown.ts';
import { buildIndex, type IndexedArticle, type KbIndexFile, KbSearcher } from '#core/kb/search-index.ts';
import {
  FIXTURE_ARTICLES,
  indexedFixture,
  LABELLED_QUESTIONS,
  precisionAt3,
} from '../../fixtures/kb/labelled-set.ts';

const built = buildIndex(FIXTURE_ARTICLES.map(indexedFixture), '2026-05-01T10:00:00.000Z');
const searcher = KbSearcher.load(built);

describe('knowledge search on the labelled set', () => {
  it('has the set the docs report on: 50+ articles and 100+ labelled questions', () => {
    expect(FIXTURE_ARTICLES.length).toBeGreaterThanOrEqual(50);
    expect(LABELLED_QUESTIONS.length).toBeGreaterThanOrEqual(100);
    const ids = new Set(FIXTURE_ARTICLES.map((a) => a.articleId));
    for (const question of LABELLED_QUESTIONS) {
      for (const id of question.relevant) expect(ids, question.q).toContain(id);
    }
  });

  it('puts an answering article in the top three for at least 90% of the questions', () => {
    const result = precisionAt3(searcher);
    expect(result.precision, JSON.stringify(result.misses, null, 2)).toBeGreaterThanOrEqual(0.9);
  });

  it('finds the same articles after the index travels as a gzipped file', () => {
    const file = JSON.parse(gunzipSync(gzipSync(JSON.stringify(built))).toString()) as KbIndexFile;
    const reloaded = KbSearcher.load(file);
    expect(precisionAt3(reloaded).precision).toBe(precisionAt3(searcher).precision);
  });

  it('matches other forms of a word through stemming, and forgives a typo', () => {
    expect(searcher.search({ q: 'refunded', limit: 3 }).map((h) => h.articleId)).toContain('refund-timing');
    expect(searcher.search({ q: 'cancelling orders', limit: 3 }).map((h) => h.articleId)).toContain(
      'cancel-order',
    );
    expect(searcher.search({ q: 'pasword reset', limit: 3 }).map((h) => h.articleId)).toContain(
      'reset-password',
    );
  });

  it('stems German articles with the German stemmer, apart from the English ones', () => {
    const hits = searcher.search({ q: 'Lieferungen', language: 'de', limit: 3 });
    expect(hits.map((h) => h.articleId)).toContain('lieferzeit');
    expect(hits.every((h) => h.language === 'de')).toBe(true);
  });

  it('falls back to the default language when asked in one without articles', () => {
    expect(searcher.search({ q: 'gift card', language: 'fr', limit: 1 })[0]?.articleId).toBe('gift-cards');
  });

  it('keeps articles scoped to queues out of other queues, and shows unscoped ones everywhere', () => {
    const article = (articleId: string, queues: string[]): IndexedArticle => ({
      articleId,
      version: 1,
      title: 'Warranty claims for bikes',
      text: 'How to claim the bike warranty.',
      snippet: '',
      tags: [],
      language: 'en',
      queues,
    });
    const scoped = KbSearcher.load(
      buildIndex([article('bikes', ['bikes']), article('everyone', [])], '2026-05-01T10:00:00Z'),
    );
    const ids = (queueId: string) => scoped.search({ q: 'bike warranty', queueId }).map((h) => h.articleId);
    expect(ids('bikes').sort()).toEqual(['bikes', 'everyone']);
    expect(ids('general')).toEqual(['everyone']);
  });

  it('answers nothing to an empty question or an empty index', () => {
    expect(searcher.search({ q: '   ' })).toEqual([]);
    expect(KbSearcher.load(buildIndex([], '2026-05-01T10:00:00Z')).search({ q: 'refund' })).toEqual([]);
  });
});

describe('article bodies', () => {
  it('renders Markdown, showing raw HTML as text and dropping script links', () => {
    const html = renderMarkdown(
      '# Returns\n\n**Free** returns. <script>alert(1)</script> <img src=x onerror=alert(1)>\n\n[bad](javascript:alert(1)) [good](https://shop.example/returns)',
    );
    expect(html).toContain('<h1>Returns</h1>');
    expect(html).toContain('<strong>Free</strong>');
    expect(html).not.toMatch(/<script|<img|href="javascript:/i);
    expect(html).toContain('&lt;script&gt;');
    expect(html).toMatch(/<a href="https:\/\/shop\.example\/returns"[^>]*rel="[^"]*noreferrer/);
  });

  it('reads the words without markup for the index and cuts snippets at a word', () => {
    expect(plainText('# Title\n\nSome **bold** `code` and [a link](https://x.example).')).toBe(
      'Title Some bold code and a link.',
    );
    expect(snippet('one two three four five', 16)).toBe('one two three…');
  });
});
