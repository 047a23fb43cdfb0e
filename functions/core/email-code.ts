import { createHash, createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';

/** A code proves an address for ten minutes and survives five guesses: 5 in 10⁶ of guessing it. */
export const CODE_TTL_SECONDS = 10 * 60;
export const MAX_CODE_ATTEMPTS = 5;
export const CODE_DIGITS = 6;

/** Codes sent per hour: per address (no one is mail-bombed) and per session (no one sprays addresses). */
export const CODE_LIMITS = {
  address: { limit: 3, windowSeconds: 3600 },
  session: { limit: 5, windowSeconds: 3600 },
} as const;

export const SendEmailCodeSchema = z.strictObject({
  email: z.string().trim().min(1).max(320),
});

export const ConfirmEmailCodeSchema = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(new RegExp(`^\\d{${CODE_DIGITS}}$`), `${CODE_DIGITS} digits`),
});

/** A code on its way to an address, kept only as a digest bound to its session and address. */
export const PendingEmailCodeSchema = z.object({
  sessionId: z.string(),
  email: z.string(),
  codeDigest: z.string(),
  sentAt: z.iso.datetime({ offset: true }),
  validUntil: z.iso.datetime({ offset: true }),
  attempts: z.number().int().nonnegative(),
});
export type PendingEmailCode = z.infer<typeof PendingEmailCodeSchema>;

/** Six digits, every one of the 10⁶ equally likely. */
export function newEmailCode(): string {
  return String(randomInt(0, 10 ** CODE_DIGITS)).padStart(CODE_DIGITS, '0');
}

/**
 * The digest stored in place of the code. Keyed by the session and bound to the address, so a
 * digest read from the table matches no other session, and a code for one address proves no other.
 */
export function emailCodeDigest(sessionId: string, email: string, code: string): string {
  return createHmac('sha256', `chat-email-code:${sessionId}`).update(`${email}\n${code}`).digest('hex');
}

export function pendingEmailCode(
  sessionId: string,
  email: string,
  code: string,
  now: Date,
): PendingEmailCode {
  return {
    sessionId,
    email,
    codeDigest: emailCodeDigest(sessionId, email, code),
    sentAt: now.toISOString(),
    validUntil: new Date(now.getTime() + CODE_TTL_SECONDS * 1000).toISOString(),
    attempts: 0,
  };
}

/** Compared in constant time, so the answer's timing says nothing about how close a guess was. */
export function codeMatches(pending: PendingEmailCode, code: string): boolean {
  const presented = Buffer.from(emailCodeDigest(pending.sessionId, pending.email, code), 'hex');
  const expected = Buffer.from(pending.codeDigest, 'hex');
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}

export type CodeState = 'usable' | 'expired' | 'exhausted';

export function codeState(pending: PendingEmailCode, now: Date): CodeState {
  if (now.getTime() >= Date.parse(pending.validUntil)) return 'expired';
  if (pending.attempts >= MAX_CODE_ATTEMPTS) return 'exhausted';
  return 'usable';
}

/**
 * Which sends of a rate window still count at `now`, and whether one more fits. A refusal says
 * when the oldest counted send leaves the window, which is when the next one fits.
 */
export function rateDecision(
  sentAt: readonly number[],
  nowSeconds: number,
  rule: { limit: number; windowSeconds: number },
): { allowed: true; recent: number[] } | { allowed: false; retryAfterSeconds: number } {
  const recent = sentAt.filter((at) => at > nowSeconds - rule.windowSeconds).sort((a, b) => a - b);
  if (recent.length < rule.limit) return { allowed: true, recent: [...recent, nowSeconds] };
  const oldest = recent[recent.length - rule.limit] ?? nowSeconds;
  return { allowed: false, retryAfterSeconds: Math.max(1, oldest + rule.windowSeconds - nowSeconds) };
}

/** Rate-limit keys that do not carry the address itself. */
export function addressRateKey(email: string): string {
  return `email-code:address:${createHash('sha256').update(email).digest('hex')}`;
}

export function sessionRateKey(sessionId: string): string {
  return `email-code:session:${sessionId}`;
}
