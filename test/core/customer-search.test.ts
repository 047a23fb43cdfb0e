import { describe, expect, it } from 'vitest';
import { identityTerm, nameTerm, normalizeTerm, queryTerms, termBucket } from '#core/customer-search.ts';
import { DomainError } from '#core/errors.ts';

describe('customer search terms', () => {
  it('keeps names in lower case without accents or repeated spaces', () => {
    expect(normalizeTerm('  Zoë   NÚÑEZ ')).toBe('zoe nunez');
    expect(nameTerm('Ána López')).toBe('ana lopez');
    expect(nameTerm('A')).toBeUndefined();
    expect(nameTerm(undefined)).toBeUndefined();
  });

  it('finds an identity by its address, its number’s digits or its id, and never by our own anchors', () => {
    expect(identityTerm('email:Ana@Example.com')).toBe('ana@example.com');
    expect(identityTerm('phone:+14155550100')).toBe('14155550100');
    expect(identityTerm('x:AnaTweets')).toBe('anatweets');
    expect(identityTerm('chat:chat_123')).toBeUndefined();
    expect(identityTerm('contact:abc')).toBeUndefined();
  });

  it('buckets a term by its first two characters', () => {
    expect(termBucket('ana@example.com')).toBe('an');
  });

  it('tries a number as typed and in the default country, with or without a trunk zero', () => {
    expect(queryTerms('(415) 555', 'US')).toEqual(['415555', '1415555']);
    expect(queryTerms('07700 900', 'GB')).toContain('447700900');
    expect(queryTerms('+1 415 555', 'US')).toEqual(['1415555']);
  });

  it('drops the @ of a handle and keeps an address whole', () => {
    expect(queryTerms('@AnaTweets', 'US')).toEqual(['anatweets']);
    expect(queryTerms('Ana@Example', 'US')).toEqual(['ana@example']);
  });

  it('refuses a query too short or too long, naming q', () => {
    for (const query of ['a', ' ', '+1', 'x'.repeat(129)]) {
      const error = (() => {
        try {
          queryTerms(query, 'US');
        } catch (caught) {
          return caught;
        }
      })();
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).details?.field).toBe('q');
    }
  });
});
