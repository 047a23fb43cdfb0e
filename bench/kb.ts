import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { createDeps } from '#app/create-deps.ts';
import { DEFAULT_ROUTING_RULES } from '#core/entry-points.ts';
import type { ArticleListing } from '#core/kb/article.ts';
import { type IndexedArticle, KbSearcher } from '#core/kb/search-index.ts';
import { termProcessor } from '#core/kb/stemming.ts';
import { makeHandler } from '#handlers/knowledge-api.ts';
import { lambdaContext } from '#local/api-gateway-event.ts';
import { integerOption, parseCommandLine } from '#local/command-line.ts';
import { localClientConfig, startDynamoLocal } from '#local/emulators.ts';
import { ensureTable } from '#local/provision.ts';
import { DEFAULT_CHANNEL_SETTINGS } from '#shared/config.ts';
import { staticSecrets } from '#shared/secrets.ts';
import { FileBlobStore } from '#store/blobs.ts';
import { createTableClient } from '#store/dynamo.ts';
import { KbIndex } from '#store/kb-index.ts';
import { KbRepo } from '#store/kb-repo.ts';
import { keys } from '#store/table.ts';
import {
  FIXTURE_ARTICLES,
  indexedFixture,
  LABELLED_QUESTIONS,
  precisionAt3,
} from '../test/fixtures/kb/labelled-set.ts';
import { barChartSvg, formatNumber, progressBar, summarize } from './_stats.ts';
import { Random } from './sim/random.ts';

interface Options {
  articles: number;
  rounds: number;
  json: boolean;
  chart?: string | undefined;
}

function parseOptions(args: string[]): Options {
  const { values } = parseCommandLine(args, {
    usage: 'usage: npm run bench -- kb [--articles 10000] [--rounds 20] [--json] [--chart file.svg]',
    options: {
      articles: { type: 'string' },
      rounds: { type: 'string' },
      json: { type: 'boolean' },
      chart: { type: 'string' },
    },
  });
  return {
    articles: integerOption(values.articles, 'articles', 10_000),
    rounds: integerOption(values.rounds, 'rounds', 20),
    json: values.json ?? false,
    chart: values.chart,
  };
}

/**
 * Knowledge search at 10,000 articles, storage included: the listings are in DynamoDB Local, the
 * index file in the blob store. It measures the publish-time build, the cold load a new function
 * does, and search through the handler as a warm function answers `GET /kb/search`, beside a
 * linear scan of the same articles measured in the same run; then precision@3 of the labelled
 * questions with the 10,000 articles as distractors.
 */
export async function run(args: string[]): Promise<void> {
  const options = parseOptions(args);
  const log = options.json ? () => undefined : console.log;
  log(`knowledge search benchmark: ${options.articles.toLocaleString('en')} articles`);
  const [dynamo, folder] = await Promise.all([
    startDynamoLocal(),
    mkdtemp(join(tmpdir(), 'onethread-bench-kb-')),
  ]);
  try {
    const dynamoConfig = localClientConfig(dynamo.endpoint);
    const admin = new DynamoDBClient(dynamoConfig);
    await ensureTable(admin, 'bench-kb');
    admin.destroy();
    const table = createTableClient('bench-kb', dynamoConfig);
    const blobs = new FileBlobStore(folder);
    const articles = corpus(options.articles);
    await storeListings(table, articles, options.json);

    const repo = new KbRepo(table, blobs);
    const publisher = new KbIndex(repo, { defaultLanguage: 'en', checkEveryMs: 5_000 });
    let started = performance.now();
    const pointer = await publisher.rebuild(new Date());
    const buildMs = performance.now() - started;

    // A new function's first search: pointer from the table, file from the blob store, parse.
    started = performance.now();
    const cold = new KbIndex(repo, { defaultLanguage: 'en', checkEveryMs: 5_000 });
    const searcher = (await cold.searcher()) as KbSearcher;
    const coldLoadMs = performance.now() - started;

    const handler = makeHandler({
      ...createDeps(benchConfig(), { dynamo: dynamoConfig }),
      knowledge: { languages: ['en', 'de'], indexCheckMs: 5_000 },
      kbBlobs: blobs,
    });
    const indexed = await timeQueries('indexed search (handler)', options, log, async (q, lang) => {
      const result = await handler(searchEvent(q, lang), lambdaContext('bench'));
      if (result.statusCode !== 200) throw new Error(`search answered ${result.statusCode}`);
    });
    const scan = new LinearScan(articles);
    const baseline = await timeQueries('linear scan baseline', options, log, async (q, lang) => {
      scan.search(q, lang);
    });

    const inCorpus = precisionAt3(searcher);
    const alone = precisionAt3(KbSearcher.load(await buildAlone()));
    const summary = {
      articles: articles.length,
      questions: LABELLED_QUESTIONS.length,
      searches: indexed.count,
      indexBytesGzip: pointer.bytes,
      buildMs,
      coldLoadMs,
      search: indexed,
      linearScan: baseline,
      scanOverIndexP99: baseline.p99 / indexed.p99,
      precisionAt3: { labelledSetAlone: alone.precision, amongAllArticles: inCorpus.precision },
    };
    if (options.json) console.log(JSON.stringify(summary, null, 2));
    else report(summary);
    if (options.chart) writeChart(options.chart, summary);
  } finally {
    await Promise.all([dynamo.stop(), rm(folder, { recursive: true, force: true })]);
  }
}

function benchConfig() {
  return {
    tableName: 'bench-kb',
    defaultCountry: 'US',
    conversationPolicy: { quietSeconds: 86_400 },
    routingRules: DEFAULT_ROUTING_RULES,
    channels: DEFAULT_CHANNEL_SETTINGS,
    secrets: staticSecrets({}),
    secretIds: {},
  };
}

function searchEvent(q: string, lang: string): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: 'GET /kb/search',
    rawPath: '/kb/search',
    rawQueryString: '',
    headers: {},
    queryStringParameters: { q, lang },
    requestContext: { http: { method: 'GET', path: '/kb/search' }, routeKey: 'GET /kb/search' },
    isBase64Encoded: false,
  } as unknown as APIGatewayProxyEventV2;
}

async function timeQueries(
  label: string,
  options: Options,
  log: (line: string) => void,
  search: (q: string, lang: string) => Promise<void>,
) {
  const total = options.rounds * LABELLED_QUESTIONS.length;
  const progress = options.json ? () => undefined : progressBar(label, total);
  const samples: number[] = [];
  // A first pass warms the JIT, as a warm function would be.
  for (const question of LABELLED_QUESTIONS) await search(question.q, question.lang ?? 'en');
  for (let round = 0; round < options.rounds; round++) {
    for (const question of LABELLED_QUESTIONS) {
      const started = performance.now();
      await search(question.q, question.lang ?? 'en');
      samples.push(performance.now() - started);
      progress(samples.length);
    }
  }
  log('');
  return summarize(samples);
}

/**
 * The labelled articles and generated ones around them: titles and bodies drawn from the
 * labelled articles' vocabulary (so they compete for the same words) and from made-up words,
 * in a skewed distribution as real text is.
 */
export function corpus(count: number): IndexedArticle[] {
  const random = new Random(20);
  const fixtures = FIXTURE_ARTICLES.map(indexedFixture);
  const shared = [
    ...new Set(fixtures.flatMap((a) => `${a.title} ${a.text}`.toLowerCase().split(/\W+/))),
  ].filter((word) => word.length > 2);
  const invented = Array.from({ length: 20_000 }, (_, i) => inventedWord(random, i));
  const word = () => {
    // Three words in ten from the shop's own vocabulary; the rest skewed towards common ones.
    if (random.next() < 0.3) return shared[random.int(shared.length)] as string;
    return invented[Math.floor(invented.length * random.next() ** 3)] as string;
  };
  const words = (n: number) => Array.from({ length: n }, word).join(' ');
  const generated = Array.from({ length: Math.max(0, count - fixtures.length) }, (_, i): IndexedArticle => {
    const text = words(80 + random.int(160));
    return {
      articleId: `generated-${i}`,
      version: 1,
      title: words(3 + random.int(5)),
      text,
      snippet: text.slice(0, 180),
      tags: [word(), word()],
      language: 'en',
      queues: [],
    };
  });
  return [...fixtures, ...generated];
}

function inventedWord(random: Random, i: number): string {
  const syllables = ['ka', 'lo', 'mi', 'ter', 'dra', 'vin', 'sol', 'pre', 'qua', 'ne', 'ro', 'zu'];
  let word = '';
  for (let n = 0; n < 2 + random.int(3); n++) word += syllables[random.int(syllables.length)];
  return `${word}${i % 7}`;
}

/** Listings as publishing leaves them, written in batches. */
async function storeListings(
  table: ReturnType<typeof createTableClient>,
  articles: IndexedArticle[],
  quiet: boolean,
) {
  const progress = quiet ? () => undefined : progressBar('storing article listings', articles.length);
  const at = new Date().toISOString();
  for (let start = 0; start < articles.length; start += 25) {
    const batch = articles.slice(start, start + 25).map((a) => {
      const { text, snippet, ...rest } = a;
      const meta = { ...rest, savedAt: at, savedBy: 'bench' };
      const listing: ArticleListing = {
        articleId: a.articleId,
        status: 'published',
        latest: meta,
        published: { ...meta, text, snippet },
        publishedAt: at,
        createdAt: at,
        updatedAt: at,
      };
      return { PutRequest: { Item: { ...keys.kbArticle(a.articleId), entity: 'kbArticle', ...listing } } };
    });
    let pending: unknown[] | undefined = batch;
    while (pending?.length) {
      const result: { UnprocessedItems?: Record<string, unknown[]> } = await table.doc.send(
        new BatchWriteCommand({ RequestItems: { [table.tableName]: pending as never } }),
      );
      pending = result.UnprocessedItems?.[table.tableName];
    }
    progress(Math.min(start + 25, articles.length));
  }
}

async function buildAlone() {
  const { buildIndex } = await import('#core/kb/search-index.ts');
  return buildIndex(FIXTURE_ARTICLES.map(indexedFixture), new Date().toISOString());
}

/** The baseline: no index, every article's stemmed words compared with the question's. */
class LinearScan {
  private readonly docs: Array<{ id: string; language: string; terms: Map<string, number> }>;
  private readonly process = termProcessor('en');

  constructor(articles: readonly IndexedArticle[]) {
    this.docs = articles.map((a) => {
      const terms = new Map<string, number>();
      for (const raw of `${a.title} ${a.title} ${a.tags.join(' ')} ${a.text}`.split(/[^\p{L}\p{N}]+/u)) {
        const term = raw && this.process(raw);
        if (term) terms.set(term, (terms.get(term) ?? 0) + 1);
      }
      return { id: a.articleId, language: a.language, terms };
    });
  }

  search(q: string, language: string): string[] {
    const wanted = q
      .split(/[^\p{L}\p{N}]+/u)
      .map((raw) => raw && this.process(raw))
      .filter((term): term is string => Boolean(term));
    return this.docs
      .filter((doc) => doc.language === language)
      .map((doc) => ({
        id: doc.id,
        score: wanted.reduce((sum, term) => sum + (doc.terms.get(term) ?? 0), 0),
      }))
      .filter((hit) => hit.score > 0)
      .sort((a, b) => b.score - a.score)
      .slice(0, 5)
      .map((hit) => hit.id);
  }
}

type Summary = {
  articles: number;
  questions: number;
  searches: number;
  indexBytesGzip: number;
  buildMs: number;
  coldLoadMs: number;
  search: ReturnType<typeof summarize>;
  linearScan: ReturnType<typeof summarize>;
  scanOverIndexP99: number;
  precisionAt3: { labelledSetAlone: number; amongAllArticles: number };
};

function report(summary: Summary): void {
  const ms = (value: number) => `${value.toFixed(2)} ms`;
  const pct = (value: number) => `${(value * 100).toFixed(1)} %`;
  const rows = [
    ['articles', summary.articles.toLocaleString('en')],
    ['index file (gzip)', `${formatNumber(summary.indexBytesGzip / 1024 / 1024)} MB`],
    ['build on publish (read listings, index, write file)', ms(summary.buildMs)],
    ['cold load (pointer, file from blob store, parse)', ms(summary.coldLoadMs)],
    [
      `search through the handler p50 / p99 (${summary.searches} searches)`,
      `${ms(summary.search.p50)} / ${ms(summary.search.p99)}`,
    ],
    ['linear scan p50 / p99', `${ms(summary.linearScan.p50)} / ${ms(summary.linearScan.p99)}`],
    ['linear scan / index, p99', `${summary.scanOverIndexP99.toFixed(1)}×`],
    [
      `precision@3, ${summary.questions} questions, labelled articles alone`,
      pct(summary.precisionAt3.labelledSetAlone),
    ],
    [
      `precision@3, among all ${summary.articles.toLocaleString('en')} articles`,
      pct(summary.precisionAt3.amongAllArticles),
    ],
  ];
  console.log('\n| measure | value |\n| --- | --- |');
  for (const [name, value] of rows) console.log(`| ${name} | ${value} |`);
}

function writeChart(path: string, summary: Summary): void {
  mkdirSync(path.replace(/[^/]+$/, '') || '.', { recursive: true });
  writeFileSync(
    path,
    barChartSvg(`Knowledge search, ${summary.articles.toLocaleString('en')} articles`, 'ms', [
      { label: 'indexed search p50', value: summary.search.p50 },
      { label: 'indexed search p99', value: summary.search.p99 },
      { label: 'linear scan p50', value: summary.linearScan.p50 },
      { label: 'linear scan p99', value: summary.linearScan.p99 },
    ]),
  );
  console.log(`\nchart written to ${path}`);
}
