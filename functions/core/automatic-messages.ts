import type { Channel, Interaction } from './model.ts';

/**
 * WhatsApp (customer-service window), Messenger and Instagram (standard messaging window) take
 * free-form messages only within 24 hours of the customer's last message.
 */
export const MESSAGING_WINDOW_MS = 24 * 3_600_000;

/** Channels whose customers are told their place in line by a message (chat shows it live). */
export const NOTICE_CHANNELS: ReadonlySet<Channel> = new Set([
  'sms',
  'whatsapp',
  'messenger',
  'instagram',
  'x',
  'email',
]);

export type Allowance = { ok: true } | { ok: false; reason: string };

/**
 * Whether an automatic message may go to the customer now, judged from their recent entries on
 * the channel (newest first). The providers refuse what their rules forbid, but a refused send
 * is still a breach on record and, repeated, a reason to be limited; so the rule is applied
 * before anything is sent:
 *
 * - WhatsApp, Messenger, Instagram: only within 24 hours of the customer's last message;
 * - X: within 24 hours, and one automatic message per customer message (X limits automated
 *   direct messages to answers to what the person wrote);
 * - SMS: the customer wrote to us first, and Twilio keeps opt-outs;
 * - email: decided by the email sender, which answers only mail a person wrote.
 */
export function automaticAllowed(channel: Channel, recent: readonly Interaction[], now: Date): Allowance {
  if (channel === 'sms' || channel === 'email') return { ok: true };
  const lastInbound = recent.find((entry) => entry.direction === 'inbound' && entry.kind === 'message');
  if (!lastInbound) return { ok: false, reason: `the customer has not written on ${channel}` };
  if (now.getTime() - Date.parse(lastInbound.at) > MESSAGING_WINDOW_MS) {
    return { ok: false, reason: `outside the 24-hour window of ${channel}` };
  }
  if (channel === 'x') {
    const answered = recent.some(
      (entry) =>
        entry.direction === 'outbound' &&
        entry.at >= lastInbound.at &&
        (entry.flags ?? []).includes('automatic'),
    );
    if (answered) return { ok: false, reason: 'X: one automatic message per customer message' };
  }
  return { ok: true };
}
