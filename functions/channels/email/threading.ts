import { createHash } from 'node:crypto';
import { plusTag } from './addresses.ts';

/**
 * Email threading expressed as conversation thread keys. A message's own Message-ID is bound to
 * the conversation it joins; what it answers (reply token, In-Reply-To, References) is looked up,
 * most specific first, and the first key already bound decides the conversation.
 */

/** Longest msg-id kept; anything longer is not a real one and would not fit a thread key. */
const MAX_MSG_ID = 900;
/** References kept from one message: the first (thread root) and the newest. */
const MAX_REFERENCES = 20;

/**
 * The msg-ids in a header value, in order, angle brackets kept. The domain part is lower-cased
 * (it is case-insensitive); the local part is compared as written.
 */
export function parseMsgIds(value: string | readonly string[] | undefined): string[] {
  if (!value) return [];
  const text = typeof value === 'string' ? value : value.join(' ');
  const bracketed = text.match(/<[^<>\s]+>/g);
  const tokens = bracketed ?? text.split(/[\s,]+/).filter((token) => token.includes('@'));
  const ids = tokens.map((token) => normalizeMsgId(token)).filter((id): id is string => Boolean(id));
  return [...new Set(ids)];
}

export function normalizeMsgId(token: string): string | undefined {
  const inner = token.trim().replace(/^<|>$/g, '');
  const at = inner.lastIndexOf('@');
  if (!inner || /[\s<>]/.test(inner) || inner.length > MAX_MSG_ID) return undefined;
  return at < 0 ? `<${inner}>` : `<${inner.slice(0, at)}@${inner.slice(at + 1).toLowerCase()}>`;
}

export const threadKeys = {
  /** A message, by its RFC 5322 Message-ID. */
  messageId: (msgId: string) => `email-id:${msgId}`,
  /** One of our replies, by the id SES returned (the local part of the msg-id SES writes). */
  sesMessage: (sesMessageId: string) => `email-ses:${sesMessageId}`,
  /** A conversation's reply token, from the plus-address we give as Reply-To. */
  replyToken: (token: string) => `email-token:${token.toLowerCase()}`,
};

/** The token that plus-addresses replies into a conversation; stable for the conversation. */
export function replyToken(conversationId: string): string {
  return `r${createHash('sha256').update(`onethread-reply:${conversationId}`).digest('hex').slice(0, 16)}`;
}

/** `<0102…-000000@eu-west-1.amazonses.com>` → `0102…-000000`; undefined for other senders. */
export function sesMessageIdOf(msgId: string): string | undefined {
  const match = /^<([^@]+)@(?:[a-z0-9-]+\.)?amazonses\.com>$/.exec(msgId);
  return match?.[1];
}

/** Where SES puts the msg-id of a message it sends (`<MessageId@{domain}>`), per region. */
export function sesMessageIdDomain(region: string): string {
  return region === 'us-east-1' ? 'email.amazonses.com' : `${region}.amazonses.com`;
}

export interface ThreadHeaders {
  messageId?: string | undefined;
  inReplyTo: readonly string[];
  references: readonly string[];
}

/**
 * The keys to look a message's conversation up by, in the order of channel-formats §1.4: reply
 * tokens in our recipients, In-Reply-To, then References newest first. An id SES wrote for one of
 * our replies also matches by its SES MessageId, in case the msg-id domain differs.
 */
export function relatedThreadKeys(recipients: readonly string[], headers: ThreadHeaders): string[] {
  const keys: string[] = [];
  for (const recipient of recipients) {
    const tag = plusTag(recipient);
    if (tag && /^[a-z0-9]{4,40}$/.test(tag)) keys.push(threadKeys.replyToken(tag));
  }
  const answered = [...headers.inReplyTo, ...[...headers.references].reverse()];
  for (const id of answered) {
    if (id === headers.messageId) continue;
    keys.push(threadKeys.messageId(id));
    const ses = sesMessageIdOf(id);
    if (ses) keys.push(threadKeys.sesMessage(ses));
  }
  return [...new Set(keys)].slice(0, 40);
}

/**
 * In-Reply-To and References for a reply (channel-formats §2): the answered message's
 * References (or, without them, its In-Reply-To) followed by its Message-ID.
 */
export function replyHeaders(answered: ThreadHeaders): { inReplyTo?: string; references?: string } {
  if (!answered.messageId) return {};
  const base = answered.references.length ? answered.references : answered.inReplyTo;
  const chain = [...new Set([...base.filter((id) => id !== answered.messageId), answered.messageId])];
  const kept = chain.length > MAX_REFERENCES ? [chain[0], ...chain.slice(-(MAX_REFERENCES - 1))] : chain;
  return { inReplyTo: answered.messageId, references: kept.join(' ') };
}

const REPLY_PREFIX = /^\s*(re|aw|sv|antw|vs|odp|ynt)\s*(\[\d+\])?\s*:/i;

/** `Re:` once, in front of the subject as the customer wrote it (ticket tokens kept). */
export function replySubject(subject: string | undefined): string {
  const trimmed = (subject ?? '').replace(/[\r\n]+/g, ' ').trim();
  if (!trimmed) return 'Re: your message';
  return REPLY_PREFIX.test(trimmed) ? trimmed : `Re: ${trimmed}`;
}
