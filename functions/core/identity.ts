import { type CountryCode, isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js';
import { InvalidIdentityError } from './errors.ts';
import { derivedId } from './ids.ts';
import type { IdentityKey, IdentityKind, IdentitySighting, IdentityTrust } from './model.ts';

/** Channel-flavoured kinds accepted on input and what they normalise to. */
const KIND_ALIASES: Record<string, IdentityKind> = {
  email: 'email',
  phone: 'phone',
  tel: 'phone',
  sms: 'phone',
  whatsapp: 'phone',
  messenger: 'messenger',
  instagram: 'instagram',
  x: 'x',
  chat: 'chat',
  app: 'app',
  contact: 'contact',
};

export interface IdentityOptions {
  /** ISO 3166 country used for numbers written in national format. */
  defaultCountry: string;
}

const EMAIL_PATTERN = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[^\s@<>()[\],;:"]+$/;

export function normalizeEmail(raw: string): string {
  const email = raw.trim().toLowerCase();
  if (!EMAIL_PATTERN.test(email)) throw new InvalidIdentityError(raw, 'not an email address');
  return email;
}

/**
 * E.164 form of a phone number. `internationalDigits` is for ids such as WhatsApp's `wa_id`, which
 * carry the country code but no leading `+`.
 */
export function normalizePhone(raw: string, defaultCountry: string, internationalDigits = false): string {
  const country = defaultCountry.toUpperCase();
  if (!isSupportedCountry(country)) throw new InvalidIdentityError(raw, `unknown country ${defaultCountry}`);
  const trimmed = raw.trim();
  const candidate = internationalDigits && /^[1-9]\d{6,14}$/.test(trimmed) ? `+${trimmed}` : trimmed;
  const parsed = parsePhoneNumberFromString(candidate, country as CountryCode);
  if (!parsed?.isPossible()) throw new InvalidIdentityError(raw, 'not a possible phone number');
  return parsed.number;
}

/**
 * Turns `kind:value` (or a kind and a value) into the one key that identifies a person,
 * whatever channel it came from: `whatsapp:+1 415 555 0100` and `phone:(415) 555-0100`
 * both become `phone:+14155550100`.
 */
export function normalizeIdentity(raw: string, options: IdentityOptions): IdentityKey {
  const separator = raw.indexOf(':');
  if (separator <= 0) throw new InvalidIdentityError(raw, 'expected kind:value');
  const alias = raw.slice(0, separator).trim().toLowerCase();
  const kind = KIND_ALIASES[alias];
  const value = raw.slice(separator + 1).trim();
  if (!kind) throw new InvalidIdentityError(raw, 'unknown identity kind');
  if (!value) throw new InvalidIdentityError(raw, 'empty value');
  switch (kind) {
    case 'email':
      return `email:${normalizeEmail(value)}`;
    case 'phone':
      return `phone:${normalizePhone(value, options.defaultCountry, alias === 'whatsapp')}`;
    default:
      if (value.length > 256 || /\s/.test(value)) throw new InvalidIdentityError(raw, 'malformed id');
      return `${kind}:${value}`;
  }
}

export function identityKind(key: IdentityKey): IdentityKind {
  return key.slice(0, key.indexOf(':')) as IdentityKind;
}

/** Normalises and de-duplicates a list, keeping the first occurrence's order. */
export function normalizeIdentities(raws: readonly string[], options: IdentityOptions): IdentityKey[] {
  return [...new Set(raws.map((raw) => normalizeIdentity(raw, options)))];
}

/** What stands behind an identity that arrived as a bare key: the channel it came in on. */
export function channelEvidence(channel: string): string {
  return `${channel}:sender`;
}

/**
 * Sightings with their trust spelled out; a verified sighting wins over a claim of the same
 * identity, and the first of each is kept.
 */
export function sightingsOf(
  identities: readonly (IdentityKey | IdentitySighting)[],
  channel: string,
): IdentitySighting[] {
  const byIdentity = new Map<IdentityKey, IdentitySighting>();
  for (const raw of identities) {
    const sighting: IdentitySighting =
      typeof raw === 'string'
        ? { identity: raw, trust: 'verified', evidence: channelEvidence(channel) }
        : raw;
    const known = byIdentity.get(sighting.identity);
    if (!known || (known.trust === 'claimed' && sighting.trust === 'verified'))
      byIdentity.set(sighting.identity, sighting);
  }
  return [...byIdentity.values()];
}

/** An identity as an edge reports it: a bare `kind:value` its channel proved, or one with its trust. */
export type RawSighting = string | { identity: string; trust: IdentityTrust; evidence: string };

export function normalizeSightings(
  raws: readonly RawSighting[],
  channel: string,
  options: IdentityOptions,
): IdentitySighting[] {
  return sightingsOf(
    raws.map((raw) =>
      typeof raw === 'string'
        ? normalizeIdentity(raw, options)
        : { ...raw, identity: normalizeIdentity(raw.identity, options) },
    ),
    channel,
  );
}

/**
 * The identity of a contact that proved none (a caller id nobody vouched for, an email failing
 * DMARC): it leads that contact's redeliveries and later reports to the one customer they made,
 * and nobody else's contact to it.
 */
export function contactAnchor(channel: string, contactId: string): IdentityKey {
  return `contact:${channel}:${derivedId('c', contactId).slice(2)}`;
}

/** Evidence of a contact anchor: it proves only that this contact is itself. */
export const ANCHOR_EVIDENCE = 'contact:itself';
