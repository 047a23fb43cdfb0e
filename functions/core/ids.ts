import { createHash } from 'node:crypto';
import { monotonicFactory } from 'ulid';

const nextUlid = monotonicFactory();

/** Time-ordered ids for new records. */
export function newId(prefix: string, now: Date = new Date()): string {
  return `${prefix}_${nextUlid(now.getTime()).toLowerCase()}`;
}

/**
 * Ids derived from a provider's own message id, so a redelivery computes the same id and the
 * conditional write that stores it once can recognise it.
 */
export function derivedId(prefix: string, ...parts: string[]): string {
  const digest = createHash('sha256').update(parts.join('\u0000')).digest('base64url').slice(0, 26);
  return `${prefix}_${digest}`;
}
