import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { exportJWK, exportSPKI, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeHandler } from '#handlers/chat-api.ts';
import type { HttpResult } from '#http/response.ts';
import { context, httpEvent } from '../support/events.ts';
import { createTestStack, type TestStack } from '../support/local-aws.ts';

const AUDIENCE = 'onethread-test';
const SECRET = 'a-shared-hs256-key-of-at-least-32-characters';
const body = (result: HttpResult) => JSON.parse(result.body ?? '{}');
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

type KeyPair = Awaited<ReturnType<typeof generateKeyPair>>;
let rsa: KeyPair;
let ec: KeyPair;
let stranger: KeyPair;
let jwks: Server;
let jwksUrl: string;

/** The company's JWKS endpoint: its RSA and EC public keys, as its identity provider would serve them. */
beforeAll(async () => {
  [rsa, ec, stranger] = await Promise.all([
    generateKeyPair('RS256', { extractable: true }),
    generateKeyPair('ES256', { extractable: true }),
    generateKeyPair('RS256', { extractable: true }),
  ]);
  const keys = [
    { ...(await exportJWK(rsa.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' },
    { ...(await exportJWK(ec.publicKey)), kid: 'ec-1', alg: 'ES256', use: 'sig' },
  ];
  jwks = createServer((_, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ keys }));
  });
  await new Promise<void>((done) => jwks.listen(0, '127.0.0.1', done));
  jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/.well-known/jwks.json`;
});
afterAll(() => new Promise<void>((done) => (jwks ? jwks.close(() => done()) : done())));

describe('identified users: signed identity tokens on POST /chat/sessions', () => {
  let stack: TestStack;
  let now: Date;
  let chat: ReturnType<typeof makeHandler>;
  let counter = 0;
  const sub = () => `user-${counter}`;
  const seconds = () => Math.floor(now.getTime() / 1000);

  beforeEach(async () => {
    counter += 1;
    now = new Date();
    stack = await createTestStack({ identityTokens: { audience: AUDIENCE, secret: SECRET, jwksUrl } });
    chat = makeHandler({ ...stack, clock: { now: () => now } });
  });

  const claims = (overrides: JWTPayload = {}): JWTPayload => ({
    sub: sub(),
    aud: AUDIENCE,
    iat: seconds(),
    exp: seconds() + 3600,
    ...overrides,
  });
  const hs256 = (payload: JWTPayload = claims(), key: Uint8Array = new TextEncoder().encode(SECRET)) =>
    new SignJWT(payload).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(key);

  async function itemCount(): Promise<number> {
    const { Items = [] } = await stack.table.doc.send(new ScanCommand({ TableName: stack.table.tableName }));
    return Items.length;
  }

  const open = (identityToken: string, extra: object = {}) =>
    chat(httpEvent('POST /chat/sessions', { body: { identityToken, ...extra } }), context);

  /** A refused token: 401 naming the reason, and not one item written. */
  async function expectRefused(token: string, reason: string): Promise<void> {
    const before = await itemCount();
    const result = await open(token);
    expect(result.statusCode, JSON.stringify(body(result))).toBe(401);
    expect(body(result).error).toMatchObject({ code: 'unauthorized', field: 'identityToken', reason });
    expect(body(result).error.message).toMatch(/^identityToken: /);
    expect(await itemCount()).toBe(before);
  }

  it("opens a session on the user's customer: app:<sub> and the vouched email verified, the same sub the same customer", async () => {
    const token = await hs256(claims({ email: 'Ana@Example.com', phone: '+1 415 555 0100' }));
    const first = await open(token, { name: 'Ana' });
    expect(first.statusCode).toBe(201);
    const session = body(first);
    const customer = await stack.customers.get(session.customerId);
    expect(customer?.identities).toEqual(
      expect.arrayContaining([
        `app:${sub()}`,
        'email:ana@example.com',
        'phone:+14155550100',
        `chat:${session.sessionId}`,
      ]),
    );
    expect(customer?.evidence).toMatchObject({
      [`app:${sub()}`]: 'app:token',
      'email:ana@example.com': 'app:token',
      'phone:+14155550100': 'app:token',
    });

    // Tomorrow, on another device: a new token for the same user.
    now = new Date(now.getTime() + 86_400_000);
    const second = await open(await hs256(claims()));
    expect(second.statusCode).toBe(201);
    expect(body(second).customerId).toBe(session.customerId);
    expect(body(second).sessionId).not.toBe(session.sessionId);
  });

  it('joins a customer who proved the vouched email on another channel', async () => {
    const known = await stack.customers.resolve(['email:zoe@example.com'], {
      at: now.toISOString(),
      channel: 'email',
    });
    const result = await open(await hs256(claims({ email: 'zoe@example.com' })));
    expect(body(result).customerId).toBe(known.customerId);
  });

  it('keeps what the visitor typed beside the token a claim', async () => {
    const result = await open(await hs256(claims()), { email: 'typed@example.com' });
    const customer = await stack.customers.get(body(result).customerId);
    expect(customer?.identities).not.toContain('email:typed@example.com');
    expect(customer?.claims.map((claim) => claim.identity)).toContain('email:typed@example.com');
  });

  it.each([
    ['RS256', 'rsa-1'],
    ['ES256', 'ec-1'],
  ] as const)('accepts %s tokens signed with a key of the JWKS', async (alg, kid) => {
    const key = alg === 'RS256' ? rsa.privateKey : ec.privateKey;
    const token = await new SignJWT(claims()).setProtectedHeader({ alg, kid }).sign(key);
    const result = await open(token);
    expect(result.statusCode).toBe(201);
    expect((await stack.customers.get(body(result).customerId))?.identities).toContain(`app:${sub()}`);
  });

  it('refuses an unsigned token (alg none)', async () => {
    await expectRefused(`${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims())}.`, 'alg_none');
    await expectRefused(`${b64({ alg: 'NONE' })}.${b64(claims())}.`, 'alg_none');
  });

  it('refuses an HS256 token keyed with the public key (alg confusion)', async () => {
    const pem = await exportSPKI(rsa.publicKey);
    const forged = await hs256(claims(), new TextEncoder().encode(pem));
    await expectRefused(forged, 'bad_signature');
    // Where only the JWKS is configured, HS256 is not accepted at all.
    const jwksOnly = await createTestStack({ identityTokens: { audience: AUDIENCE, jwksUrl } });
    const result = await makeHandler(jwksOnly)(
      httpEvent('POST /chat/sessions', { body: { identityToken: forged } }),
      context,
    );
    expect(result.statusCode).toBe(401);
    expect(body(result).error.reason).toBe('alg_not_allowed');
  });

  it('refuses an RS256 token whose header names an EC key, and one of an unknown key', async () => {
    const mislabelled = await new SignJWT(claims())
      .setProtectedHeader({ alg: 'RS256', kid: 'ec-1' })
      .sign(rsa.privateKey);
    await expectRefused(mislabelled, 'unknown_key');
    const unknown = await new SignJWT(claims())
      .setProtectedHeader({ alg: 'RS256', kid: 'rsa-9' })
      .sign(stranger.privateKey);
    await expectRefused(unknown, 'unknown_key');
  });

  it('refuses a token of an algorithm never accepted', async () => {
    const token = await new SignJWT(claims())
      .setProtectedHeader({ alg: 'HS512' })
      .sign(new TextEncoder().encode(SECRET));
    await expectRefused(token, 'alg_not_allowed');
  });

  it('refuses a wrong signature', async () => {
    await expectRefused(
      await hs256(claims(), new TextEncoder().encode(`${SECRET}-not-ours`)),
      'bad_signature',
    );
    const token = await hs256();
    const [header, payload] = token.split('.');
    await expectRefused(`${header}.${payload}.${'A'.repeat(43)}`, 'bad_signature');
    // A payload changed after signing.
    await expectRefused(
      `${header}.${b64(claims({ sub: 'someone-else' }))}.${token.split('.')[2]}`,
      'bad_signature',
    );
  });

  it('refuses a token for another audience, or naming none', async () => {
    await expectRefused(await hs256(claims({ aud: 'another-service' })), 'wrong_audience');
    const { aud: _, ...noAudience } = claims();
    await expectRefused(await hs256(noAudience), 'missing_claim');
  });

  it('refuses an expired token, allowing 60 s of clock skew', async () => {
    await expectRefused(await hs256(claims({ iat: seconds() - 7200, exp: seconds() - 61 })), 'expired');
    expect((await open(await hs256(claims({ iat: seconds() - 7200, exp: seconds() - 30 })))).statusCode).toBe(
      201,
    );
  });

  it('refuses a token meant to live more than 24 hours', async () => {
    await expectRefused(await hs256(claims({ exp: seconds() + 86_400 + 120 })), 'lifetime_too_long');
    await expectRefused(
      await hs256(claims({ iat: seconds() + 30, exp: seconds() + 30 + 86_400 + 1 })),
      'lifetime_too_long',
    );
    expect((await open(await hs256(claims({ exp: seconds() + 86_400 })))).statusCode).toBe(201);
  });

  it('refuses a token issued in the future beyond the skew', async () => {
    await expectRefused(
      await hs256(claims({ iat: seconds() + 120, exp: seconds() + 3600 })),
      'issued_in_future',
    );
    expect((await open(await hs256(claims({ iat: seconds() + 30 })))).statusCode).toBe(201);
  });

  it('refuses a token without sub, exp or iat', async () => {
    for (const claim of ['sub', 'exp', 'iat'] as const) {
      const { [claim]: _, ...without } = claims();
      await expectRefused(await hs256(without), 'missing_claim');
    }
  });

  it('refuses vouched identities that are not identities', async () => {
    await expectRefused(await hs256(claims({ email: 'not-an-address' })), 'invalid_claim');
    await expectRefused(await hs256(claims({ sub: 'has spaces' })), 'invalid_claim');
    await expectRefused(await hs256(claims({ sub: 42 as unknown as string })), 'invalid_claim');
  });

  it.each([
    ['two parts', 'abc.def'],
    ['garbage', 'not a token at all'],
    ['a header that is not JSON', `${Buffer.from('{{').toString('base64url')}.${b64({})}.sig`],
    ['a payload that is not JSON', `${b64({ alg: 'HS256' })}.${Buffer.from('[[').toString('base64url')}.sig`],
  ])('refuses a malformed token: %s', async (_, token) => {
    const before = await itemCount();
    const result = await open(token);
    expect(result.statusCode).toBe(401);
    expect(body(result).error.field).toBe('identityToken');
    expect(['malformed', 'bad_signature']).toContain(body(result).error.reason);
    expect(await itemCount()).toBe(before);
  });

  it('refuses every token where the deployment accepts none', async () => {
    const plain = await createTestStack();
    const before = (await plain.table.doc.send(new ScanCommand({ TableName: plain.table.tableName }))).Items
      ?.length;
    const result = await makeHandler(plain)(
      httpEvent('POST /chat/sessions', { body: { identityToken: await hs256() } }),
      context,
    );
    expect(result.statusCode).toBe(401);
    expect(body(result).error.reason).toBe('not_accepted');
    const after = (await plain.table.doc.send(new ScanCommand({ TableName: plain.table.tableName }))).Items
      ?.length;
    expect(after).toBe(before);
  });
});
