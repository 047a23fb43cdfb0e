import { createSign, generateKeyPairSync, randomUUID } from 'node:crypto';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import type { APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { hashSessionToken } from '#channels/chat/session-token.ts';
import { makeHandler } from '#handlers/live-authorizer.ts';
import { ChatSessionsRepo } from '#store/chat-sessions-repo.ts';
import { context } from '../support/events.ts';
import { createTestStack } from '../support/local-aws.ts';

const USER_POOL = 'us-east-1_Live12345';
const CLIENT = 'console-client-id';
const ISSUER = `https://cognito-idp.us-east-1.amazonaws.com/${USER_POOL}`;
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A Cognito ID token signed with the pool's (test) key. */
function idToken(claims: Record<string, unknown>, key = privateKey): string {
  const now = Math.floor(Date.now() / 1000);
  const header = base64url({ alg: 'RS256', kid: 'test-key', typ: 'JWT' });
  const payload = base64url({
    iss: ISSUER,
    aud: CLIENT,
    token_use: 'id',
    iat: now,
    exp: now + 3600,
    ...claims,
  });
  const signature = createSign('RSA-SHA256').update(`${header}.${payload}`).sign(key).toString('base64url');
  return `${header}.${payload}.${signature}`;
}

const verifier = CognitoJwtVerifier.create({ userPoolId: USER_POOL, clientId: CLIENT, tokenUse: null });
const jwk = publicKey.export({ format: 'jwk' }) as { kty: string; n: string; e: string };
verifier.cacheJwks({ keys: [{ ...jwk, kid: 'test-key', alg: 'RS256', use: 'sig' }] });
const CONSOLE = 'https://d111111abcdef8.cloudfront.net';
const OWN_DOMAIN = 'https://agents.example.com';
/** How many tokens were checked, to see which refusals come before the check. */
let verified = 0;
const authorize = makeHandler({
  verify: (token) => {
    verified += 1;
    return verifier.verify(token) as Promise<Record<string, unknown>>;
  },
  consoleOrigins: [CONSOLE, OWN_DOMAIN],
  chatSessions: { get: (sessionId) => sessions.get(sessionId) },
});
let sessions: ChatSessionsRepo;
beforeAll(async () => {
  sessions = new ChatSessionsRepo((await createTestStack()).table);
});

const connectEvent = (token?: string, headers: Record<string, string> = {}) =>
  ({
    type: 'REQUEST',
    methodArn: 'arn:aws:execute-api:us-east-1:123456789012:abc123/live/$connect',
    headers: { Host: 'abc123.execute-api.us-east-1.amazonaws.com', ...headers },
    queryStringParameters: token === undefined ? null : { token },
  }) as unknown as APIGatewayRequestAuthorizerEvent;

describe('live socket authorizer: chat visitors', () => {
  const visitorEvent = (chatSession: string, token: string, origin = 'https://shop.example.com') =>
    ({
      ...connectEvent(token, { Origin: origin }),
      queryStringParameters: { token, chatSession },
    }) as APIGatewayRequestAuthorizerEvent;
  const session = async () => {
    const token = `visitor-${randomUUID()}`;
    const sessionId = `chat_${randomUUID()}`;
    await sessions.create({
      sessionId,
      customerId: 'cust_visitor',
      tokenHash: hashSessionToken(token),
      createdAt: new Date().toISOString(),
    });
    return { sessionId, token };
  };

  it('admits a session’s own token from any site, for that session alone, checking no console token', async () => {
    const { sessionId, token } = await session();
    const checked = verified;
    const result = await authorize(visitorEvent(sessionId, token), context);
    expect(result.principalId).toBe(`chat:${sessionId}`);
    expect(result.policyDocument.Statement).toEqual([
      { Action: 'execute-api:Invoke', Effect: 'Allow', Resource: connectEvent().methodArn },
    ]);
    expect(result.context).toEqual({ chatSessionId: sessionId });
    expect(verified).toBe(checked);
  });

  it('refuses another session’s token, a wrong one and an unknown session with 401', async () => {
    const mine = await session();
    const theirs = await session();
    for (const [sessionId, token] of [
      [theirs.sessionId, mine.token],
      [mine.sessionId, `${mine.token}x`],
      ['chat_nobody', mine.token],
      ['', mine.token],
    ] as const) {
      await expect(authorize(visitorEvent(sessionId, token), context), sessionId).rejects.toThrow(
        'Unauthorized',
      );
    }
  });
});

describe('live socket authorizer ($connect)', () => {
  it('allows a valid console token and hands its claims on', async () => {
    const token = idToken({
      sub: 'sub-1',
      'cognito:username': 'ana',
      'custom:agentId': 'agent-ana',
      'cognito:groups': ['agents', 'supervisors'],
      email: 'ana@example.com',
    });
    const result = await authorize(connectEvent(token), context);
    expect(result.principalId).toBe('sub-1');
    expect(result.policyDocument.Statement).toEqual([
      { Action: 'execute-api:Invoke', Effect: 'Allow', Resource: connectEvent().methodArn },
    ]);
    // Only what the socket needs: who, as which agent, in which groups. No e-mail address.
    expect(result.context).toEqual({
      sub: 'sub-1',
      'cognito:username': 'ana',
      'custom:agentId': 'agent-ana',
      'cognito:groups': 'agents,supervisors',
    });
  });

  it('refuses a missing, forged, expired or foreign-client token with 401', async () => {
    const tokens = [
      undefined,
      '',
      'not-a-jwt',
      idToken({ sub: 'sub-1' }, otherKey),
      idToken({ sub: 'sub-1', exp: Math.floor(Date.now() / 1000) - 60 }),
      idToken({ sub: 'sub-1', aud: 'another-client' }),
      idToken({ sub: 'sub-1', iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other' }),
    ];
    for (const token of tokens) {
      await expect(authorize(connectEvent(token), context), String(token)).rejects.toThrow('Unauthorized');
    }
  });

  it('allows the console’s pages, by any spelling of the header, and clients that send no Origin', async () => {
    const token = idToken({ sub: 'sub-2', 'cognito:username': 'ben' });
    for (const headers of [{ Origin: CONSOLE }, { origin: OWN_DOMAIN }, {}] as Record<string, string>[]) {
      const result = await authorize(connectEvent(token, headers), context);
      expect(result.policyDocument.Statement, JSON.stringify(headers)).toEqual([
        { Action: 'execute-api:Invoke', Effect: 'Allow', Resource: connectEvent().methodArn },
      ]);
    }
  });

  it('denies a page of any other origin (403), before and whatever its token', async () => {
    const token = idToken({ sub: 'sub-3' });
    const before = verified;
    for (const origin of [
      'https://evil.example',
      `${CONSOLE}.evil.example`,
      'http://d111111abcdef8.cloudfront.net',
      'null',
      '',
    ]) {
      for (const presented of [token, 'not-a-jwt']) {
        const result = await authorize(connectEvent(presented, { Origin: origin }), context);
        expect(result.policyDocument.Statement, origin).toEqual([
          { Action: 'execute-api:Invoke', Effect: 'Deny', Resource: connectEvent().methodArn },
        ]);
        expect(result.context, origin).toBeUndefined();
      }
    }
    expect(verified).toBe(before);
  });
});
