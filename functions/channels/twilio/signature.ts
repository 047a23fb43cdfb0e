import { createHmac } from 'node:crypto';
import { decodeBase64, safeEqual } from '../common/signature.ts';

/**
 * The string Twilio signs for a form post: the full URL it requested, then every POST parameter
 * as name + value with no separators, sorted by name (and by value for a repeated name) in byte
 * order. All parameters count, including ones Twilio adds later.
 */
export function twilioStringToSign(url: string, params: URLSearchParams): string {
  const pairs = [...params.entries()].sort(
    ([nameA, valueA], [nameB, valueB]) => byteOrder(nameA, nameB) || byteOrder(valueA, valueB),
  );
  return url + pairs.map(([name, value]) => name + value).join('');
}

function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** `X-Twilio-Signature`: base64 HMAC-SHA1 of the string to sign, keyed with the Auth Token. */
export function twilioSignature(url: string, params: URLSearchParams, authToken: string): string {
  return createHmac('sha1', authToken).update(twilioStringToSign(url, params), 'utf8').digest('base64');
}

/**
 * Twilio may sign the URL with or without the default port (`:443`), so both forms are tried,
 * each compared in constant time.
 */
export function verifyTwilioSignature(
  url: string,
  params: URLSearchParams,
  header: string | undefined,
  authToken: string,
): boolean {
  const presented = decodeBase64(header?.trim() ?? '');
  if (!presented || presented.length === 0) return false;
  let valid = false;
  for (const candidate of urlVariants(url)) {
    const expected = createHmac('sha1', authToken)
      .update(twilioStringToSign(candidate, params), 'utf8')
      .digest();
    valid = safeEqual(presented, expected) || valid;
  }
  return valid;
}

const DEFAULT_PORTS: Record<string, string> = { 'https://': '443', 'http://': '80' };

/** The URL as built, plus the same URL with its default port added or removed. */
export function urlVariants(url: string): string[] {
  const match = /^(https?:\/\/)([^/:?#]+)(?::(\d+))?(.*)$/i.exec(url);
  if (!match) return [url];
  const [, scheme = '', host = '', port, rest = ''] = match;
  const defaultPort = DEFAULT_PORTS[scheme.toLowerCase()];
  if (port === undefined) return [url, `${scheme}${host}:${defaultPort}${rest}`];
  if (port === defaultPort) return [url, `${scheme}${host}${rest}`];
  return [url];
}
