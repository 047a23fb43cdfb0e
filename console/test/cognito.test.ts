import { describe, expect, it, vi } from 'vitest';
import {
  type AuthStorage,
  authorizeUrl,
  completeSignIn,
  type Fetch,
  isCallback,
  logoutUrl,
  SignInError,
} from '../src/auth/cognito.ts';
import { base64Url, codeChallenge } from '../src/auth/pkce.ts';
import { CognitoSession, REFRESH_BEFORE_MS, type SessionDeps } from '../src/auth/session.ts';
import { jwtClaims, parseTokenResponse, signedInUser, TokenError } from '../src/auth/tokens.ts';
import type { CognitoConfig } from '../src/runtime-config.ts';

const AUTH: CognitoConfig = {
  userPoolId: 'us-east-1_Example',
  clientId: 'console-client',
  domainUrl: 'https://onethread-test.auth.us-east-1.amazoncognito.com',
};
const CONSOLE = 'https://d111111abcdef8.cloudfront.net/console/';
const NOW = Date.parse('2026-05-01T12:00:00Z');

function memoryStorage(): AuthStorage & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
  };
}

/** An unsigned JWT with these claims: the console reads claims, the API checks signatures. */
function jwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => base64Url(new TextEncoder().encode(JSON.stringify(value)));
  return `${part({ alg: 'RS256', kid: 'test' })}.${part(claims)}.c2lnbmF0dXJl`;
}

const idToken = (expiresAt: number, extra: Record<string, unknown> = {}) =>
  jwt({
    sub: 'c0ffee',
    aud: AUTH.clientId,
    'cognito:username': 'c0ffee',
    'custom:agentId': 'agent-ana',
    name: 'Ana Lima',
    email: 'ana@example.com',
    exp: Math.floor(expiresAt / 1000),
    ...extra,
  });

function tokenAnswer(expiresAt: number, refreshToken?: string) {
  return {
    id_token: idToken(expiresAt),
    access_token: jwt({ sub: 'c0ffee', client_id: AUTH.clientId }),
    ...(refreshToken ? { refresh_token: refreshToken } : {}),
    token_type: 'Bearer',
    expires_in: 3600,
  };
}

/** A fetch that answers `/oauth2/token` with `answer` and records what it was sent. */
function tokenEndpoint(answer: () => { status: number; body: unknown }) {
  const requests: { url: string; init: RequestInit; form: URLSearchParams }[] = [];
  const fetchFn = vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
    requests.push({ url: String(url), init: init ?? {}, form: new URLSearchParams(String(init?.body)) });
    const { status, body } = answer();
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  });
  return { fetch: fetchFn as unknown as Fetch, requests };
}

async function startedSignIn(storage = memoryStorage()) {
  const url = new URL(await authorizeUrl(AUTH, CONSOLE, storage));
  return { storage, url, state: url.searchParams.get('state') as string };
}

describe('sign-in on the Hosted UI: authorization code with PKCE', () => {
  it('sends the browser to /oauth2/authorize with the code flow, the scopes, a state and an S256 challenge', async () => {
    const { storage, url } = await startedSignIn();
    expect(`${url.origin}${url.pathname}`).toBe(`${AUTH.domainUrl}/oauth2/authorize`);
    const query = Object.fromEntries(url.searchParams);
    expect(query).toMatchObject({
      response_type: 'code',
      client_id: 'console-client',
      redirect_uri: CONSOLE,
      scope: 'openid email profile',
      code_challenge_method: 'S256',
    });
    const pending = JSON.parse([...storage.items.values()][0] as string);
    expect(query.state).toBe(pending.state);
    expect(query.code_challenge).toBe(await codeChallenge(pending.verifier));
    // The verifier itself never leaves the tab.
    expect(url.href).not.toContain(pending.verifier);
  });

  it('exchanges the returned code with the verifier, form-encoded, for the tokens', async () => {
    const { storage, state } = await startedSignIn();
    const verifier = JSON.parse([...storage.items.values()][0] as string).verifier;
    const endpoint = tokenEndpoint(() => ({ status: 200, body: tokenAnswer(NOW + 3_600_000, 'refresh-1') }));
    const callback = new URL(`${CONSOLE}?code=the-code&state=${state}`);
    expect(isCallback(callback)).toBe(true);

    const tokens = await completeSignIn(AUTH, CONSOLE, callback, { storage, fetch: endpoint.fetch });
    expect(tokens).toMatchObject({
      refreshToken: 'refresh-1',
      expiresAt: Math.floor((NOW + 3_600_000) / 1000) * 1000,
    });
    expect(signedInUser(jwtClaims(tokens.idToken))).toEqual({
      agentId: 'agent-ana',
      displayName: 'Ana Lima',
      email: 'ana@example.com',
      supervisor: false,
    });
    const [request] = endpoint.requests;
    expect(request?.url).toBe(`${AUTH.domainUrl}/oauth2/token`);
    expect(request?.init.method).toBe('POST');
    expect(new Headers(request?.init.headers).get('content-type')).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(request?.form ?? [])).toEqual({
      client_id: 'console-client',
      grant_type: 'authorization_code',
      code: 'the-code',
      redirect_uri: CONSOLE,
      code_verifier: verifier,
    });
  });

  it('ignores an answer whose state is not this tab’s, and exchanges nothing', async () => {
    const { storage } = await startedSignIn();
    const endpoint = tokenEndpoint(() => ({ status: 200, body: tokenAnswer(NOW + 3_600_000) }));
    const forged = new URL(`${CONSOLE}?code=stolen&state=someone-elses`);
    await expect(completeSignIn(AUTH, CONSOLE, forged, { storage, fetch: endpoint.fetch })).rejects.toThrow(
      /does not belong to a sign-in started in this tab/,
    );
    expect(endpoint.requests).toEqual([]);
  });

  it('uses a started sign-in once: the same answer again, or one with no sign-in started, is refused', async () => {
    const { storage, state } = await startedSignIn();
    const endpoint = tokenEndpoint(() => ({ status: 200, body: tokenAnswer(NOW + 3_600_000) }));
    const callback = new URL(`${CONSOLE}?code=the-code&state=${state}`);
    await completeSignIn(AUTH, CONSOLE, callback, { storage, fetch: endpoint.fetch });
    await expect(
      completeSignIn(AUTH, CONSOLE, callback, { storage, fetch: endpoint.fetch }),
    ).rejects.toBeInstanceOf(SignInError);
    expect(endpoint.requests).toHaveLength(1);
  });

  it('reports the error the Hosted UI sent back, in words', async () => {
    const { storage, state } = await startedSignIn();
    const callback = new URL(
      `${CONSOLE}?error=access_denied&error_description=User+is+disabled.&state=${state}`,
    );
    expect(isCallback(callback)).toBe(true);
    await expect(
      completeSignIn(AUTH, CONSOLE, callback, {
        storage,
        fetch: tokenEndpoint(() => ({ status: 500, body: {} })).fetch,
      }),
    ).rejects.toThrow('The sign-in page refused the sign-in: User is disabled.');
  });

  it('reports a refused or failed exchange', async () => {
    const refused = await startedSignIn();
    await expect(
      completeSignIn(AUTH, CONSOLE, new URL(`${CONSOLE}?code=old&state=${refused.state}`), {
        storage: refused.storage,
        fetch: tokenEndpoint(() => ({ status: 400, body: { error: 'invalid_grant' } })).fetch,
      }),
    ).rejects.toThrow('The sign-in could not be completed: invalid_grant (400).');

    const offline = await startedSignIn();
    const failing = (async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as Fetch;
    await expect(
      completeSignIn(AUTH, CONSOLE, new URL(`${CONSOLE}?code=c&state=${offline.state}`), {
        storage: offline.storage,
        fetch: failing,
      }),
    ).rejects.toThrow('The sign-in could not be completed: Failed to fetch.');
  });

  it('is not a callback without a code or an error', () => {
    expect(isCallback(new URL(`${CONSOLE}#/agent`))).toBe(false);
  });

  it('signs out on the Hosted UI, back to the console', () => {
    const url = new URL(logoutUrl(AUTH, CONSOLE));
    expect(`${url.origin}${url.pathname}`).toBe(`${AUTH.domainUrl}/logout`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: 'console-client',
      logout_uri: CONSOLE,
    });
  });
});

describe('tokens and who they name', () => {
  it('takes the agent id from custom:agentId, else the user name, and the name to show from name or email', () => {
    expect(signedInUser({ 'cognito:username': 'ben', email: 'ben@example.com' })).toEqual({
      agentId: 'ben',
      displayName: 'ben@example.com',
      email: 'ben@example.com',
      supervisor: false,
    });
    expect(() => signedInUser({ sub: 'x' })).toThrow(TokenError);
  });

  it('knows a supervisor by the supervisors group the ID token lists', () => {
    expect(
      signedInUser({ 'cognito:username': 'sue', 'cognito:groups': ['agents', 'supervisors'] }),
    ).toMatchObject({
      supervisor: true,
    });
    expect(signedInUser({ 'cognito:username': 'sam', 'cognito:groups': ['agents'] }).supervisor).toBe(false);
  });

  it('refuses answers without the tokens, of another type, or an ID token without expiry', () => {
    expect(() => parseTokenResponse({ access_token: 'a' })).toThrow(/no ID or access token/);
    expect(() => parseTokenResponse({ ...tokenAnswer(NOW), token_type: 'mac' })).toThrow(/not a bearer/);
    expect(() => parseTokenResponse({ id_token: jwt({ sub: 'x' }), access_token: 'a' })).toThrow(/no expiry/);
    expect(() => parseTokenResponse({ id_token: 'not-a-jwt', access_token: 'a' })).toThrow(/not a JWT/);
  });
});

describe('the console’s Cognito session', () => {
  function deps(
    fetchFn: Fetch,
    storage = memoryStorage(),
  ): SessionDeps & { ended: string[]; storage: ReturnType<typeof memoryStorage> } {
    const ended: string[] = [];
    return { storage, fetch: fetchFn, now: () => NOW, onEnded: (reason) => void ended.push(reason), ended };
  }

  it('sends the ID token as it is while it has more than the margin left', async () => {
    const endpoint = tokenEndpoint(() => ({ status: 500, body: {} }));
    const answer = tokenAnswer(NOW + REFRESH_BEFORE_MS + 60_000, 'refresh-1');
    const session = CognitoSession.start(AUTH, parseTokenResponse(answer), deps(endpoint.fetch));
    expect(session.agentId).toBe('agent-ana');
    expect(await session.token()).toBe(answer.id_token);
    expect(endpoint.requests).toEqual([]);
  });

  it('refreshes before the ID token expires, once for concurrent requests, and keeps the refresh token', async () => {
    const fresh = tokenAnswer(NOW + 3_600_000);
    const endpoint = tokenEndpoint(() => ({ status: 200, body: fresh }));
    const d = deps(endpoint.fetch);
    const session = CognitoSession.start(AUTH, parseTokenResponse(tokenAnswer(NOW + 60_000, 'refresh-1')), d);

    expect(await Promise.all([session.token(), session.token()])).toEqual([fresh.id_token, fresh.id_token]);
    expect(endpoint.requests).toHaveLength(1);
    expect(Object.fromEntries(endpoint.requests[0]?.form ?? [])).toEqual({
      client_id: 'console-client',
      grant_type: 'refresh_token',
      refresh_token: 'refresh-1',
    });
    // After a reload, the tab's session comes back with the refreshed tokens.
    const restored = CognitoSession.restore(AUTH, d);
    expect(await restored?.token()).toBe(fresh.id_token);
    expect(JSON.parse(d.storage.items.get('onethread.console.tokens') as string).refreshToken).toBe(
      'refresh-1',
    );
  });

  it('ends the session when the refresh token is refused', async () => {
    const d = deps(tokenEndpoint(() => ({ status: 400, body: { error: 'invalid_grant' } })).fetch);
    const session = CognitoSession.start(AUTH, parseTokenResponse(tokenAnswer(NOW - 1_000, 'revoked')), d);
    await expect(session.token()).rejects.toThrow('invalid_grant (400)');
    expect(d.ended).toEqual(['Your session has ended. Sign in again to go on.']);
    expect(CognitoSession.restore(AUTH, d)).toBeUndefined();
  });

  it('keeps the session through a passing failure while the ID token still works', async () => {
    const answer = tokenAnswer(NOW + 60_000, 'refresh-1');
    const d = deps(tokenEndpoint(() => ({ status: 503, body: {} })).fetch);
    const session = CognitoSession.start(AUTH, parseTokenResponse(answer), d);
    expect(await session.token()).toBe(answer.id_token);
    expect(d.ended).toEqual([]);
  });

  it('signs out: forgets the tokens, revokes the refresh token and goes to the Hosted UI’s logout', async () => {
    const endpoint = tokenEndpoint(() => ({ status: 200, body: {} }));
    const d = deps(endpoint.fetch);
    const session = CognitoSession.start(
      AUTH,
      parseTokenResponse(tokenAnswer(NOW + 3_600_000, 'refresh-1')),
      d,
    );
    expect(session.signOut(CONSOLE)).toBe(logoutUrl(AUTH, CONSOLE));
    expect(d.storage.items.size).toBe(0);
    expect(endpoint.requests[0]?.url).toBe(`${AUTH.domainUrl}/oauth2/revoke`);
    expect(endpoint.requests[0]?.init.keepalive).toBe(true);
    expect(Object.fromEntries(endpoint.requests[0]?.form ?? [])).toEqual({
      token: 'refresh-1',
      client_id: 'console-client',
    });
  });
});
