import { describe, expect, it } from 'vitest';
import { InvalidIdentityError } from '#core/errors.ts';
import { normalizeIdentities, normalizeIdentity } from '#core/identity.ts';

const us = { defaultCountry: 'US' };

describe('identity normalisation', () => {
  it('lower-cases and trims email addresses', () => {
    expect(normalizeIdentity('email:  Ana.Silva@Example.COM ', us)).toBe('email:ana.silva@example.com');
  });

  it('writes phone numbers in E.164 using the default country for national numbers', () => {
    expect(normalizeIdentity('phone:(415) 555-0100', us)).toBe('phone:+14155550100');
    expect(normalizeIdentity('phone:020 7946 0958', { defaultCountry: 'GB' })).toBe('phone:+442079460958');
  });

  it('treats a WhatsApp number and the same phone number as one identity', () => {
    expect(normalizeIdentity('whatsapp:14155550100', us)).toBe('phone:+14155550100');
    expect(normalizeIdentity('whatsapp:+1 415 555 0100', us)).toBe(
      normalizeIdentity('phone:415-555-0100', us),
    );
  });

  it('keeps provider ids of social channels as their own kinds', () => {
    expect(normalizeIdentity('messenger:6823419902', us)).toBe('messenger:6823419902');
    expect(normalizeIdentity('x:1583620081', us)).toBe('x:1583620081');
  });

  it('rejects what is not an identity, saying why', () => {
    expect(() => normalizeIdentity('email:not-an-address', us)).toThrow(InvalidIdentityError);
    expect(() => normalizeIdentity('phone:12', us)).toThrow(/phone number/);
    expect(() => normalizeIdentity('fax:123', us)).toThrow(/unknown identity kind/);
    expect(() => normalizeIdentity('nokind', us)).toThrow(/kind:value/);
  });

  it('de-duplicates identities that normalise to the same key', () => {
    expect(normalizeIdentities(['phone:4155550100', 'whatsapp:14155550100', 'email:A@b.co'], us)).toEqual([
      'phone:+14155550100',
      'email:a@b.co',
    ]);
  });
});
