import * as z from 'zod';
import { derivedId } from './ids.ts';

/**
 * A customer's request to be called back instead of waiting, kept on their work item. The item
 * keeps its place in line; when an agent accepts it, the call is placed to `phone`.
 */
export const CallbackRequestSchema = z.object({
  /** E.164. Dialled for this callback only: a number a visitor typed never becomes theirs. */
  phone: z.string().regex(/^\+[1-9]\d{6,14}$/),
  /** Where it was asked for. */
  via: z.enum(['chat', 'sms', 'whatsapp', 'voice']),
  /** `verified`: a number the customer proved (an SMS sender's); `claimed`: typed for this callback. */
  trust: z.enum(['verified', 'claimed']),
  requestedAt: z.iso.datetime({ offset: true }),
  /** Connect's idempotency key for the call: asking or placing it twice places one call. */
  clientToken: z.string().min(1).max(500),
});
export type CallbackRequest = z.infer<typeof CallbackRequestSchema>;

/** One callback per work item: the token is the item's, so a repeat never dials twice. */
export function callbackClientToken(workItemId: string): string {
  return derivedId('callback', workItemId);
}

/**
 * A text reply asking to be called back instead of waiting: `CALL` (what the queued notice
 * offers), or the same in Spanish or Portuguese, alone on the line. Anything longer is a message
 * for a person.
 */
export function isCallbackReply(text: string | undefined): boolean {
  return /^\s*(?:call(?: me)?(?: back)?|callback|llamar|ll[aá]menme|ll[aá]mame|ligar|ligue-me|liguem-me)\s*[.!]*\s*$/iu.test(
    text ?? '',
  );
}

/** Callback requests a chat session may make per hour, whatever the number. */
export const CALLBACK_REQUESTS_PER_HOUR = 3;
