/** The tokens of a Cognito sign-in, and who they say is signed in. */

export interface Tokens {
  /** Sent to the API: it carries the agent id, the groups and `aud` = the console's client id. */
  idToken: string;
  accessToken: string;
  /** Absent when Cognito issued none; then the session ends with the ID token. */
  refreshToken?: string | undefined;
  /** When the ID token expires, in milliseconds since the epoch (its `exp` claim). */
  expiresAt: number;
}

export interface SignedInUser {
  /** The agent record this user works as: `custom:agentId`, else the Cognito user name. */
  agentId: string;
  /** The name to show: `name`, else `email`, else the agent id. */
  displayName: string;
  email?: string | undefined;
  /** In the `supervisors` group: the console offers what only supervisors may do. */
  supervisor: boolean;
}

/** A token response or token the console cannot use; the message says what was wrong. */
export class TokenError extends Error {}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value ? value : undefined;
}

function base64UrlDecode(part: string): string {
  const base64 = part
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(part.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

/**
 * The claims of a JWT. The signature is not checked here: the token came straight from the
 * Hosted UI over TLS, and the API's authorizer checks it on every request.
 */
export function jwtClaims(token: string): Record<string, unknown> {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) throw new TokenError('the token is not a JWT');
  let claims: unknown;
  try {
    claims = JSON.parse(base64UrlDecode(parts[1]));
  } catch {
    throw new TokenError('the token’s claims are not readable');
  }
  if (!claims || typeof claims !== 'object' || Array.isArray(claims)) {
    throw new TokenError('the token’s claims are not an object');
  }
  return claims as Record<string, unknown>;
}

/**
 * The tokens of a `/oauth2/token` answer, checked by hand (the console bundles no schema
 * library). A refresh answers no new refresh token: the previous one is kept.
 */
export function parseTokenResponse(raw: unknown, previousRefreshToken?: string): Tokens {
  const body = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const idToken = text(body.id_token);
  const accessToken = text(body.access_token);
  if (!idToken || !accessToken) throw new TokenError('the sign-in answered no ID or access token');
  const tokenType = text(body.token_type);
  if (tokenType && tokenType.toLowerCase() !== 'bearer') {
    throw new TokenError(`the sign-in answered a ${tokenType} token, not a bearer token`);
  }
  const exp = jwtClaims(idToken).exp;
  if (typeof exp !== 'number') throw new TokenError('the ID token has no expiry');
  return {
    idToken,
    accessToken,
    refreshToken: text(body.refresh_token) ?? previousRefreshToken,
    expiresAt: exp * 1000,
  };
}

/** Who an ID token's claims name (see functions/http/auth.ts for the API's reading). */
export function signedInUser(claims: Record<string, unknown>): SignedInUser {
  const agentId = text(claims['custom:agentId']) ?? text(claims['cognito:username']);
  if (!agentId) throw new TokenError('the ID token names no agent (custom:agentId or cognito:username)');
  const email = text(claims.email);
  const groups = claims['cognito:groups'];
  const supervisor = Array.isArray(groups) && groups.includes('supervisors');
  return { agentId, displayName: text(claims.name) ?? email ?? agentId, email, supervisor };
}
