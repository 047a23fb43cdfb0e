import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import {
  createRemoteJWKSet,
  decodeProtectedHeader,
  errors,
  type JWTPayload,
  type JWTVerifyGetKey,
  jwtVerify,
} from 'jose';
import * as z from 'zod';
import { DomainError } from '#core/errors.ts';
import type { IdentityTokenSettings } from '#shared/config.ts';

/** A token may live at most this long: a leaked one stops working by tomorrow. */
export const MAX_TOKEN_LIFETIME_SECONDS = 24 * 3600;
/** How far the company's clocks and ours may disagree. */
export const CLOCK_SKEW_SECONDS = 60;
/** A rotated HS256 key is picked up within this long, without a redeploy. */
const SECRET_REFRESH_MS = 5 * 60_000;

const HMAC_ALGORITHMS = ['HS256'];
const PUBLIC_KEY_ALGORITHMS = ['RS256', 'ES256'];

/** What the company's backend vouches for; `sub` is its own id of the signed-in user. */
const ClaimsSchema = z.object({
  sub: z.string().min(1).max(256).regex(/^\S+$/, 'without spaces'),
  email: z.string().max(320).optional(),
  phone: z.string().max(40).optional(),
  iat: z.number(),
  exp: z.number(),
});
export type IdentityTokenClaims = z.infer<typeof ClaimsSchema>;

export interface IdentityTokenVerifier {
  /** The token's claims, or a 401 naming why the token cannot be trusted. */
  verify(token: string): Promise<IdentityTokenClaims>;
}

/** Why a token was refused: the `reason` of the 401, for the company's developers to act on. */
export type TokenRefusal =
  | 'not_accepted'
  | 'malformed'
  | 'alg_none'
  | 'alg_not_allowed'
  | 'bad_signature'
  | 'unknown_key'
  | 'wrong_audience'
  | 'expired'
  | 'not_yet_valid'
  | 'issued_in_future'
  | 'lifetime_too_long'
  | 'missing_claim'
  | 'invalid_claim';

export function refused(reason: TokenRefusal, message: string): DomainError {
  return new DomainError('unauthorized', `identityToken: ${message}`, { field: 'identityToken', reason });
}

/**
 * Checks tokens with the deployment's keys: HS256 against the shared key, RS256 and ES256
 * against the JWKS. Each family only ever meets its own keys, so a token signed with HMAC under
 * a public key's bytes, or one claiming `none`, fails before any signature is computed.
 */
export function identityTokenVerifier(
  settings: IdentityTokenSettings | undefined,
  clock: { now(): Date },
  secrets: () => Promise<string | undefined> = hmacKeySource(settings),
): IdentityTokenVerifier {
  if (!settings) {
    return {
      verify: () => Promise.reject(refused('not_accepted', 'this deployment accepts no identity tokens')),
    };
  }
  const jwks = settings.jwksUrl ? createRemoteJWKSet(new URL(settings.jwksUrl)) : undefined;
  const hmac = settings.secret || settings.secretId;
  const allowed = [...(hmac ? HMAC_ALGORITHMS : []), ...(jwks ? PUBLIC_KEY_ALGORITHMS : [])];
  const key: JWTVerifyGetKey = async (header, token) => {
    if (HMAC_ALGORITHMS.includes(header.alg ?? '')) {
      const value = await secrets();
      if (!value) throw new Error('the identity token key is configured but empty');
      return new TextEncoder().encode(value);
    }
    if (!jwks) throw refused('alg_not_allowed', `alg ${header.alg} is not accepted`);
    return jwks(header, token);
  };
  return {
    verify: async (token) => {
      checkHeader(token, allowed);
      const now = clock.now();
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, key, {
          algorithms: allowed,
          audience: settings.audience,
          requiredClaims: ['sub', 'exp', 'iat'],
          clockTolerance: CLOCK_SKEW_SECONDS,
          maxTokenAge: MAX_TOKEN_LIFETIME_SECONDS,
          currentDate: now,
        }));
      } catch (error) {
        throw describe(error);
      }
      return checkClaims(payload, now);
    },
  };
}

/** The header is read first, so that a token of an algorithm we never accept is named as such. */
function checkHeader(token: string, allowed: readonly string[]): void {
  if (token.split('.').length !== 3)
    throw refused('malformed', 'not a signed JWT (header.payload.signature)');
  let alg: unknown;
  try {
    alg = decodeProtectedHeader(token).alg;
  } catch {
    throw refused('malformed', 'the header is not base64url JSON');
  }
  if (typeof alg !== 'string') throw refused('malformed', 'the header names no alg');
  if (alg.toLowerCase() === 'none') throw refused('alg_none', 'unsigned tokens (alg none) are refused');
  if (!allowed.includes(alg)) {
    throw refused('alg_not_allowed', `alg ${alg} is not accepted (accepted: ${allowed.join(', ')})`);
  }
}

function checkClaims(payload: JWTPayload, now: Date): IdentityTokenClaims {
  const parsed = ClaimsSchema.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw refused('invalid_claim', `${issue?.path.join('.')}: ${issue?.message}`);
  }
  const claims = parsed.data;
  const nowSeconds = Math.floor(now.getTime() / 1000);
  if (claims.exp - claims.iat > MAX_TOKEN_LIFETIME_SECONDS) {
    throw refused('lifetime_too_long', 'exp is more than 24 hours after iat');
  }
  if (claims.exp - nowSeconds > MAX_TOKEN_LIFETIME_SECONDS + CLOCK_SKEW_SECONDS) {
    throw refused('lifetime_too_long', 'exp is more than 24 hours ahead');
  }
  return claims;
}

/** jose's errors as the reasons a client is told; anything else is ours and stays a 500. */
function describe(error: unknown): unknown {
  if (error instanceof DomainError) return error;
  if (error instanceof errors.JWTExpired) {
    return error.claim === 'iat'
      ? refused('expired', 'issued more than 24 hours ago')
      : refused('expired', 'the token has expired');
  }
  if (error instanceof errors.JWTClaimValidationFailed) return claimFailure(error);
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return refused('bad_signature', 'the signature does not match');
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return refused('alg_not_allowed', error.message);
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
    return refused('unknown_key', 'no key of the JWKS matches the header (kid, alg)');
  }
  if (error instanceof errors.JWKSTimeout) return keysUnreachable(error);
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) {
    return refused('malformed', error.message);
  }
  if (error instanceof TypeError && /fetch/i.test(error.message)) return keysUnreachable(error);
  return error;
}

function claimFailure(error: InstanceType<typeof errors.JWTClaimValidationFailed>): DomainError {
  if (error.reason === 'missing') return refused('missing_claim', `missing the ${error.claim} claim`);
  switch (error.claim) {
    case 'aud':
      return refused('wrong_audience', 'aud does not name this deployment');
    case 'iat':
      return refused('issued_in_future', 'iat is in the future');
    case 'nbf':
      return refused('not_yet_valid', 'nbf is in the future');
    default:
      return refused('invalid_claim', `${error.claim}: ${error.message}`);
  }
}

/** The JWKS being down is no fault of the visitor's: the same request works once it is back. */
function keysUnreachable(cause: unknown): DomainError {
  return new DomainError(
    'unavailable',
    'the identity token keys cannot be fetched, retry shortly',
    {},
    { cause, retryAfterSeconds: 5 },
  );
}

/** The HS256 key: from the environment locally, from its secret (refreshed) in the cloud. */
function hmacKeySource(settings: IdentityTokenSettings | undefined): () => Promise<string | undefined> {
  if (!settings?.secretId) return async () => settings?.secret;
  const secretId = settings.secretId;
  let client: SecretsManagerClient | undefined;
  let cached: { value: string | undefined; readAt: number } | undefined;
  return async () => {
    if (cached && Date.now() - cached.readAt < SECRET_REFRESH_MS) return cached.value;
    client ??= new SecretsManagerClient({});
    const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
    cached = { value: SecretString || settings.secret, readAt: Date.now() };
    return cached.value;
  };
}
