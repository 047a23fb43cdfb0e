import { timingSafeEqual } from 'node:crypto';

/**
 * Constant-time equality of two byte strings. Different lengths are unequal at once:
 * `timingSafeEqual` would throw, and a length says nothing about the secret.
 */
export function safeEqual(presented: Buffer, expected: Buffer): boolean {
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}

/** Constant-time equality of two strings, compared as UTF-8 bytes. */
export function safeEqualText(presented: string, expected: string): boolean {
  return safeEqual(Buffer.from(presented, 'utf8'), Buffer.from(expected, 'utf8'));
}

/** Decodes strict standard base64 (with padding); undefined for anything else. */
export function decodeBase64(text: string): Buffer | undefined {
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text)) return undefined;
  return Buffer.from(text, 'base64');
}
