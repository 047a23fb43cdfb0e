import { InvalidIdentityError } from '#core/errors.ts';
import { normalizeEmail } from '#core/identity.ts';

/** A mailbox as it appears in an address header. */
export interface Mailbox {
  name?: string | undefined;
  address: string;
}

/** The address in the form identity keys use, or undefined when it is not a usable address. */
export function usableAddress(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const bare = raw.trim().replace(/^<(.*)>$/, '$1');
  try {
    return normalizeEmail(bare);
  } catch (error) {
    if (error instanceof InvalidIdentityError) return undefined;
    throw error;
  }
}

function split(address: string): { local: string; domain: string } {
  const at = address.lastIndexOf('@');
  return at < 0
    ? { local: address, domain: '' }
    : { local: address.slice(0, at), domain: address.slice(at + 1) };
}

/** `support+r1f…@northwind.example` → `r1f…`; undefined without a plus tag. */
export function plusTag(address: string): string | undefined {
  const { local } = split(address);
  const plus = local.indexOf('+');
  const tag = plus < 0 ? '' : local.slice(plus + 1).toLowerCase();
  return tag || undefined;
}

/** The address without its plus tag: `support+r1f…@northwind.example` → `support@northwind.example`. */
export function baseAddress(address: string): string {
  const { local, domain } = split(address.toLowerCase());
  const plus = local.indexOf('+');
  return `${plus < 0 ? local : local.slice(0, plus)}@${domain}`;
}

/** The alias an entry point rule matches: `Billing+x@northwind.example` → `billing`. */
export function aliasOf(address: string): string {
  return split(baseAddress(address)).local;
}

export function withPlusTag(address: string, tag: string): string {
  const { local, domain } = split(baseAddress(address));
  return `${local}+${tag}@${domain}`;
}

const SYSTEM_SENDERS = new Set(['mailer-daemon', 'postmaster', 'mail-daemon', 'mailerdaemon']);

/** Addresses that only ever send delivery reports. */
export function isDeliverySystem(address: string | undefined): boolean {
  return address ? SYSTEM_SENDERS.has(split(address.toLowerCase()).local) : false;
}

/**
 * `Name <address>` for a header SES writes. A display name outside ASCII is sent as an RFC 2047
 * encoded word, as SES requires for `FromEmailAddress`.
 */
export function formatMailbox(mailbox: Mailbox): string {
  const name = mailbox.name?.replace(/[\r\n]+/g, ' ').trim();
  if (!name) return mailbox.address;
  if (/^[\x20-\x7e]*$/.test(name)) {
    return `"${name.replace(/(["\\])/g, '\\$1')}" <${mailbox.address}>`;
  }
  return `=?UTF-8?B?${Buffer.from(name, 'utf8').toString('base64')}?= <${mailbox.address}>`;
}

/** `Zoë Müller <zoe@example.net>` as people read it (for the timeline, not for headers). */
export function displayMailbox(mailbox: Mailbox): string {
  const name = mailbox.name?.replace(/[\r\n]+/g, ' ').trim();
  if (!name) return mailbox.address;
  return /[",<>@;:]/.test(name)
    ? `"${name.replace(/(["\\])/g, '\\$1')}" <${mailbox.address}>`
    : `${name} <${mailbox.address}>`;
}

/** `Zoë Müller <zoe@example.net>` → `{ name: 'Zoë Müller', address: 'zoe@example.net' }`. */
export function parseMailbox(text: string): Mailbox | undefined {
  const angle = /^(.*)<([^<>]+)>\s*$/.exec(text.trim());
  const name = angle?.[1]?.trim().replace(/^"(.*)"$/, '$1');
  const address = usableAddress(angle ? angle[2] : text);
  return address ? { name: name || undefined, address } : undefined;
}
