import { createHmac } from 'node:crypto';
import { decodeBase64, safeEqual } from '../common/signature.ts';

function hmacBase64(consumerSecret: string, message: Buffer | string): string {
  return createHmac('sha256', consumerSecret).update(message).digest('base64');
}

/** The Challenge-Response Check answer: `sha256=` + base64 HMAC-SHA256 of the `crc_token`. */
export function crcResponseToken(crcToken: string, consumerSecret: string): string {
  return `sha256=${hmacBase64(consumerSecret, crcToken)}`;
}

/** `x-twitter-webhooks-signature` for a body: `sha256=` + base64 HMAC-SHA256 with the consumer secret. */
export function xSignature(body: Buffer, consumerSecret: string): string {
  return `sha256=${hmacBase64(consumerSecret, body)}`;
}

/** Checks `x-twitter-webhooks-signature` over the raw body bytes, in constant time. */
export function verifyXSignature(body: Buffer, header: string | undefined, consumerSecret: string): boolean {
  const encoded = /^sha256=(\S+)$/.exec(header?.trim() ?? '')?.[1];
  const presented = encoded ? decodeBase64(encoded) : undefined;
  if (!presented) return false;
  const expected = createHmac('sha256', consumerSecret).update(body).digest();
  return safeEqual(presented, expected);
}
