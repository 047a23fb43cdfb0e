import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the stand-in was asked, in order. */
export type HostedUiEvent =
  | { kind: 'authorize'; query: Record<string, string> }
  | { kind: 'token'; grantType: string; accepted: boolean }
  | { kind: 'revoke'; token: string }
  | { kind: 'logout'; query: Record<string, string> };

export interface StandInHostedUi {
  url: string;
  clientId: string;
  events: HostedUiEvent[];
  /** Every ID token issued, newest last: what the console must send to the API. */
  idTokens: string[];
  /** The next sign-in is refused, as when the user is disabled. */
  refuseNextSignIn(): void;
  close(): Promise<void>;
}

export interface HostedUiOptions {
  clientId: string;
  /** The client's callback and sign-out URLs; anything else is refused, as Cognito does. */
  consoleUrls: string[];
  /** The claims of the signed-in user's ID token (`sub`, `custom:agentId`, `name`, …). */
  claims: Record<string, unknown>;
}

const base64Url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** JWT-shaped and unsigned: the console reads the claims, only the API would check a signature. */
function token(claims: Record<string, unknown>): string {
  return `${base64Url({ alg: 'RS256', kid: 'stand-in' })}.${base64Url(claims)}.${randomBytes(16).toString('base64url')}`;
}

/**
 * A stand-in for the Cognito Hosted UI's OAuth endpoints: `/oauth2/authorize` signs the user
 * in at once and returns a code, `/oauth2/token` exchanges it only for the verifier whose S256
 * challenge came with it (and refreshes), `/oauth2/revoke` and `/logout` as Cognito answers them.
 */
export async function startHostedUi(options: HostedUiOptions): Promise<StandInHostedUi> {
  const events: HostedUiEvent[] = [];
  const idTokens: string[] = [];
  const codes = new Map<string, { challenge: string; redirectUri: string }>();
  const refreshTokens = new Set<string>();
  let refuseNext = false;

  function issue(withRefreshToken: boolean) {
    const now = Math.floor(Date.now() / 1000);
    const idToken = token({
      ...options.claims,
      aud: options.clientId,
      token_use: 'id',
      iat: now,
      exp: now + 3600,
    });
    idTokens.push(idToken);
    const refreshToken = randomBytes(24).toString('base64url');
    if (withRefreshToken) refreshTokens.add(refreshToken);
    return {
      id_token: idToken,
      access_token: token({
        sub: options.claims.sub,
        client_id: options.clientId,
        token_use: 'access',
        exp: now + 3600,
      }),
      ...(withRefreshToken ? { refresh_token: refreshToken } : {}),
      token_type: 'Bearer',
      expires_in: 3600,
    };
  }

  function authorize(query: Record<string, string>, response: ServerResponse) {
    events.push({ kind: 'authorize', query });
    const valid =
      query.response_type === 'code' &&
      query.client_id === options.clientId &&
      options.consoleUrls.includes(query.redirect_uri ?? '') &&
      query.code_challenge_method === 'S256' &&
      /^[A-Za-z0-9_-]{43}$/.test(query.code_challenge ?? '') &&
      (query.scope ?? '').split(' ').includes('openid');
    if (!valid) return send(response, 400, 'text/plain', 'invalid_request');
    const back = new URL(query.redirect_uri as string);
    if (query.state) back.searchParams.set('state', query.state);
    if (refuseNext) {
      refuseNext = false;
      back.searchParams.set('error', 'access_denied');
      back.searchParams.set('error_description', 'User is disabled.');
    } else {
      const code = randomBytes(16).toString('hex');
      codes.set(code, {
        challenge: query.code_challenge as string,
        redirectUri: query.redirect_uri as string,
      });
      back.searchParams.set('code', code);
    }
    response.writeHead(302, { location: back.href });
    response.end();
  }

  function exchange(form: URLSearchParams, response: ServerResponse) {
    const grantType = form.get('grant_type') ?? '';
    let answer: ReturnType<typeof issue> | undefined;
    if (form.get('client_id') === options.clientId && grantType === 'authorization_code') {
      const code = codes.get(form.get('code') ?? '');
      codes.delete(form.get('code') ?? '');
      const verifier = form.get('code_verifier') ?? '';
      const proven = createHash('sha256').update(verifier).digest('base64url') === code?.challenge;
      if (code && proven && form.get('redirect_uri') === code.redirectUri) answer = issue(true);
    } else if (form.get('client_id') === options.clientId && grantType === 'refresh_token') {
      if (refreshTokens.has(form.get('refresh_token') ?? '')) answer = issue(false);
    }
    events.push({ kind: 'token', grantType, accepted: answer !== undefined });
    if (!answer) return send(response, 400, 'application/json', JSON.stringify({ error: 'invalid_grant' }));
    send(response, 200, 'application/json', JSON.stringify(answer));
  }

  function logout(query: Record<string, string>, response: ServerResponse) {
    events.push({ kind: 'logout', query });
    if (query.client_id !== options.clientId || !options.consoleUrls.includes(query.logout_uri ?? '')) {
      return send(response, 400, 'text/plain', 'invalid logout_uri');
    }
    response.writeHead(302, { location: query.logout_uri });
    response.end();
  }

  const server = createServer(async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://stand-in');
    const query = Object.fromEntries(url.searchParams);
    const route = `${request.method} ${url.pathname}`;
    if (route === 'GET /oauth2/authorize') return authorize(query, response);
    if (route === 'GET /logout') return logout(query, response);
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
    if (route === 'POST /oauth2/token') return exchange(form, response);
    if (route === 'POST /oauth2/revoke') {
      const revoked = form.get('token') ?? '';
      refreshTokens.delete(revoked);
      events.push({ kind: 'revoke', token: revoked });
      return send(response, 200, 'application/json', '{}');
    }
    send(response, 404, 'text/plain', 'not found');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    clientId: options.clientId,
    events,
    idTokens,
    refuseNextSignIn: () => {
      refuseNext = true;
    },
    close: () => new Promise((done) => server.close(() => done())),
  };
}

/** Cognito's token and revocation endpoints answer browsers of any origin. */
function send(response: ServerResponse, status: number, contentType: string, body: string): void {
  response.writeHead(status, { 'content-type': contentType, 'access-control-allow-origin': '*' });
  response.end(body);
}
