import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';
import { EventTypePatternSchema, matchesEventType } from './business-event.ts';

const isoTime = z.iso.datetime({ offset: true });

/**
 * An events API key as stored: its SHA-256 digest, never the key itself, so a copy of the
 * table lets nobody post events. `prefix` is what lists show to tell keys apart.
 */
export const ApiKeySchema = z.object({
  keyId: z.string().regex(/^[0-9a-f]{16}$/),
  name: z.string().min(1).max(100),
  /** The event types the key may post: exact types, `prefix.*` or `*`. */
  eventTypes: z.array(EventTypePatternSchema).min(1).max(20),
  prefix: z.string(),
  digest: z.string().regex(/^[0-9a-f]{64}$/),
  createdAt: isoTime,
  createdBy: z.string(),
  revokedAt: isoTime.optional(),
  revokedBy: z.string().optional(),
});
export type ApiKey = z.infer<typeof ApiKeySchema>;

/** `otk_<key id>_<secret>`: the id finds the record, the whole key is checked against its digest. */
const KEY_PATTERN = /^otk_([0-9a-f]{16})_[A-Za-z0-9_-]{43}$/;
/** How much of a key lists show: the id and four characters of the secret. */
const SHOWN_LENGTH = 'otk_'.length + 16 + 1 + 4;

export function digestOf(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** A new key: the record to store, and the secret, which is shown once and kept nowhere. */
export function issueApiKey(input: { name: string; eventTypes: string[]; createdBy: string; now: Date }): {
  key: ApiKey;
  secret: string;
} {
  const keyId = randomBytes(8).toString('hex');
  const secret = `otk_${keyId}_${randomBytes(32).toString('base64url')}`;
  const key: ApiKey = {
    keyId,
    name: input.name,
    eventTypes: [...new Set(input.eventTypes)],
    prefix: `${secret.slice(0, SHOWN_LENGTH)}…`,
    digest: digestOf(secret),
    createdAt: input.now.toISOString(),
    createdBy: input.createdBy,
  };
  return { key, secret };
}

/** The key id a presented key names, or undefined when it is not shaped like one of ours. */
export function keyIdOf(presented: string): string | undefined {
  return KEY_PATTERN.exec(presented)?.[1];
}

/** Digests compared in constant time: how long the check takes says nothing about the key. */
export function keyMatches(key: ApiKey, presented: string): boolean {
  const expected = Buffer.from(key.digest, 'hex');
  const actual = Buffer.from(digestOf(presented), 'hex');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

export function allowsEventType(key: Pick<ApiKey, 'eventTypes'>, type: string): boolean {
  return key.eventTypes.some((pattern) => matchesEventType(pattern, type));
}

/** A key as lists show it: everything but its digest. */
export function keyView(key: ApiKey) {
  const { digest: _digest, ...view } = key;
  return view;
}
