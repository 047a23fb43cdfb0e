import { createHmac } from 'node:crypto';

/**
 * RFC 5849 written out on its own, to check the signer and, in provider stand-ins, the requests
 * against: §3.6 percent-encoding, §3.4.1 the signature base string, §3.4.2 HMAC-SHA1.
 */
export function percentEncode(value: string): string {
  return [...Buffer.from(value, 'utf8')]
    .map((byte) => {
      const char = String.fromCharCode(byte);
      return /[A-Za-z0-9\-._~]/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    })
    .join('');
}

/** §3.4.1: method, base string URI, and every parameter but the signature, encoded and sorted. */
export function signatureBaseString(method: string, url: string, params: Array<[string, string]>): string {
  // The URL parser lower-cases scheme and host and drops a default port, as §3.4.1.2 asks.
  const parsed = new URL(url);
  const baseUri = `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  const query = [...parsed.searchParams.entries()];
  const normalized = [...query, ...params]
    .filter(([name]) => name !== 'oauth_signature')
    .map(([name, value]) => [percentEncode(name), percentEncode(value)] as const)
    .sort(([a, x], [b, y]) => (a === b ? (x < y ? -1 : x > y ? 1 : 0) : a < b ? -1 : 1))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
  return [method.toUpperCase(), percentEncode(baseUri), percentEncode(normalized)].join('&');
}

/** §3.4.2: the key is both secrets, encoded and joined by `&`; the digest is base64. */
export function hmacSha1Signature(baseString: string, consumerSecret: string, tokenSecret: string): string {
  const key = `${percentEncode(consumerSecret)}&${percentEncode(tokenSecret)}`;
  return createHmac('sha1', key).update(baseString).digest('base64');
}

/** §3.5.1: the parameters of an `Authorization: OAuth …` header, decoded; undefined if it is none. */
export function oauthHeaderParams(header: string | undefined): Record<string, string> | undefined {
  const match = /^OAuth (.+)$/.exec(header ?? '');
  if (!match?.[1]) return undefined;
  const params: Record<string, string> = {};
  for (const part of match[1].split(/,\s*/)) {
    const pair = /^([^=]+)="([^"]*)"$/.exec(part);
    if (!pair?.[1] || pair[2] === undefined) return undefined;
    params[decodeURIComponent(pair[1])] = decodeURIComponent(pair[2]);
  }
  return params;
}

/**
 * Whether a request carries a valid HMAC-SHA1 signature by these credentials, with a timestamp
 * within five minutes of now: what a provider checks before serving it.
 */
export function verifyOAuth1(
  request: { method: string; url: string; authorization: string | undefined; form?: Array<[string, string]> },
  credentials: { consumerKey: string; consumerSecret: string; token: string; tokenSecret: string },
  now = Date.now(),
): boolean {
  const params = oauthHeaderParams(request.authorization);
  if (!params) return false;
  const fresh = Math.abs(Number(params.oauth_timestamp) - now / 1000) < 300;
  const expected = hmacSha1Signature(
    signatureBaseString(request.method, request.url, [...Object.entries(params), ...(request.form ?? [])]),
    credentials.consumerSecret,
    credentials.tokenSecret,
  );
  return (
    fresh &&
    params.oauth_consumer_key === credentials.consumerKey &&
    params.oauth_token === credentials.token &&
    params.oauth_signature_method === 'HMAC-SHA1' &&
    params.oauth_version === '1.0' &&
    Boolean(params.oauth_nonce) &&
    params.oauth_signature === expected
  );
}
