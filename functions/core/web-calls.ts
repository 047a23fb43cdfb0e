import * as z from 'zod';
import { contactAnchor } from './identity.ts';
import { derivedId } from './ids.ts';
import { IdentityKeySchema, type IdentitySighting } from './model.ts';

/** Connect's `InitiationMethod` of a contact started by StartWebRTCContact. */
export const WEB_CALL_INITIATION = 'WEBRTC_API';

/** What the customer asked for: their voice only, or their camera too. */
export const WebCallMediaSchema = z.enum(['audio', 'video']);
export type WebCallMedia = z.infer<typeof WebCallMediaSchema>;

const isoTime = z.iso.datetime({ offset: true });

/**
 * An in-app or web call OneThread asked Amazon Connect to start for a chat session. This record,
 * written by us before Connect is asked, is the only source of the call's identity: contact
 * attributes only point at it.
 */
export const WebCallSchema = z.object({
  webCallId: z.string().min(1).max(128),
  sessionId: z.string().min(1).max(256),
  customerId: z.string().min(1).max(256),
  /** The session's conversation when the call was asked for; the call joins it. */
  conversationId: z.string().max(256).optional(),
  /** Whom the session proves the caller to be (`chat:<sessionId>`). */
  identity: IdentityKeySchema,
  media: WebCallMediaSchema,
  requestedAt: isoTime,
  /** Connect's contact, once Connect has answered. */
  contactId: z.string().max(256).optional(),
});
export type WebCall = z.infer<typeof WebCallSchema>;

/** One request for a call, as the session's ledger keeps it for the limits. */
export const WebCallAttemptSchema = z.object({
  webCallId: z.string().min(1).max(128),
  requestId: z.string().max(128).optional(),
  at: isoTime,
});
export type WebCallAttempt = z.infer<typeof WebCallAttemptSchema>;

/** A session's recent requests for calls, and how many it ever made (for fresh call ids). */
export interface WebCallLedger {
  attempts: WebCallAttempt[];
  started: number;
  /** Compared on write, so two requests at once cannot both take the last free slot. */
  version: number;
}

export const WEB_CALL_LIMITS = {
  /** Calls a session may ask for in any hour. */
  perHour: 4,
  /** A request Connect has not answered yet holds the line this long at most. */
  pendingSeconds: 30,
  /** Without a requestId, asking again this soon while the call is live is the same request. */
  retrySeconds: 120,
  /** A call whose end was never reported stops counting as live after this. */
  longestCallSeconds: 4 * 3600,
  /** Attempts the ledger keeps: more than an hour's worth. */
  kept: 10,
} as const;

export type WebCallPlan =
  | { action: 'start'; attempt: WebCallAttempt; ledger: WebCallLedger }
  | { action: 'repeat'; webCallId: string }
  | {
      action: 'refuse';
      reason: 'call-in-progress' | 'hourly-limit' | 'call-ended';
      retryAfterSeconds: number;
    };

/**
 * Whether a session may start a call now: one live call at a time and a few an hour. A request
 * that repeats one already made (same requestId, or none again within moments while that call
 * is live) gets the same call, so a retry never starts a second contact.
 */
export function planWebCall(input: {
  sessionId: string;
  ledger: WebCallLedger;
  /** Whether the latest call is still going (or still being started). */
  latestLive: boolean;
  requestId?: string | undefined;
  now: Date;
}): WebCallPlan {
  const { ledger, now, requestId } = input;
  const latest = ledger.attempts.at(-1);
  const ageOf = (attempt: WebCallAttempt) => (now.getTime() - Date.parse(attempt.at)) / 1000;
  const same = requestId ? ledger.attempts.find((attempt) => attempt.requestId === requestId) : undefined;
  if (same) {
    if (same === latest && input.latestLive) return { action: 'repeat', webCallId: same.webCallId };
    return { action: 'refuse', reason: 'call-ended', retryAfterSeconds: 0 };
  }
  if (latest && input.latestLive) {
    if (!requestId && !latest.requestId && ageOf(latest) <= WEB_CALL_LIMITS.retrySeconds)
      return { action: 'repeat', webCallId: latest.webCallId };
    return { action: 'refuse', reason: 'call-in-progress', retryAfterSeconds: 30 };
  }
  const lastHour = ledger.attempts.filter((attempt) => ageOf(attempt) < 3600);
  const oldest = lastHour[0];
  if (oldest && lastHour.length >= WEB_CALL_LIMITS.perHour) {
    return {
      action: 'refuse',
      reason: 'hourly-limit',
      retryAfterSeconds: Math.max(1, Math.ceil(3600 - ageOf(oldest))),
    };
  }
  const webCallId = derivedId(
    'webcall',
    input.sessionId,
    requestId ? `request:${requestId}` : `call:${ledger.started + 1}`,
  );
  const attempt: WebCallAttempt = { webCallId, at: now.toISOString(), ...(requestId ? { requestId } : {}) };
  return {
    action: 'start',
    attempt,
    ledger: {
      attempts: [...ledger.attempts, attempt].slice(-WEB_CALL_LIMITS.kept),
      started: ledger.started + 1,
      version: ledger.version + 1,
    },
  };
}

/**
 * Who a web call is from: the call itself (its first leg's anchor, as for phone calls) and the
 * identity our own record says the session proved, verified by Connect carrying our contact.
 */
export function webCallSightings(
  initialContactId: string,
  call: Pick<WebCall, 'identity'>,
): IdentitySighting[] {
  return [
    { identity: contactAnchor('voice', initialContactId), trust: 'verified', evidence: 'connect:contact' },
    { identity: call.identity, trust: 'verified', evidence: 'connect:webrtc' },
  ];
}

/**
 * The contact attributes of a web call: the flow can route on them (`$.Attributes.…`) and the
 * screen pop finds the conversation. `onethreadWebCallId` names our record, which the lookup reads
 * instead of trusting the others.
 */
export function webCallAttributes(call: WebCall): Record<string, string> {
  return {
    onethreadWebCallId: call.webCallId,
    onethreadCustomerId: call.customerId,
    onethreadConversationId: call.conversationId ?? '',
    onethreadSessionId: call.sessionId,
    onethreadIdentity: call.identity,
    onethreadMedia: call.media,
  };
}

/** The agent's line for it on the timeline. */
export function webCallText(media: WebCallMedia): string {
  return media === 'video' ? 'Video call from the app or web' : 'Call from the app or web';
}
