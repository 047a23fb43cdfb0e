import { createHmac, randomBytes } from 'node:crypto';
import OAuth from 'oauth-1.0a';
import * as z from 'zod';

/** X's OAuth 1.0a user context: the app (consumer) and the brand account (token), each with its secret. */
export const OAuth1CredentialsSchema = z.object({
  consumerKey: z.string().min(1),
  consumerSecret: z.string().min(1),
  token: z.string().min(1),
  tokenSecret: z.string().min(1),
});
export type OAuth1Credentials = z.infer<typeof OAuth1CredentialsSchema>;

export interface OAuth1Request {
  method: string;
  url: string;
  /** Form-encoded body parameters, which OAuth 1.0a signs along with the query. */
  form?: Record<string, string> | undefined;
}

/**
 * The `Authorization` header of an HMAC-SHA1 signed OAuth 1.0a request (RFC 5849). The URL is
 * signed as `fetch` sends it (scheme and host lower case, no default port, no fragment), so
 * the signature covers exactly the request made; call it with that same URL.
 */
export function oauth1Authorization(
  request: OAuth1Request,
  credentials: OAuth1Credentials,
  moment: { at: Date; nonce?: string | undefined },
): string {
  const oauth = new OAuth({
    consumer: { key: credentials.consumerKey, secret: credentials.consumerSecret },
    signature_method: 'HMAC-SHA1',
    hash_function: (base, key) => createHmac('sha1', key).update(base).digest('base64'),
  });
  // The library draws its nonce from Math.random and reads the clock itself: a nonce from the
  // system's random source and the caller's clock go in instead.
  const nonce = moment.nonce ?? randomBytes(16).toString('hex');
  oauth.getNonce = () => nonce;
  oauth.getTimeStamp = () => Math.floor(moment.at.getTime() / 1000);
  const url = new URL(request.url);
  url.hash = '';
  const data = oauth.authorize(
    { method: request.method.toUpperCase(), url: url.href, data: { ...request.form } },
    { key: credentials.token, secret: credentials.tokenSecret },
  );
  return oauth.toHeader(data).Authorization;
}
