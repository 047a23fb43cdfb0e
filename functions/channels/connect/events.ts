import type { CallEvent, CallEventType } from '#core/call-model.ts';
import { CallEventTypeSchema } from '#core/call-model.ts';
import { normalizePhone } from '#core/identity.ts';
import type { CallEventMessage } from '#core/ingest-message.ts';
import { type ContactEvent, ContactEventSchema, lowerCaseKeys } from './schemas.ts';

export type NormalizedContactEvent =
  | { message: CallEventMessage }
  /** A task contact was completed or disconnected: the end of a work item, if we started the task. */
  | { taskEnded: { contactId: string; at: string } }
  | {
      ignored: 'malformed' | 'other-channel' | 'other-instance' | 'unknown-event-type' | 'task-not-ended';
      detail?: string;
    };

/** Task events that end the task: disconnected (by an agent, a flow, or expiry), or after-contact work done. */
const TASK_ENDS = new Set<CallEventType>(['DISCONNECTED', 'COMPLETED']);

export interface ContactEventOptions {
  defaultCountry: string;
  /** When set, contacts of other Connect instances are ignored. */
  instanceArn?: string | undefined;
}

/**
 * An EventBridge contact event as a call report for the ingest queue, or, for a task, whether it
 * ended. Event types we do not know (Connect adds new ones) and contacts on other channels (chat,
 * email) are ignored, not failed.
 */
export function normalizeContactEvent(raw: unknown, options: ContactEventOptions): NormalizedContactEvent {
  const parsed = ContactEventSchema.safeParse(lowerCaseKeys(raw));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ignored: 'malformed', detail: `${issue?.path.join('.')}: ${issue?.message}` };
  }
  const envelope = parsed.data;
  const { detail } = envelope;
  const type = CallEventTypeSchema.exclude(['CONTACT_FLOW']).safeParse(detail.eventtype.toUpperCase());
  if (!type.success) return { ignored: 'unknown-event-type', detail: detail.eventtype };
  const channel = detail.channel?.toUpperCase() ?? 'VOICE';
  if (channel !== 'VOICE' && channel !== 'TASK') return { ignored: 'other-channel', detail: channel };
  if (options.instanceArn && detail.instancearn && detail.instancearn !== options.instanceArn) {
    return { ignored: 'other-instance' };
  }
  if (channel === 'TASK') {
    if (!TASK_ENDS.has(type.data)) return { ignored: 'task-not-ended', detail: type.data };
    return { taskEnded: { contactId: detail.contactid, at: eventTime(type.data, envelope) } };
  }
  const event: CallEvent = compact({
    eventId: envelope.id,
    type: type.data,
    at: eventTime(type.data, envelope),
    initialContactId: detail.initialcontactid ?? undefined,
    previousContactId: detail.previouscontactid ?? undefined,
    instanceArn: detail.instancearn ?? undefined,
    initiationMethod: detail.initiationmethod?.toUpperCase(),
    initiatedAt: detail.initiationtimestamp ?? undefined,
    queueArn: detail.queueinfo?.queuearn ?? undefined,
    enqueuedAt: detail.queueinfo?.enqueuetimestamp ?? undefined,
    agentArn: detail.agentinfo?.agentarn ?? undefined,
    connectedToAgentAt: detail.agentinfo?.connectedtoagenttimestamp ?? undefined,
    disconnectedAt: detail.disconnecttimestamp ?? undefined,
    disconnectReason: disconnectReason(detail.disconnectreason),
    customerNumber: phoneNumber(detail.customerendpoint, options.defaultCountry),
    systemNumber: phoneNumber(detail.systemendpoint, options.defaultCountry),
  });
  return { message: { type: 'call', channel: 'voice', contactId: detail.contactid, event } };
}

/** The timestamp that says when this step happened; the envelope's time when it is missing. */
function eventTime(type: Exclude<CallEventType, 'CONTACT_FLOW'>, envelope: ContactEvent): string {
  const { detail } = envelope;
  const specific = {
    INITIATED: detail.initiationtimestamp,
    CONNECTED_TO_SYSTEM: detail.connectedtosystemtimestamp,
    QUEUED: detail.queueinfo?.enqueuetimestamp,
    CONNECTED_TO_AGENT: detail.agentinfo?.connectedtoagenttimestamp,
    DISCONNECTED: detail.disconnecttimestamp,
    COMPLETED: undefined,
  }[type];
  return specific ?? envelope.time;
}

function disconnectReason(raw: unknown): string | undefined {
  const value =
    typeof raw === 'string'
      ? raw
      : typeof raw === 'object' && raw !== null
        ? Object.values(raw).find((inner) => typeof inner === 'string')
        : undefined;
  return typeof value === 'string' && value ? value.toUpperCase().slice(0, 128) : undefined;
}

/** An endpoint's number in E.164, or undefined when it is not a usable phone number. */
export function phoneNumber(
  endpoint: { address?: string | null | undefined; type?: string | null | undefined } | null | undefined,
  defaultCountry: string,
): string | undefined {
  if (!endpoint?.address) return undefined;
  if (endpoint.type && endpoint.type.toUpperCase() !== 'TELEPHONE_NUMBER') return undefined;
  try {
    return normalizePhone(endpoint.address, defaultCountry);
  } catch {
    return undefined;
  }
}

function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
