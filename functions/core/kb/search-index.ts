import MiniSearch, { type AsPlainObject, type Options, type SearchResult } from 'minisearch';
import * as z from 'zod';
import { inScope } from './article.ts';
import { baseLanguage, termProcessor } from './stemming.ts';

/** What the index keeps of a published article. */
export interface IndexedArticle {
  articleId: string;
  version: number;
  title: string;
  /** Plain text of the body (or its excerpt, for a large one). */
  text: string;
  snippet: string;
  tags: string[];
  language: string;
  queues: string[];
}

/**
 * The index file: one MiniSearch index per language base (each with its own stemmer), and one
 * copy of what results show. It is written on publish and read whole by the search function.
 */
export interface KbIndexFile {
  format: 1;
  builtAt: string;
  languages: Record<string, AsPlainObject>;
  /** By article id: title, snippet, language, queues, version, tags. */
  articles: Record<string, { t: string; s: string; l: string; q: string[]; v: number; g: string[] }>;
}

export const SearchHitSchema = z.object({
  articleId: z.string(),
  title: z.string(),
  snippet: z.string(),
  language: z.string(),
  version: z.number().int(),
  score: z.number(),
});
export type SearchHit = z.infer<typeof SearchHitSchema>;

export interface SearchQuery {
  q: string;
  language?: string | undefined;
  /** Only articles in scope of this queue (or of every queue). */
  queueId?: string | undefined;
  limit?: number | undefined;
}

type Doc = Pick<IndexedArticle, 'articleId' | 'title' | 'text' | 'tags'>;

function options(language: string): Options<Doc> {
  return {
    idField: 'articleId',
    fields: ['title', 'tags', 'text'],
    extractField: (doc, field) => {
      const value = doc[field as keyof Doc];
      return Array.isArray(value) ? value.join(' ') : value;
    },
    processTerm: termProcessor(language),
    searchOptions: {
      boost: { title: 3, tags: 2 },
      combineWith: 'OR',
      // One typo in longer words; the last word may still be being typed. Both widen what a
      // term matches, so both are held to where they pay: short terms would match half the base.
      fuzzy: (term) => (term.length >= 6 ? 0.2 : false),
      maxFuzzy: 1,
      prefix: (term, index, terms) => index === terms.length - 1 && term.length >= 4,
    },
  };
}

export function buildIndex(articles: readonly IndexedArticle[], builtAt: string): KbIndexFile {
  const byLanguage = new Map<string, IndexedArticle[]>();
  for (const article of articles) {
    const base = baseLanguage(article.language);
    byLanguage.set(base, [...(byLanguage.get(base) ?? []), article]);
  }
  const languages: KbIndexFile['languages'] = {};
  for (const [language, docs] of byLanguage) {
    const index = new MiniSearch<Doc>(options(language));
    index.addAll(docs.map(({ articleId, title, text, tags }) => ({ articleId, title, text, tags })));
    languages[language] = index.toJSON();
  }
  const shown: KbIndexFile['articles'] = {};
  for (const a of articles) {
    shown[a.articleId] = { t: a.title, s: a.snippet, l: a.language, q: a.queues, v: a.version, g: a.tags };
  }
  return { format: 1, builtAt, languages, articles: shown };
}

/** A loaded index: searches in memory, so a warm function answers without touching storage. */
export class KbSearcher {
  private constructor(
    private readonly indexes: ReadonlyMap<string, MiniSearch<Doc>>,
    private readonly articles: KbIndexFile['articles'],
    /** Where a search in a language without articles looks instead. */
    private readonly fallback: string,
  ) {}

  static load(file: KbIndexFile, defaultLanguage = 'en'): KbSearcher {
    const indexes = new Map<string, MiniSearch<Doc>>();
    for (const [language, plain] of Object.entries(file.languages)) {
      indexes.set(language, MiniSearch.loadJS(plain, options(language)));
    }
    return new KbSearcher(indexes, file.articles, baseLanguage(defaultLanguage));
  }

  get size(): number {
    return Object.keys(this.articles).length;
  }

  search(query: SearchQuery): SearchHit[] {
    const requested = baseLanguage(query.language ?? this.fallback);
    const index = this.indexes.get(requested) ?? this.indexes.get(this.fallback);
    if (!index || !query.q.trim()) return [];
    const limit = query.limit ?? 5;
    const hits: SearchHit[] = [];
    for (const result of index.search(query.q)) {
      const hit = this.hit(result, query.queueId);
      if (hit) hits.push(hit);
      if (hits.length >= limit) break;
    }
    return hits;
  }

  /** An article as results show it; undefined when it is outside the queue's scope. */
  article(articleId: string) {
    return this.articles[articleId];
  }

  private hit(result: SearchResult, queueId: string | undefined): SearchHit | undefined {
    const articleId = String(result.id);
    const shown = this.articles[articleId];
    if (!shown || !inScope(shown.q, queueId)) return undefined;
    return {
      articleId,
      title: shown.t,
      snippet: shown.s,
      language: shown.l,
      version: shown.v,
      score: Math.round(result.score * 1000) / 1000,
    };
  }
}
