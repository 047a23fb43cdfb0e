import { SESv2Client } from '@aws-sdk/client-sesv2';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { sesCodeMailer } from '#channels/email/code-mailer.ts';
import { makeHandler } from '#handlers/chat-api.ts';
import { makeHandler as makeIngest } from '#handlers/ingest.ts';
import type { HttpResult } from '#http/response.ts';
import { localClientConfig } from '#local/emulators.ts';
import { startSesEmulator } from '#local/ses-emulator.ts';
import { logger } from '#shared/observability.ts';
import { chatMessage, context, httpEvent, sqsEvent } from '../support/events.ts';
import { createTestStack, type TestStack } from '../support/local-aws.ts';

const SEND = 'POST /chat/sessions/{sessionId}/email-verification';
const CONFIRM = 'POST /chat/sessions/{sessionId}/email-verification/confirm';
const FROM = 'support@northwind.example';
const body = (result: HttpResult) => JSON.parse(result.body ?? '{}');

interface SentEmail {
  from: string;
  destination: { to: string[] };
  subject: string;
  body: { text?: string };
}

type Ses = Awaited<ReturnType<typeof startSesEmulator>>;
let ses: Ses;
let sesClient: SESv2Client;
beforeAll(async () => {
  ses = await startSesEmulator();
  sesClient = new SESv2Client(localClientConfig(ses.endpoint));
});
afterAll(async () => {
  sesClient?.destroy();
  await ses?.stop();
});

/** The code in the newest mail the SES stand-in holds for an address. */
async function codeSentTo(address: string): Promise<string> {
  const store = (await (await fetch(`${ses.endpoint}/store`)).json()) as { emails: SentEmail[] };
  const mail = store.emails.filter((email) => email.destination.to.includes(address)).at(-1);
  const code = /\b(\d{6})\b/.exec(mail?.body.text ?? '')?.[1];
  if (!code) throw new Error(`no code was mailed to ${address}`);
  expect(mail?.from).toBe(FROM);
  return code;
}

/** Everything handed to the logger at any level, to show that no code and no address is in it. */
function captureLogs(): { text: () => string; restore: () => void } {
  const lines: string[] = [];
  const spies = (['debug', 'info', 'warn', 'error', 'critical'] as const).map((level) =>
    vi.spyOn(logger, level).mockImplementation((...args: unknown[]) => {
      lines.push(JSON.stringify(args, (_, value) => (value instanceof Error ? String(value) : value)));
    }),
  );
  const restore = () => {
    for (const spy of spies) spy.mockRestore();
  };
  return { text: () => lines.join('\n'), restore };
}

describe('proving an email in web chat', () => {
  let stack: TestStack;
  let now: Date;
  let chat: ReturnType<typeof makeHandler>;
  let counter = 0;
  const address = () => `visitor-${counter}@example.com`;

  beforeEach(async () => {
    counter += 1;
    stack = await createTestStack();
    now = new Date();
    chat = makeHandler({
      ...stack,
      clock: { now: () => now },
      codeMailer: sesCodeMailer({ fromAddress: FROM }, sesClient),
    });
  });

  async function openSession(payload: object = {}) {
    const result = await chat(httpEvent('POST /chat/sessions', { body: payload }), context);
    expect(result.statusCode).toBe(201);
    return body(result) as { sessionId: string; token: string; customerId: string };
  }

  type Session = Awaited<ReturnType<typeof openSession>>;
  const sendCode = (session: Session, email: string) =>
    chat(
      httpEvent(SEND, {
        pathParameters: { sessionId: session.sessionId },
        token: session.token,
        body: { email },
      }),
      context,
    );
  const confirm = (session: Session, code: string) =>
    chat(
      httpEvent(CONFIRM, {
        pathParameters: { sessionId: session.sessionId },
        token: session.token,
        body: { code },
      }),
      context,
    );
  const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

  it('merges the visitor into the customer who owns the address, once the code comes back, and logs neither', async () => {
    // Ana proved her address by writing an email.
    const ingest = makeIngest(stack);
    const proven = await ingest(
      sqsEvent([
        chatMessage({
          channel: 'email',
          providerMessageId: `ana-${counter}`,
          identities: ['email:ana@example.com'],
        }),
      ]),
      context,
    );
    expect(proven.batchItemFailures).toEqual([]);
    const ana = await stack.customers.findByIdentity('email:ana@example.com');

    const logs = captureLogs();
    let code: string;
    let visitor: Session;
    let confirmed: HttpResult;
    try {
      visitor = await openSession({ name: 'Ana', email: 'ana@example.com' });
      expect(visitor.customerId).not.toBe(ana?.customerId);
      const sent = await sendCode(visitor, ' Ana@Example.com ');
      expect(sent.statusCode).toBe(202);
      expect(body(sent)).toEqual({ sent: true, expiresInSeconds: 600, attempts: 5 });
      code = await codeSentTo('ana@example.com');
      confirmed = await confirm(visitor, code);
    } finally {
      logs.restore();
    }
    expect(confirmed.statusCode).toBe(200);
    expect(body(confirmed)).toEqual({ verified: true, customerId: ana?.customerId });

    // The oldest survives: the visitor's customer now reads as Ana, with the session on her.
    const merged = await stack.customers.get(visitor.customerId);
    expect(merged?.customerId).toBe(ana?.customerId);
    expect(merged?.identities).toEqual(
      expect.arrayContaining(['email:ana@example.com', `chat:${visitor.sessionId}`]),
    );
    expect((await stack.customers.findByIdentity(`chat:${visitor.sessionId}`))?.customerId).toBe(
      ana?.customerId,
    );
    expect(merged?.evidence[`chat:${visitor.sessionId}`]).toBe('chat:session');

    expect(logs.text()).toContain('email code sent');
    expect(logs.text()).not.toContain(code);
    expect(logs.text().toLowerCase()).not.toContain('ana@example.com');

    // A code is spent once it proved its address.
    expect((await confirm(visitor, code)).statusCode).toBe(404);
  });

  it('gives an address no one owns to the visitor, as verified', async () => {
    const visitor = await openSession();
    expect((await sendCode(visitor, address())).statusCode).toBe(202);
    const result = await confirm(visitor, await codeSentTo(address()));
    expect(body(result).customerId).toBe(visitor.customerId);
    const customer = await stack.customers.get(visitor.customerId);
    expect(customer?.identities).toContain(`email:${address()}`);
    expect(customer?.evidence[`email:${address()}`]).toBe('chat:email-code');
  });

  it('counts wrong codes and refuses the sixth attempt even with the right code', async () => {
    const visitor = await openSession();
    await sendCode(visitor, address());
    const code = await codeSentTo(address());
    for (let attempt = 1; attempt <= 5; attempt++) {
      const result = await confirm(visitor, wrong(code));
      expect(result.statusCode, `attempt ${attempt}`).toBe(400);
      expect(body(result).error).toMatchObject({
        code: 'wrong_code',
        field: 'code',
        attemptsLeft: 5 - attempt,
      });
    }
    const sixth = await confirm(visitor, code);
    expect(sixth.statusCode).toBe(410);
    expect(body(sixth).error).toMatchObject({ code: 'code_exhausted', attemptsLeft: 0 });
    expect(await stack.customers.findByIdentity(`email:${address()}`)).toBeUndefined();
  });

  it('counts attempts made at once, so parallel guesses get no more than five', async () => {
    const visitor = await openSession();
    await sendCode(visitor, address());
    const code = await codeSentTo(address());
    const results = await Promise.all(Array.from({ length: 8 }, () => confirm(visitor, wrong(code))));
    expect(results.filter((result) => result.statusCode === 400)).toHaveLength(5);
    expect(results.filter((result) => result.statusCode === 410)).toHaveLength(3);
  });

  it('refuses a code typed after ten minutes as expired', async () => {
    const visitor = await openSession();
    await sendCode(visitor, address());
    const code = await codeSentTo(address());
    now = new Date(now.getTime() + 10 * 60_000);
    const late = await confirm(visitor, code);
    expect(late.statusCode).toBe(410);
    expect(body(late).error.code).toBe('code_expired');
    expect(await stack.customers.findByIdentity(`email:${address()}`)).toBeUndefined();
  });

  it('accepts the code just before it expires', async () => {
    const visitor = await openSession();
    await sendCode(visitor, address());
    const code = await codeSentTo(address());
    now = new Date(now.getTime() + 10 * 60_000 - 1_000);
    expect((await confirm(visitor, code)).statusCode).toBe(200);
  });

  it('sends an address at most three codes an hour, whichever sessions ask', async () => {
    const sessions = await Promise.all([openSession(), openSession(), openSession(), openSession()]);
    for (const session of sessions.slice(0, 3))
      expect((await sendCode(session, address())).statusCode).toBe(202);
    now = new Date(now.getTime() + 20 * 60_000);
    const fourth = await sendCode(sessions[3] as Session, address());
    expect(fourth.statusCode).toBe(429);
    expect(body(fourth).error).toMatchObject({ code: 'rate_limited', scope: 'address' });
    // The first send leaves the window 40 minutes from now.
    expect(fourth.headers?.['retry-after']).toBe(String(40 * 60));
    now = new Date(now.getTime() + 40 * 60_000);
    expect((await sendCode(sessions[3] as Session, address())).statusCode).toBe(202);
  });

  it('lets a session ask for at most five codes an hour, whatever the addresses', async () => {
    const visitor = await openSession();
    for (let n = 0; n < 5; n++)
      expect((await sendCode(visitor, `spray-${counter}-${n}@example.com`)).statusCode).toBe(202);
    const sixth = await sendCode(visitor, `spray-${counter}-5@example.com`);
    expect(sixth.statusCode).toBe(429);
    expect(body(sixth).error.scope).toBe('session');
    expect(Number(sixth.headers?.['retry-after'])).toBe(3600);
  });

  it('lets only the newest code count, and a newer code starts its own five attempts', async () => {
    const visitor = await openSession();
    await sendCode(visitor, address());
    const first = await codeSentTo(address());
    for (let n = 0; n < 5; n++) await confirm(visitor, wrong(first));
    await sendCode(visitor, address());
    const second = await codeSentTo(address());
    if (second !== first) expect((await confirm(visitor, first)).statusCode).toBe(400);
    expect((await confirm(visitor, second)).statusCode).toBe(200);
  });

  it.each([
    ['a malformed email', SEND, { email: 'ana-at-example' }, 400, 'email'],
    ['a code of five digits', CONFIRM, { code: '12345' }, 400, 'code'],
    ['a code with letters', CONFIRM, { code: '12a456' }, 400, 'code'],
    ['an unknown field', SEND, { email: 'a@example.com', name: 'x' }, 400, 'body'],
  ])('refuses %s with a 400 naming the field, writing nothing', async (_, route, payload, status, field) => {
    const visitor = await openSession();
    const count = async () =>
      (await stack.table.doc.send(new ScanCommand({ TableName: stack.table.tableName }))).Items?.length;
    const before = await count();
    const result = await chat(
      httpEvent(route, {
        pathParameters: { sessionId: visitor.sessionId },
        token: visitor.token,
        body: payload,
      }),
      context,
    );
    expect(result.statusCode).toBe(status);
    expect(body(result).error.field).toBe(field);
    expect(await count()).toBe(before);
  });

  it('needs the session token, and a code of this session', async () => {
    const visitor = await openSession();
    const other = await openSession();
    const noToken = await chat(
      httpEvent(SEND, { pathParameters: { sessionId: visitor.sessionId }, body: { email: address() } }),
      context,
    );
    expect(noToken.statusCode).toBe(401);
    const foreign = await chat(
      httpEvent(SEND, {
        pathParameters: { sessionId: visitor.sessionId },
        token: other.token,
        body: { email: address() },
      }),
      context,
    );
    expect(foreign.statusCode).toBe(401);
    await sendCode(visitor, address());
    // The other session never asked for a code: the visitor's code proves nothing there.
    expect((await confirm(other, await codeSentTo(address()))).statusCode).toBe(404);
  });

  it('answers 503 where no address is configured to send from, storing no code', async () => {
    const unconfigured = makeHandler(stack);
    const visitor = await openSession();
    const result = await unconfigured(
      httpEvent(SEND, {
        pathParameters: { sessionId: visitor.sessionId },
        token: visitor.token,
        body: { email: address() },
      }),
      context,
    );
    expect(result.statusCode).toBe(503);
  });
});

afterEach(() => vi.restoreAllMocks());
