import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { buildIndex, type KbIndexFile, KbSearcher } from '#core/kb/search-index.ts';
import type { IndexPointer, KbRepo } from './kb-repo.ts';
import { retryOnConflict } from './writes.ts';

export interface KbIndexOptions {
  defaultLanguage: string;
  /** How long a warm function trusts the index it holds before asking whether a newer one exists. */
  checkEveryMs: number;
  now?: () => number;
}

const MAX_BUILD_ATTEMPTS = 5;

/**
 * The search index as a file in the blob store. Publishing rebuilds it from the published
 * articles and moves the table's pointer to it; search loads it once per warm function and
 * reloads only when the pointer names a newer version.
 */
export class KbIndex {
  private loaded: { pointer: IndexPointer; searcher: KbSearcher } | undefined;
  private checkedAt = Number.NEGATIVE_INFINITY;
  private loading: Promise<void> | undefined;
  private readonly now: () => number;

  constructor(
    private readonly repo: KbRepo,
    private readonly options: KbIndexOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  /**
   * Builds the index from what is published now. A build that lost the race to move the pointer
   * starts again from a fresh read, so the pointer always ends on a build that saw every publish.
   */
  rebuild(at: Date): Promise<IndexPointer> {
    const step = async () => {
      const current = await this.repo.indexPointer();
      const articles = await this.repo.publishedArticles();
      const file = buildIndex(articles, at.toISOString());
      const bytes = gzipSync(JSON.stringify(file));
      const digest = createHash('sha256').update(bytes).digest('hex').slice(0, 32);
      const ref = await this.repo.blobs.put(`kb/index/${digest}.json.gz`, bytes, 'application/gzip');
      const pointer: IndexPointer = {
        version: (current?.version ?? 0) + 1,
        ref,
        builtAt: file.builtAt,
        articles: articles.length,
        bytes: bytes.length,
      };
      if (await this.repo.moveIndexPointer(pointer, current?.version)) {
        this.loaded = { pointer, searcher: KbSearcher.load(file, this.options.defaultLanguage) };
        this.checkedAt = this.now();
        return pointer;
      }
      return undefined;
    };
    return retryOnConflict('the knowledge index', step, {
      attempts: MAX_BUILD_ATTEMPTS,
      exhausted: () => {
        throw new Error('the knowledge index kept changing while it was built');
      },
    });
  }

  /** The searcher for the current index; undefined while nothing was ever published. */
  async searcher(): Promise<KbSearcher | undefined> {
    if (this.now() - this.checkedAt >= this.options.checkEveryMs) {
      this.loading ??= this.refresh().finally(() => {
        this.loading = undefined;
      });
      await this.loading;
    }
    return this.loaded?.searcher;
  }

  get pointer(): IndexPointer | undefined {
    return this.loaded?.pointer;
  }

  private async refresh(): Promise<void> {
    const pointer = await this.repo.indexPointer();
    if (pointer && pointer.version !== this.loaded?.pointer.version) {
      const bytes = await this.repo.blobs.get(pointer.ref);
      if (!bytes) throw new Error(`the knowledge index file ${pointer.ref} is missing`);
      this.loaded = { pointer, searcher: loadIndexFile(bytes, this.options.defaultLanguage) };
    }
    this.checkedAt = this.now();
  }
}

export function loadIndexFile(bytes: Uint8Array, defaultLanguage: string): KbSearcher {
  return KbSearcher.load(JSON.parse(gunzipSync(bytes).toString('utf8')) as KbIndexFile, defaultLanguage);
}
