import type { Customer, QueueStats, TimelineItem } from '../src/api.ts';

/**
 * Answers as the API sends them (docs/openapi.json): what a test does not care about filled in
 * the way the platform fills it, so fixtures stay the wire's shape.
 */
const AT = '2026-01-01T00:00:00.000Z';

export function customerOf(fields: Pick<Customer, 'customerId'> & Partial<Customer>): Customer {
  return {
    identities: [],
    evidence: {},
    claims: [],
    createdAt: AT,
    updatedAt: fields.createdAt ?? AT,
    mergedFrom: [],
    splitVersion: 0,
    latestConversation: null,
    ...fields,
  };
}

type EntryFields = Pick<
  TimelineItem,
  'interactionId' | 'customerId' | 'channel' | 'direction' | 'kind' | 'at'
>;

export function entryOf(fields: EntryFields & Partial<TimelineItem>): TimelineItem {
  return {
    providerMessageId: `pm_${fields.interactionId}`,
    attachments: [],
    recordedAt: fields.at,
    ...fields,
  };
}

export function queueOf(fields: Pick<QueueStats, 'queueId' | 'name'> & Partial<QueueStats>): QueueStats {
  return {
    waiting: 0,
    offered: 0,
    assigned: 0,
    inConnect: 0,
    oldestWaitSeconds: 0,
    answeredToday: 0,
    abandonedToday: 0,
    serviceLevelToday: null,
    deflectedToday: 0,
    escalatedToday: 0,
    deflectionRateToday: null,
    articleUsesToday: 0,
    csatToday: { count: 0, mean: null },
    ...fields,
  };
}

type Email = NonNullable<TimelineItem['email']>;

export function emailOf(fields: Partial<Email>): Email {
  return {
    inReplyTo: [],
    references: [],
    to: [],
    cc: [],
    replyTo: [],
    recipients: [],
    problems: [],
    omittedAttachments: [],
    ...fields,
  };
}

type Call = NonNullable<TimelineItem['call']>;

export function callOf(fields: Pick<Call, 'state'> & Partial<Call>): Call {
  return { contactId: 'contact-1', events: [], ...fields };
}
