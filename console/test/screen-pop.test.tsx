import { describe, expect, it } from 'vitest';
import { ApiError, type Customer } from '../src/api.ts';
import { findCaller } from '../src/caller.ts';
import { parseScreenPopQuery, screenPopHash } from '../src/screen-pop-query.ts';
import { customerOf } from './wire.ts';

describe('the screen pop’s address', () => {
  it('keeps the plus of a number written as is', () => {
    expect(parseScreenPopQuery('#/screen-pop?phone=+14155550100')).toEqual({ phone: '+14155550100' });
  });

  it('reads a contact or a customer, and ignores what it does not know', () => {
    expect(parseScreenPopQuery('#/screen-pop?contact=abc-123&customer=cust_1&x=1&phone=')).toEqual({
      contactId: 'abc-123',
      customerId: 'cust_1',
    });
    expect(parseScreenPopQuery('#/screen-pop')).toEqual({});
    expect(parseScreenPopQuery('#/screen-pop?phone=%E0%A4%A')).toEqual({});
  });

  it('writes what it reads', () => {
    const query = { phone: '+14155550100', contactId: 'abc-123' };
    expect(screenPopHash(query)).toBe('#/screen-pop?phone=%2B14155550100&contact=abc-123');
    expect(parseScreenPopQuery(screenPopHash(query))).toEqual(query);
    expect(screenPopHash({})).toBe('#/screen-pop');
  });
});

describe('finding the caller', () => {
  const maya: Customer = customerOf({
    customerId: 'cust_1',
    identities: ['phone:+14155550100'],
    createdAt: '2026-05-01T09:00:00.000Z',
  });
  const api = (answer: () => Promise<Customer>) => ({
    asked: [] as string[],
    customerByIdentity(identity: string) {
      this.asked.push(identity);
      return answer();
    },
  });

  it('takes the customer the contact flow named, without asking', async () => {
    const client = api(() => Promise.reject(new Error('not asked')));
    expect(await findCaller(client, { customerId: 'cust_9', phone: '+14155550100' })).toEqual({
      kind: 'customer',
      customerId: 'cust_9',
    });
    expect(client.asked).toEqual([]);
  });

  it('finds the customer by the caller’s number', async () => {
    const client = api(() => Promise.resolve(maya));
    expect(await findCaller(client, { phone: '+14155550100' })).toEqual({
      kind: 'customer',
      customerId: 'cust_1',
    });
    expect(client.asked).toEqual(['phone:+14155550100']);
  });

  it('calls a number nobody has a new caller, not an error', async () => {
    const client = api(() => Promise.reject(new ApiError(404, 'no customer has that identity')));
    expect(await findCaller(client, { phone: '+14155550999' })).toEqual({
      kind: 'new',
      phone: '+14155550999',
    });
  });

  it('lets other failures show', async () => {
    const client = api(() => Promise.reject(new ApiError(400, 'identity: not a phone number')));
    await expect(findCaller(client, { phone: 'abc' })).rejects.toThrow('not a phone number');
    expect(await findCaller(client, {})).toEqual({ kind: 'none' });
  });
});
