import { beforeAll, describe, expect, it } from 'vitest';
import { makeHandler } from '#handlers/agent-api.ts';
import { makeHandler as makeIngest } from '#handlers/ingest.ts';
import type { HttpResult } from '#http/response.ts';
import { chatMessage, context, httpEvent, sqsEvent, supervisorClaims } from '../support/events.ts';
import { createTestStack, type TestStack } from '../support/local-aws.ts';

const body = (result: HttpResult) => JSON.parse(result.body ?? '{}');

describe('customer search', () => {
  let stack: TestStack;
  let api: ReturnType<typeof makeHandler>;
  let zoe: string;
  let ana: string;

  beforeAll(async () => {
    stack = await createTestStack();
    api = makeHandler(stack);
    const ingest = makeIngest(stack);
    await ingest(
      sqsEvent([
        chatMessage({
          channel: 'email',
          identities: ['email:zoe@example.net'],
          profile: { name: 'Zoë Núñez' },
        }),
        chatMessage({ channel: 'sms', identities: ['phone:+14155550100'] }),
        chatMessage({
          channel: 'whatsapp',
          identities: ['whatsapp:447700900123'],
          profile: { name: 'Ana Silva' },
        }),
      ]),
      context,
    );
    // A WhatsApp message from the SMS number naming the email proves both are Zoë: one record.
    await ingest(
      sqsEvent([
        chatMessage({ channel: 'whatsapp', identities: ['whatsapp:14155550100', 'email:zoe@example.net'] }),
      ]),
      context,
    );
    zoe = (await stack.customers.findByIdentity('email:zoe@example.net'))?.customerId as string;
    ana = (await stack.customers.findByIdentity('phone:+447700900123'))?.customerId as string;
  });

  const search = (q: string | undefined) =>
    api(
      httpEvent('GET /customers/search', { claims: supervisorClaims, query: q === undefined ? {} : { q } }),
      context,
    );
  const found = async (q: string) =>
    body(await search(q)).customers.map((c: { customerId: string }) => c.customerId);

  it('finds a customer by the start of their name, whatever the case and accents', async () => {
    expect(await found('zoe')).toEqual([zoe]);
    expect(await found('ZOË NÚ')).toEqual([zoe]);
    expect(await found('ana s')).toEqual([ana]);
  });

  it('finds a customer by the start of an email address', async () => {
    expect(await found('zoe@exa')).toEqual([zoe]);
  });

  it('finds a customer by a phone number in any format, national or international', async () => {
    expect(await found('(415) 555-01')).toEqual([zoe]);
    expect(await found('+1 415 555 0100')).toEqual([zoe]);
    expect(await found('+44 7700 900')).toEqual([ana]);
  });

  it('lists a merged record once, as the surviving customer, with its identities', async () => {
    const result = await search('zo');
    expect(result.statusCode).toBe(200);
    const [customer] = body(result).customers;
    expect(customer).toMatchObject({ customerId: zoe, name: 'Zoë Núñez' });
    expect(customer.identities).toEqual(
      expect.arrayContaining(['email:zoe@example.net', 'phone:+14155550100']),
    );
    expect(await found('14155')).toEqual([zoe]);
  });

  it('answers an empty list when nobody matches', async () => {
    expect(await found('nobody')).toEqual([]);
  });

  it('refuses a missing or one-character query with 400 naming q', async () => {
    for (const q of [undefined, 'z']) {
      const result = await search(q);
      expect(result.statusCode).toBe(400);
      expect(body(result).error.field).toBe('q');
    }
  });
});
