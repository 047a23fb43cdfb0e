import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Channel } from '#core/model.ts';
import { makeHandler } from '#handlers/agent-api.ts';
import { makeHandler as makeIngest } from '#handlers/ingest.ts';
import type { HttpResult } from '#http/response.ts';
import { chatMessage, context, httpEvent, sqsEvent } from '../support/events.ts';
import { createTestStack, type TestStack } from '../support/local-aws.ts';

const body = (result: HttpResult) => JSON.parse(result.body ?? '{}');
const asAna = { sub: 'ana-sub', 'cognito:username': 'ana', 'cognito:groups': 'agents' };

interface Entry {
  kind: string;
  channel: Channel;
  text?: string;
  merge?: { identity?: string; absorbedCustomerId: string; survivingCustomerId: string; agentId?: string };
}

describe('POST /customers/{customerId}/merge', () => {
  let stack: TestStack;
  let api: ReturnType<typeof makeHandler>;
  let ingest: ReturnType<typeof makeIngest>;

  beforeAll(async () => {
    stack = await createTestStack();
    api = makeHandler(stack);
    ingest = makeIngest(stack);
  });

  let phones = 0;

  /** A customer known by one fresh identity, with one message on `channel`. */
  async function customer(channel: 'email' | 'sms', text: string): Promise<{ id: string; identity: string }> {
    phones += 1;
    const identity =
      channel === 'email'
        ? `email:${randomUUID().slice(0, 8)}@example.net`
        : `phone:+1415555${1000 + phones}`;
    await ingest(sqsEvent([chatMessage({ channel, identities: [identity], text })]), context);
    const found = await stack.customers.findByIdentity(identity);
    if (!found) throw new Error(`no customer for ${identity}`);
    return { id: found.customerId, identity: found.identities[0] as string };
  }

  const merge = (customerId: string, requestBody: unknown, claims: Record<string, string> = asAna) =>
    api(
      httpEvent('POST /customers/{customerId}/merge', {
        pathParameters: { customerId },
        body: requestBody,
        claims,
      }),
      context,
    );

  const timeline = async (customerId: string): Promise<Entry[]> =>
    body(
      await api(
        httpEvent('GET /customers/{customerId}/timeline', { pathParameters: { customerId }, claims: asAna }),
        context,
      ),
    ).items;

  it('absorbs the other customer into the one in the path, even a newer one, naming the agent', async () => {
    const older = await customer('email', 'Where is my refund?');
    const newer = await customer('sms', 'Any news on the refund?');

    const result = await merge(newer.id, {
      customerId: older.id,
      reason: 'Same person, told us on the phone',
    });
    expect(result.statusCode).toBe(200);
    const merged = body(result);
    expect(merged.merged).toBe(true);
    expect(merged.customer.customerId).toBe(newer.id);
    expect(merged.customer.identities).toEqual(expect.arrayContaining([older.identity, newer.identity]));
    expect(merged.customer.mergedFrom).toEqual([older.id]);

    const viaAbsorbed = await api(
      httpEvent('GET /customers/{customerId}', { pathParameters: { customerId: older.id }, claims: asAna }),
      context,
    );
    expect(body(viaAbsorbed).customer.customerId).toBe(newer.id);
    expect((await stack.customers.findByIdentity(older.identity))?.customerId).toBe(newer.id);

    for (const id of [older.id, newer.id]) {
      const items = await timeline(id);
      expect(items.filter((i) => i.kind === 'message').map((i) => i.text)).toEqual([
        'Any news on the refund?',
        'Where is my refund?',
      ]);
      const merges = items.filter((i) => i.kind === 'merge');
      expect(merges).toHaveLength(1);
      expect(merges[0]?.merge).toMatchObject({
        absorbedCustomerId: older.id,
        survivingCustomerId: newer.id,
        agentId: 'ana',
        reason: 'Same person, told us on the phone',
      });
      expect(merges[0]?.merge?.identity).toBeUndefined();
      expect(merges[0]?.text).toBe(
        `Merged customer ${older.id} by agent ana: Same person, told us on the phone`,
      );
      // Filed under the channel the customer last wrote on.
      expect(merges[0]?.channel).toBe('sms');
    }
  });

  it('changes nothing when asked again, or when the absorbed id is named either way round', async () => {
    const kept = await customer('email', 'first');
    const gone = await customer('sms', 'second');
    expect(body(await merge(kept.id, { customerId: gone.id })).merged).toBe(true);
    const before = await stack.customers.get(kept.id);

    for (const [path, other] of [
      [kept.id, gone.id],
      [gone.id, kept.id],
    ] as const) {
      const again = await merge(path, { customerId: other });
      expect(again.statusCode).toBe(200);
      expect(body(again)).toMatchObject({ merged: false, customer: { customerId: kept.id } });
    }
    expect((await stack.customers.get(kept.id))?.version).toBe(before?.version);
    expect((await timeline(kept.id)).filter((i) => i.kind === 'merge')).toHaveLength(1);
  });

  it('refuses to merge a customer into itself', async () => {
    const one = await customer('email', 'hello');
    const result = await merge(one.id, { customerId: one.id });
    expect(result.statusCode).toBe(400);
    expect(body(result).error.field).toBe('customerId');
  });

  it('answers 404 for an unknown customer on either side, writing nothing', async () => {
    const known = await customer('email', 'hello');
    const unknownOther = await merge(known.id, { customerId: 'cust_nobody' });
    expect(unknownOther.statusCode).toBe(404);
    expect(body(unknownOther).error.message).toContain('cust_nobody');
    expect((await merge('cust_nobody', { customerId: known.id })).statusCode).toBe(404);
    expect((await stack.customers.get(known.id))?.mergedFrom).toEqual([]);
  });

  it.each([
    ['no customerId', {}, 'customerId'],
    ['an empty customerId', { customerId: '' }, 'customerId'],
    ['a numeric customerId', { customerId: 42 }, 'customerId'],
    ['a reason over 500 characters', { customerId: 'cust_x', reason: 'x'.repeat(501) }, 'reason'],
    ['an unknown field', { customerId: 'cust_x', agentId: 'someone-else' }, 'body'],
  ])('names the bad field of a body with %s in a 400', async (_, requestBody, field) => {
    const one = await customer('email', 'hello');
    const result = await merge(one.id, requestBody);
    expect(result.statusCode).toBe(400);
    expect(body(result).error.field).toBe(field);
  });

  it('answers 400 for a body that is not JSON and 401 without a signed-in caller', async () => {
    const one = await customer('email', 'hello');
    const garbled = await api(
      httpEvent('POST /customers/{customerId}/merge', {
        pathParameters: { customerId: one.id },
        rawBody: '{"customerId":',
        claims: asAna,
      }),
      context,
    );
    expect(body(garbled).error.field).toBe('body');
    const anonymous = await api(
      httpEvent('POST /customers/{customerId}/merge', {
        pathParameters: { customerId: one.id },
        body: { customerId: 'cust_x' },
      }),
      context,
    );
    expect(anonymous.statusCode).toBe(401);
  });

  it('lets racing merges of the same two customers, either way round, make exactly one merge', async () => {
    const a = await customer('email', 'from a');
    const b = await customer('sms', 'from b');
    const results = await Promise.all([
      merge(a.id, { customerId: b.id }),
      merge(b.id, { customerId: a.id }),
      merge(a.id, { customerId: b.id }),
    ]);
    expect(results.map((r) => r.statusCode)).toEqual([200, 200, 200]);
    expect(results.filter((r) => body(r).merged)).toHaveLength(1);
    const survivors = new Set(results.map((r) => body(r).customer.customerId));
    expect(survivors.size).toBe(1);
    const [survivor] = survivors;
    expect((await stack.customers.get(a.id))?.customerId).toBe(survivor);
    expect((await stack.customers.get(b.id))?.customerId).toBe(survivor);
    const items = await timeline(a.id);
    expect(items.filter((i) => i.kind === 'merge')).toHaveLength(1);
    expect(items.filter((i) => i.kind === 'message')).toHaveLength(2);
  });

  it('keeps every absorbed customer and message when merges and messages race on one survivor', async () => {
    const kept = await customer('email', 'kept');
    const first = await customer('sms', 'first');
    const second = await customer('email', 'second');
    const [one, two] = await Promise.all([
      merge(kept.id, { customerId: first.id }),
      merge(kept.id, { customerId: second.id }),
      ingest(
        sqsEvent([chatMessage({ channel: 'sms', identities: [first.identity], text: 'late' })]),
        context,
      ),
    ]);
    expect([one?.statusCode, two?.statusCode]).toEqual([200, 200]);
    const survivor = await stack.customers.get(kept.id);
    expect(survivor?.customerId).toBe(kept.id);
    expect(survivor?.mergedFrom.sort()).toEqual([first.id, second.id].sort());
    expect(survivor?.identities).toEqual(
      expect.arrayContaining([kept.identity, first.identity, second.identity]),
    );
    const items = await timeline(kept.id);
    expect(items.filter((i) => i.kind === 'merge')).toHaveLength(2);
    expect(
      items
        .filter((i) => i.kind === 'message')
        .map((i) => i.text)
        .sort(),
    ).toEqual(['first', 'kept', 'late', 'second']);
  });
});
