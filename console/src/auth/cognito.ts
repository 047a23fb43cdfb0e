import type { CognitoConfig } from '../runtime-config.ts';
import { codeChallenge, randomToken } from './pkce.ts';
import { parseTokenResponse, type Tokens } from './tokens.ts';

/**
 * The Cognito Hosted UI's OAuth 2.0 endpoints, as a public client uses them: authorization code
 * with PKCE, refresh, revocation and sign-out. No client secret exists; the PKCE verifier proves
 * that the tab exchanging the code is the one that asked for it.
 */

export type AuthStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
export type Fetch = typeof fetch;

export const SCOPES = 'openid email profile';

/** What this tab remembers between sending the browser to the Hosted UI and its return. */
const PENDING_KEY = 'onethread.console.pendingSignIn';

/** A sign-in that cannot go on; the message is meant for the person signing in. */
export class SignInError extends Error {}

/** The refresh token is no longer accepted (expired, revoked, or the user was disabled). */
export class SessionEndedError extends Error {}

/**
 * Starts a sign-in: remembers a fresh `state` and PKCE verifier in this tab and answers the
 * Hosted UI URL to send the browser to. `statePrefix` marks the state of a sign-in that runs in
 * a window of its own (auth/popup.ts), so that the page the Hosted UI returns to can tell.
 */
export async function authorizeUrl(
  auth: CognitoConfig,
  redirectUri: string,
  storage: AuthStorage,
  statePrefix = '',
) {
  const state = `${statePrefix}${randomToken()}`;
  const verifier = randomToken();
  storage.setItem(PENDING_KEY, JSON.stringify({ state, verifier }));
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: auth.clientId,
    redirect_uri: redirectUri,
    scope: SCOPES,
    state,
    code_challenge: await codeChallenge(verifier),
    code_challenge_method: 'S256',
  });
  return `${auth.domainUrl}/oauth2/authorize?${query}`;
}

/** Whether the Hosted UI sent the browser back to this URL, with a code or an error. */
export function isCallback(url: URL): boolean {
  return url.searchParams.has('code') || url.searchParams.has('error');
}

function takePending(storage: AuthStorage): { state: string; verifier: string } | undefined {
  const raw = storage.getItem(PENDING_KEY);
  // One use only: a replayed callback finds nothing to match.
  storage.removeItem(PENDING_KEY);
  try {
    const pending = raw ? (JSON.parse(raw) as { state?: unknown; verifier?: unknown }) : undefined;
    return typeof pending?.state === 'string' && typeof pending.verifier === 'string'
      ? { state: pending.state, verifier: pending.verifier }
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Finishes a sign-in from the URL the Hosted UI returned to: checks that it answers this tab's
 * request (`state`), then exchanges the code, with the verifier, for tokens.
 */
export async function completeSignIn(
  auth: CognitoConfig,
  redirectUri: string,
  callback: URL,
  deps: { storage: AuthStorage; fetch: Fetch },
): Promise<Tokens> {
  const pending = takePending(deps.storage);
  const error = callback.searchParams.get('error');
  if (error) {
    const description = callback.searchParams.get('error_description');
    throw new SignInError(
      `The sign-in page refused the sign-in: ${(description || error).replace(/\.$/, '')}.`,
    );
  }
  const code = callback.searchParams.get('code');
  if (!pending || !code || callback.searchParams.get('state') !== pending.state) {
    throw new SignInError(
      'This sign-in answer does not belong to a sign-in started in this tab, so it was ignored.',
    );
  }
  const response = await tokenRequest(
    auth,
    {
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      code_verifier: pending.verifier,
    },
    deps.fetch,
  ).catch((caught: unknown) => {
    throw new SignInError(`The sign-in could not be completed: ${(caught as Error).message}.`);
  });
  if (!response.ok) {
    throw new SignInError(`The sign-in could not be completed: ${describe(response)}.`);
  }
  try {
    return parseTokenResponse(response.body);
  } catch (caught) {
    throw new SignInError(`The sign-in could not be completed: ${(caught as Error).message}.`);
  }
}

/** New ID and access tokens for a refresh token. */
export async function refreshTokens(auth: CognitoConfig, refreshToken: string, fetchFn: Fetch) {
  const response = await tokenRequest(
    auth,
    { grant_type: 'refresh_token', refresh_token: refreshToken },
    fetchFn,
  );
  // 400 invalid_grant: the refresh token is over. Anything else may pass; the caller retries.
  if (response.status === 400) throw new SessionEndedError(describe(response));
  if (!response.ok) throw new Error(`the token refresh failed: ${describe(response)}`);
  return parseTokenResponse(response.body, refreshToken);
}

/**
 * Revokes a refresh token, so that it cannot be used after sign-out. `keepalive` lets the
 * request finish while the browser already goes to the sign-out page.
 */
export function revokeRefreshToken(auth: CognitoConfig, refreshToken: string, fetchFn: Fetch): void {
  fetchFn(`${auth.domainUrl}/oauth2/revoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: refreshToken, client_id: auth.clientId }),
    keepalive: true,
  }).catch(() => undefined);
}

/** The Hosted UI's sign-out, which ends its own session and returns to `redirectUri`. */
export function logoutUrl(auth: CognitoConfig, redirectUri: string): string {
  return `${auth.domainUrl}/logout?${new URLSearchParams({ client_id: auth.clientId, logout_uri: redirectUri })}`;
}

interface TokenAnswer {
  ok: boolean;
  status: number;
  body: unknown;
}

async function tokenRequest(
  auth: CognitoConfig,
  params: Record<string, string>,
  fetchFn: Fetch,
): Promise<TokenAnswer> {
  const response = await fetchFn(`${auth.domainUrl}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: auth.clientId, ...params }),
  });
  const body: unknown = await response.json().catch(() => undefined);
  return { ok: response.ok, status: response.status, body };
}

/** `invalid_grant (401)`, from the OAuth error body when there is one. */
function describe({ status, body }: TokenAnswer): string {
  const error = (body as { error?: unknown } | undefined)?.error;
  return typeof error === 'string' ? `${error} (${status})` : `HTTP ${status}`;
}
