import { createHmac } from 'node:crypto';
import { safeEqual, safeEqualText } from '../common/signature.ts';

/** `X-Hub-Signature-256` for a body: `sha256=` + lowercase hex HMAC-SHA256 with the App Secret. */
export function metaSignature(body: Buffer, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`;
}

/**
 * Checks `X-Hub-Signature-256` over the raw body bytes, never a re-serialisation: Meta signs
 * its own escaping (`\u00e9`, `\/`), which parsing and stringifying would change.
 */
export function verifyMetaSignature(body: Buffer, header: string | undefined, appSecret: string): boolean {
  const hex = /^sha256=([0-9a-fA-F]{64})$/.exec(header?.trim() ?? '')?.[1];
  if (!hex) return false;
  const expected = createHmac('sha256', appSecret).update(body).digest();
  return safeEqual(Buffer.from(hex, 'hex'), expected);
}

/**
 * The verification handshake: the challenge to echo when Meta subscribes with our verify token,
 * undefined otherwise. Parameter names keep their dots (`hub.mode`).
 */
export function subscriptionChallenge(
  query: Record<string, string | undefined>,
  verifyToken: string,
): string | undefined {
  const mode = query['hub.mode'];
  const token = query['hub.verify_token'];
  const challenge = query['hub.challenge'];
  if (mode !== 'subscribe' || token === undefined || !challenge) return undefined;
  if (!safeEqualText(token, verifyToken)) return undefined;
  return challenge;
}
