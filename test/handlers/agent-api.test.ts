import { beforeAll, describe, expect, it } from 'vitest';
import { makeHandler } from '#handlers/agent-api.ts';
import { makeHandler as makeIngest } from '#handlers/ingest.ts';
import type { HttpResult } from '#http/response.ts';
import { chatMessage, context, httpEvent, sqsEvent, supervisorClaims } from '../support/events.ts';
import { createTestStack, type TestStack } from '../support/local-aws.ts';

const body = (result: HttpResult) => JSON.parse(result.body ?? '{}');

describe('agent read API', () => {
  let stack: TestStack;
  let api: ReturnType<typeof makeHandler>;
  let emailCustomer: string;
  let phoneCustomer: string;

  beforeAll(async () => {
    stack = await createTestStack();
    api = makeHandler(stack);
    const ingest = makeIngest(stack);
    await ingest(
      sqsEvent([chatMessage({ channel: 'email', identities: ['email:zoe@example.net'] })]),
      context,
    );
    await ingest(sqsEvent([chatMessage({ channel: 'sms', identities: ['phone:+14155550100'] })]), context);
    emailCustomer = (await stack.customers.findByIdentity('email:zoe@example.net'))?.customerId as string;
    phoneCustomer = (await stack.customers.findByIdentity('phone:+14155550100'))?.customerId as string;
    // A WhatsApp message from the phone whose profile names the email proves both are Zoë.
    await ingest(
      sqsEvent([
        chatMessage({ channel: 'whatsapp', identities: ['whatsapp:14155550100', 'email:zoe@example.net'] }),
      ]),
      context,
    );
  });

  const get = (routeKey: string, options: Parameters<typeof httpEvent>[1] = {}) =>
    api(httpEvent(routeKey, { claims: supervisorClaims, ...options }), context);

  it('finds a customer by any identity, normalised', async () => {
    const result = await get('GET /customers', { query: { identity: 'phone:(415) 555-0100' } });
    expect(result.statusCode).toBe(200);
    expect(body(result).customer.customerId).toBe(emailCustomer);
    expect(body(result).customer.identities).toEqual(
      expect.arrayContaining(['email:zoe@example.net', 'phone:+14155550100']),
    );
  });

  it('answers 404 for an unknown identity and 400 for a malformed one', async () => {
    expect(
      (await get('GET /customers', { query: { identity: 'email:nobody@example.com' } })).statusCode,
    ).toBe(404);
    const bad = await get('GET /customers', { query: { identity: 'fax:123' } });
    expect(bad.statusCode).toBe(400);
    expect(body(bad).error.field).toBe('identity');
  });

  it('answers a merged-away id with the surviving customer', async () => {
    const result = await get('GET /customers/{customerId}', {
      pathParameters: { customerId: phoneCustomer },
    });
    expect(body(result).customer.customerId).toBe(emailCustomer);
    expect(body(result).customer.mergedFrom).toEqual([phoneCustomer]);
  });

  it('reads the union timeline from either id, newest first, with the merge and its evidence', async () => {
    for (const customerId of [emailCustomer, phoneCustomer]) {
      const result = await get('GET /customers/{customerId}/timeline', { pathParameters: { customerId } });
      const items = body(result).items as Array<{
        channel: string;
        kind: string;
        merge?: { identity: string };
      }>;
      expect(items.filter((i) => i.kind === 'message').map((i) => i.channel)).toEqual([
        'whatsapp',
        'sms',
        'email',
      ]);
      expect(items.find((i) => i.kind === 'merge')?.merge?.identity).toBe('phone:+14155550100');
    }
  });

  it('pages with an opaque cursor and filters by channel', async () => {
    const customerId = emailCustomer;
    const first = body(
      await get('GET /customers/{customerId}/timeline', {
        pathParameters: { customerId },
        query: { limit: '2' },
      }),
    );
    expect(first.items).toHaveLength(2);
    const second = body(
      await get('GET /customers/{customerId}/timeline', {
        pathParameters: { customerId },
        query: { limit: '2', cursor: first.nextCursor },
      }),
    );
    expect(second.items).toHaveLength(2);
    expect(second.nextCursor).toBeNull();
    const sms = body(
      await get('GET /customers/{customerId}/timeline', {
        pathParameters: { customerId },
        query: { channel: 'sms' },
      }),
    );
    expect(sms.items.map((i: { channel: string }) => i.channel)).toEqual(['sms']);
  });

  it('names the bad query field with a 400', async () => {
    const result = await get('GET /customers/{customerId}/timeline', {
      pathParameters: { customerId: emailCustomer },
      query: { channel: 'fax' },
    });
    expect(result.statusCode).toBe(400);
    expect(body(result).error.field).toBe('channel');
    const cursor = await get('GET /customers/{customerId}/timeline', {
      pathParameters: { customerId: emailCustomer },
      query: { cursor: 'garbage' },
    });
    expect(body(cursor).error.field).toBe('cursor');
  });

  it('refuses a request that did not pass the authorizer', async () => {
    const result = await api(
      httpEvent('GET /customers/{customerId}', { pathParameters: { customerId: emailCustomer } }),
      context,
    );
    expect(result.statusCode).toBe(401);
  });
});
