import * as z from 'zod';
import {
  type BusinessEvent,
  EventAttributesSchema,
  EventIdSchema,
  EventTypeSchema,
  STORE_VISIT_TYPE,
} from './business-event.ts';
import { DomainError } from './errors.ts';
import { type IdentityOptions, identityKind, normalizeIdentity } from './identity.ts';
import { derivedId, newId } from './ids.ts';
import type { IngestMessage } from './ingest-message.ts';
import type { IdentityKey, IdentityKind } from './model.ts';

/** A clock may run a little ahead of ours; further ahead, the time is a mistake. */
const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

const isoTime = z.iso.datetime({ offset: true });

/** `POST /events`: one thing that happened, as the company's systems report it. */
export const EventBodySchema = z.strictObject({
  type: EventTypeSchema,
  occurredAt: isoTime,
  identity: z.string().min(3).max(600),
  summary: z.string().trim().min(1).max(500),
  attributes: EventAttributesSchema.default({}),
  eventId: EventIdSchema,
});
export type EventBody = z.infer<typeof EventBodySchema>;

/** `POST /customers/{customerId}/store-visits`: what staff noted about a customer in store. */
export const StoreVisitBodySchema = z.strictObject({
  summary: z.string().trim().min(1).max(500),
  storeId: z.string().trim().min(1).max(100).optional(),
  occurredAt: isoTime.optional(),
});
export type StoreVisitBody = z.infer<typeof StoreVisitBodySchema>;

/** The identities a company's systems know a customer by; handles on social channels are theirs to prove. */
const VOUCHABLE_KINDS: readonly IdentityKind[] = ['email', 'phone', 'app'];

/** A bad field of an otherwise well-formed request: a 400 that names it. */
const fieldError = (field: string, message: string) =>
  new DomainError('invalid_input', `${field}: ${message}`, { field });

/** The identity an event names, normalised; a malformed one is an `invalid_identity` 400. */
export function eventIdentity(raw: string, options: IdentityOptions): IdentityKey {
  const identity = normalizeIdentity(raw, options);
  if (!VOUCHABLE_KINDS.includes(identityKind(identity))) {
    throw fieldError('identity', 'an email, phone or app identity (kind:value)');
  }
  return identity;
}

/** The time as the timeline sorts it (UTC), refused when it lies ahead of now. */
export function eventTime(raw: string | undefined, field: string, now: Date): string {
  if (raw === undefined) return now.toISOString();
  const at = new Date(raw);
  if (at.getTime() - now.getTime() > MAX_CLOCK_SKEW_MS) throw fieldError(field, 'in the future');
  return at.toISOString();
}

const EVENT_CHANNEL = 'store';

/** The provider message id of an event: its own id, so a retry is the same interaction. */
const eventMessageId = (eventId: string) => `event:${eventId}`;

/** The timeline entry an event becomes, as ingest derives it. */
export function eventInteractionId(eventId: string): string {
  return derivedId('int', EVENT_CHANNEL, eventMessageId(eventId));
}

/** Who vouched for an event: an API key, or an AWS principal through IAM. */
export interface EventSource {
  /** `key_…` id or `iam:<principal>`; kept on the entry. */
  source: string;
  /** Evidence of the identity the event names: `events:<keyId>`, `events:iam:<account>`. */
  evidence: string;
}

/**
 * The ingest message of a company's event. The identity it names is verified by the source's
 * word: the company holds the key and knows its customer.
 */
export function eventMessage(
  body: EventBody,
  context: EventSource & { identity: IdentityKey; at: string },
): IngestMessage {
  const business: BusinessEvent = {
    type: body.type,
    summary: body.summary,
    attributes: body.attributes,
    eventId: body.eventId,
    source: context.source,
  };
  return eventShape({
    providerMessageId: eventMessageId(body.eventId),
    at: context.at,
    identity: { identity: context.identity, trust: 'verified', evidence: context.evidence },
    business,
  });
}

/**
 * The ingest message of a store visit an agent logged. It names an identity the customer
 * already holds, so it lands on their timeline and vouches for nothing new.
 */
export function storeVisitMessage(
  body: StoreVisitBody,
  context: { identity: IdentityKey; agentId: string; at: string; now: Date },
): IngestMessage {
  return {
    ...eventShape({
      providerMessageId: `visit:${newId('visit', context.now)}`,
      at: context.at,
      identity: { identity: context.identity, trust: 'verified', evidence: 'store:staff' },
      business: {
        type: STORE_VISIT_TYPE,
        summary: body.summary,
        attributes: body.storeId ? { storeId: body.storeId } : {},
        source: `agent:${context.agentId}`,
      },
    }),
    sentBy: context.agentId,
    entryPoint: body.storeId,
  };
}

function eventShape(input: {
  providerMessageId: string;
  at: string;
  identity: { identity: IdentityKey; trust: 'verified'; evidence: string };
  business: BusinessEvent;
}): IngestMessage {
  return {
    type: 'interaction',
    channel: EVENT_CHANNEL,
    direction: 'inbound',
    kind: 'event',
    providerMessageId: input.providerMessageId,
    at: input.at,
    identities: [input.identity],
    // Views that know nothing of events (notices, Connect tasks) still read what happened.
    text: input.business.summary,
    relatedThreadKeys: [],
    profile: {},
    attachments: [],
    flags: [],
    business: input.business,
  };
}
