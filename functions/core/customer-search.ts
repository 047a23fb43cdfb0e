import { type CountryCode, getCountryCallingCode, isSupportedCountry } from 'libphonenumber-js';
import { DomainError } from './errors.ts';
import { identityKind } from './identity.ts';
import type { IdentityKey } from './model.ts';

/**
 * Finding a customer by what an agent types: the start of a name, an email address, a phone
 * number in any format, or any other identity. Each customer's name and each of their identities
 * is kept as one search term; a query matches the terms it is the start of.
 */

/** Shortest query: the terms are bucketed by their first two characters. */
export const MIN_QUERY_LENGTH = 2;
export const MAX_QUERY_LENGTH = 128;

/** Identity kinds that are ours alone (chat sessions, Connect contacts): nobody types them. */
const UNSEARCHABLE = new Set(['chat', 'contact']);

/** Lower case, no accents, single spaces: `Ána  López` and `ana lopez` are the same term. */
export function normalizeTerm(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** The term an identity is found by: the address, the number's digits, or the id. */
export function identityTerm(identity: IdentityKey): string | undefined {
  const kind = identityKind(identity);
  if (UNSEARCHABLE.has(kind)) return undefined;
  const value = identity.slice(kind.length + 1);
  return kind === 'phone' ? value.replace(/\D/g, '') : normalizeTerm(value);
}

/** The term a name is found by; none for a name too short to search for. */
export function nameTerm(name: string | undefined): string | undefined {
  const term = normalizeTerm(name ?? '');
  return term.length >= MIN_QUERY_LENGTH ? term : undefined;
}

/** The bucket a term is kept in, and the sort key that makes a prefix query of it. */
export function termBucket(term: string): string {
  return term.slice(0, MIN_QUERY_LENGTH);
}

/**
 * The terms a query can be the start of. A number is tried as typed (with its country code) and,
 * when it has none, in the default country (`415 555`, `0415 555` → `1415555`); a handle's `@`
 * is dropped. Refused, naming `q`, when nothing searchable is left.
 */
export function queryTerms(query: string, defaultCountry: string): string[] {
  const text = normalizeTerm(query);
  const terms = text.length > MAX_QUERY_LENGTH ? [] : candidateTerms(text, defaultCountry);
  const searchable = terms.filter((term) => term.length >= MIN_QUERY_LENGTH);
  if (searchable.length === 0) {
    throw new DomainError('invalid_input', `q: ${MIN_QUERY_LENGTH} to ${MAX_QUERY_LENGTH} characters`, {
      field: 'q',
    });
  }
  return searchable;
}

function candidateTerms(text: string, defaultCountry: string): string[] {
  if (!/^\+?[\d\s().-]+$/.test(text)) return [text.replace(/^@/, '')];
  const digits = text.replace(/\D/g, '');
  const terms = new Set([digits]);
  const country = defaultCountry.toUpperCase();
  if (!text.startsWith('+') && isSupportedCountry(country)) {
    terms.add(`${getCountryCallingCode(country as CountryCode)}${digits.replace(/^0+/, '')}`);
  }
  return [...terms];
}
