import { createHash } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Translator } from '#core/translation.ts';
import type { Meter } from '#shared/metrics.ts';
import { BoundedCache } from './bounded-cache.ts';
import type { TableClient } from './dynamo.ts';

/** Long enough for a conversation to be reread and answered; short enough not to keep texts for good. */
const TTL_SECONDS = 7 * 24 * 3600;

/**
 * Translations, one per (text, language pair), in memory for a warm function and in the table
 * for every other, keyed by a hash so the key reveals nothing. Only a call that reaches the
 * translator is metered: Amazon Translate charges per character it is sent, and repeats are free.
 */
export class CachedTranslator implements Translator {
  private readonly memory = new BoundedCache<string>(2_000);

  constructor(
    private readonly translator: Translator,
    private readonly table: TableClient,
    private readonly meter: Meter,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async translate(text: string, from: string, to: string): Promise<string> {
    const digest = translationDigest(text, from, to);
    const known = this.memory.get(digest) ?? (await this.stored(digest));
    if (known !== undefined) {
      this.memory.set(digest, known);
      return known;
    }
    const translated = await this.translator.translate(text, from, to);
    this.meter.count('TranslatedCharacters', text.length, { pair: `${from}-${to}` });
    this.memory.set(digest, translated);
    await this.store(digest, translated);
    return translated;
  }

  private async stored(digest: string): Promise<string | undefined> {
    const { Item } = await this.table.doc.send(
      new GetCommand({ TableName: this.table.tableName, Key: cacheKey(digest) }),
    );
    const expired = typeof Item?.expiresAt === 'number' && Item.expiresAt * 1000 < this.clock().getTime();
    return expired ? undefined : (Item?.translated as string | undefined);
  }

  private async store(digest: string, translated: string): Promise<void> {
    const expiresAt = Math.floor(this.clock().getTime() / 1000) + TTL_SECONDS;
    await this.table.doc.send(
      new PutCommand({
        TableName: this.table.tableName,
        Item: { ...cacheKey(digest), entity: 'translation', translated, expiresAt },
      }),
    );
  }
}

function translationDigest(text: string, from: string, to: string): string {
  return createHash('sha256').update(`${from}\u0000${to}\u0000${text}`).digest('hex');
}

/** Where the translation of a text from one language to another is cached, if it is. */
export function translationCacheKey(text: string, from: string, to: string) {
  return cacheKey(translationDigest(text, from, to));
}

function cacheKey(digest: string) {
  return { pk: `TRANSLATION#${digest}`, sk: 'TRANSLATION' };
}
