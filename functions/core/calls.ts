import * as z from 'zod';
import type { Call, CallEvent, CallEventType, CallState } from './call-model.ts';
import { contactAnchor } from './identity.ts';
import { derivedId } from './ids.ts';
import { type IngestDeps, ingestInteraction } from './ingest.ts';
import type { CallEventMessage, IngestMessage } from './ingest-message.ts';
import type { Direction, IdentitySighting, Interaction } from './model.ts';
import { ConcurrentUpdateError } from './ports.ts';
import { WEB_CALL_INITIATION, type WebCall, webCallSightings, webCallText } from './web-calls.ts';

/** Storage of a call's reports on its interaction, and of reports that came before it. */
export interface CallStore {
  /** Replaces the interaction's call, only if it still holds `expectedEvents` reports. */
  setCall(interactionId: string, call: Call, expectedEvents: number): Promise<boolean>;
  /** Keeps a report about a call not yet on any timeline (for a week). */
  holdCallEvent(interactionId: string, event: CallEvent): Promise<void>;
  heldCallEvents(interactionId: string): Promise<CallEvent[]>;
}

/** Calls that joined an open work item are listed on it. */
export interface WorkItemCalls {
  /** Lists the call on the item, once, if the item is of the call's conversation. */
  joinCall(workItemId: string, interactionId: string, conversationId: string): Promise<void>;
}

/** A call we asked Connect to place (a callback): the customer, conversation and item it is for. */
export const PlacedCallSchema = z.object({
  customerId: z.string().min(1),
  conversationId: z.string().min(1),
  workItemId: z.string().min(1).optional(),
});
export type PlacedCall = z.infer<typeof PlacedCallSchema>;

export interface PlacedCalls {
  byContact(contactId: string): Promise<PlacedCall | undefined>;
}

export interface CallDeps extends IngestDeps {
  calls: CallStore;
  workItemCalls?: WorkItemCalls | undefined;
  /** The in-app and web calls we started, by contact id: their identity comes only from here. */
  webCalls?: { byContact(contactId: string): Promise<WebCall | undefined> } | undefined;
  /** The callbacks we placed, by contact id: they belong to the work item they were asked on. */
  placedCalls?: PlacedCalls | undefined;
}

/** Reports kept per call; a call sends a handful, this only bounds a runaway. */
export const MAX_CALL_EVENTS = 50;
const MAX_ATTEMPTS = 5;

const STAGE: Record<CallEventType, { rank: number; state: CallState }> = {
  INITIATED: { rank: 0, state: 'initiated' },
  CONNECTED_TO_SYSTEM: { rank: 1, state: 'in-flow' },
  CONTACT_FLOW: { rank: 1, state: 'in-flow' },
  QUEUED: { rank: 2, state: 'queued' },
  CONNECTED_TO_AGENT: { rank: 3, state: 'connected' },
  DISCONNECTED: { rank: 4, state: 'ended' },
  COMPLETED: { rank: 5, state: 'completed' },
};

/** The interaction of a Connect contact: one per contact id, whoever reports it first. */
export function callInteractionId(contactId: string): string {
  return derivedId('int', 'voice', contactId);
}

/** Who started the call, as a timeline direction. */
export function callDirection(initiationMethod: string | undefined): Direction {
  switch (initiationMethod?.toUpperCase()) {
    case 'OUTBOUND':
    case 'EXTERNAL_OUTBOUND':
    case 'CALLBACK':
    case 'API':
      return 'outbound';
    case 'MONITOR':
    case 'DISCONNECT':
      return 'internal';
    default:
      return 'inbound';
  }
}

const sameEvent = (a: CallEvent, b: CallEvent) =>
  a.eventId === b.eventId || (a.type === b.type && a.at === b.at);

/** Adds a report unless it is already known; keeps the reports in time order. */
export function addCallEvent(events: readonly CallEvent[], event: CallEvent): CallEvent[] {
  if (events.some((known) => sameEvent(known, event)) || events.length >= MAX_CALL_EVENTS) return [...events];
  return [...events, event].sort(byTime);
}

function byTime(a: CallEvent, b: CallEvent): number {
  return Date.parse(a.at) - Date.parse(b.at) || STAGE[a.type].rank - STAGE[b.type].rank;
}

/**
 * The call as its reports describe it, whatever order they came in: the furthest stage reached
 * is the state (a late QUEUED never undoes DISCONNECTED), and for each detail the newest report
 * that carries it wins.
 */
export function summarizeCall(contactId: string, reports: readonly CallEvent[]): Call {
  const events = [...reports].sort(byTime);
  const latest = <K extends keyof CallEvent>(key: K): CallEvent[K] | undefined =>
    events.findLast((event) => event[key] !== undefined)?.[key];
  const furthest = events.reduce<CallEvent | undefined>(
    (best, event) => (!best || STAGE[event.type].rank >= STAGE[best.type].rank ? event : best),
    undefined,
  );
  const ended = events.find((event) => event.type === 'DISCONNECTED');
  const startedAt = latest('initiatedAt') ?? events[0]?.at;
  const endedAt = latest('disconnectedAt') ?? ended?.at;
  const enqueuedAt = latest('enqueuedAt') ?? events.find((event) => event.type === 'QUEUED')?.at;
  const connectedToAgentAt =
    latest('connectedToAgentAt') ?? events.find((event) => event.type === 'CONNECTED_TO_AGENT')?.at;
  const queueArn = latest('queueArn');
  const agentArn = latest('agentArn');
  return dropUndefined({
    contactId,
    initialContactId: latest('initialContactId'),
    previousContactId: latest('previousContactId'),
    instanceArn: latest('instanceArn'),
    state: furthest ? STAGE[furthest.type].state : 'initiated',
    initiationMethod: latest('initiationMethod'),
    startedAt,
    queueArn,
    queueId: lastSegment(queueArn),
    queueName: latest('queueName'),
    enqueuedAt,
    agentArn,
    agentId: lastSegment(agentArn),
    connectedToAgentAt,
    endedAt,
    durationSeconds: secondsBetween(startedAt, endedAt),
    waitSeconds: secondsBetween(enqueuedAt, connectedToAgentAt),
    disconnectReason: latest('disconnectReason'),
    customerNumber: latest('customerNumber'),
    systemNumber: latest('systemNumber'),
    media: latest('media'),
    workItemId: latest('workItemId'),
    routingQueueId: latest('routingQueueId'),
    events,
  });
}

/** One line for an agent or a flow: `Inbound call, queue billing, agent ana, 2 min, ended`. */
export function describeCall(call: Call, direction: Direction): string {
  const parts = [
    direction === 'outbound' ? 'Outbound call' : call.media ? webCallText(call.media) : 'Inbound call',
  ];
  if (call.queueName ?? call.queueId) parts.push(`queue ${call.queueName ?? call.queueId}`);
  if (call.agentId) parts.push(`agent ${call.agentId}`);
  if (call.durationSeconds !== undefined)
    parts.push(`${Math.max(1, Math.round(call.durationSeconds / 60))} min`);
  parts.push(call.state);
  return parts.join(', ');
}

function lastSegment(arn: string | undefined): string | undefined {
  return arn?.split('/').filter(Boolean).at(-1);
}

function secondsBetween(from: string | undefined, to: string | undefined): number | undefined {
  if (!from || !to) return undefined;
  const seconds = Math.round((Date.parse(to) - Date.parse(from)) / 1000);
  return seconds >= 0 ? seconds : undefined;
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export type CallOutcome = 'created' | 'updated' | 'unchanged' | 'held';

/**
 * Puts one report about a call on the caller's timeline. The first report that names the caller
 * (the contact flow's lookup, or an event carrying the customer's number, or a transfer of a
 * known call) records the call as an interaction of their open conversation; every report then
 * folds into it. Reports that come before the caller is known are held and applied later.
 */
export async function ingestCallEvent(
  received: CallEventMessage,
  deps: CallDeps,
): Promise<{ interactionId: string; outcome: CallOutcome; interaction?: Interaction | undefined }> {
  const placed = await placedCallOf(received, deps);
  const message = placed ? placedCallReport(received, placed) : received;
  const interactionId = callInteractionId(message.contactId);
  const applied = await applyCallEvent(interactionId, message.contactId, message.event, deps);
  if (applied !== 'missing') {
    await joinWorkItem(interactionId, message.event, deps);
    return { interactionId, outcome: applied };
  }

  const recording = placed
    ? await placedCallMessage(message, placed, deps)
    : await callIngestMessage(message, deps);
  if (!recording) {
    await deps.calls.holdCallEvent(interactionId, message.event);
    // The call may have been recorded between the first look and the hold.
    const late = await applyCallEvent(interactionId, message.contactId, message.event, deps);
    return { interactionId, outcome: late === 'missing' ? 'held' : late };
  }
  const result = await ingestInteraction(recording, deps);
  await applyCallEvent(interactionId, message.contactId, message.event, deps);
  for (const held of await deps.calls.heldCallEvents(interactionId)) {
    await applyCallEvent(interactionId, message.contactId, held, deps);
  }
  await joinWorkItem(interactionId, message.event, deps, result.interaction);
  return { interactionId, outcome: result.created ? 'created' : 'updated', interaction: result.interaction };
}

/**
 * A call the flow lookup found an open work item for is listed on that item, once it is on the
 * timeline; only if the call landed in the item's conversation (the store checks).
 */
async function joinWorkItem(
  interactionId: string,
  event: CallEvent,
  deps: CallDeps,
  known?: Interaction,
): Promise<void> {
  if (!event.workItemId || !deps.workItemCalls) return;
  const interaction = known ?? (await deps.timeline.get(interactionId));
  if (!interaction?.conversationId) return;
  await deps.workItemCalls.joinCall(event.workItemId, interactionId, interaction.conversationId);
}

/** Folds a report into the stored call: read, merge, write conditionally on what was read. */
export async function applyCallEvent(
  interactionId: string,
  contactId: string,
  event: CallEvent,
  deps: Pick<CallDeps, 'timeline' | 'calls'>,
): Promise<'updated' | 'unchanged' | 'missing'> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const interaction = await deps.timeline.get(interactionId);
    if (!interaction) return 'missing';
    const known = interaction.call?.events ?? [];
    const events = addCallEvent(known, event);
    if (events.length === known.length) return 'unchanged';
    if (await deps.calls.setCall(interactionId, summarizeCall(contactId, events), known.length))
      return 'updated';
  }
  throw new ConcurrentUpdateError(`call ${interactionId}`);
}

/**
 * The interaction message that records a call, when the caller is known: by the number on the
 * report, or through the call it was transferred from (same customer, same conversation).
 */
async function callIngestMessage(
  message: CallEventMessage,
  deps: CallDeps,
): Promise<IngestMessage | undefined> {
  const { event } = message;
  const web = await webCallOf(message, deps);
  if (web) return webCallIngestMessage(message, web);
  let identities: IngestMessage['identities'] | undefined = event.customerNumber
    ? callerSightings(event.initialContactId ?? message.contactId, event.customerNumber, event.callerVerified)
    : undefined;
  let conversationId = event.conversationId;
  if (!identities) {
    const related = await relatedCall(message, deps);
    if (!related) return undefined;
    const customer = await deps.customers.get(related.customerId);
    const identity = related.identity ?? customer?.identities[0];
    conversationId = related.conversationId;
    if (!identity) return undefined;
    identities = [identity];
  }
  const direction = callDirection(event.initiationMethod);
  return {
    type: 'interaction',
    channel: 'voice',
    direction,
    providerMessageId: message.contactId,
    at: event.initiatedAt ?? event.at,
    identities,
    kind: 'message',
    text: direction === 'outbound' ? 'Outbound phone call' : 'Inbound phone call',
    relatedThreadKeys: [],
    conversationId,
    entryPoint: direction === 'inbound' ? event.systemNumber : undefined,
    profile: {},
    attachments: [],
    flags: [],
    call: summarizeCall(message.contactId, [event]),
  };
}

/**
 * Who a call is from: the call itself (its first leg's anchor, so every report and transfer of
 * it meets one customer) and the caller's number, a claim unless the flow verified the caller.
 */
export function callerSightings(
  initialContactId: string,
  number: string,
  verified: boolean | undefined,
): IdentitySighting[] {
  return [
    { identity: contactAnchor('voice', initialContactId), trust: 'verified', evidence: 'connect:contact' },
    verified
      ? { identity: `phone:${number}`, trust: 'verified', evidence: 'connect:caller-verified' }
      : { identity: `phone:${number}`, trust: 'claimed', evidence: 'connect:caller-id' },
  ];
}

/** Our record of a call we placed, for reports of a contact that we started (an outbound one). */
async function placedCallOf(message: CallEventMessage, deps: CallDeps): Promise<PlacedCall | undefined> {
  if (!deps.placedCalls || callDirection(message.event.initiationMethod) !== 'outbound') return undefined;
  return deps.placedCalls.byContact(message.contactId);
}

/**
 * A report of a placed call is about the conversation our record names, and the work item it was
 * asked on (an agent's callback names none: the lookup's link to the open item then stands).
 */
function placedCallReport(message: CallEventMessage, placed: PlacedCall): CallEventMessage {
  const event: CallEvent = { ...message.event, conversationId: placed.conversationId };
  if (placed.workItemId) event.workItemId = placed.workItemId;
  return { ...message, event };
}

/**
 * A placed call goes on the timeline of the customer it was placed for, in their conversation:
 * the dialled number may be one typed for this callback only, so it is never who the call is for.
 */
async function placedCallMessage(
  message: CallEventMessage,
  placed: PlacedCall,
  deps: CallDeps,
): Promise<IngestMessage | undefined> {
  const customer = await deps.customers.get(placed.customerId);
  const identity = customer?.identities[0];
  if (!identity) return undefined;
  const { event } = message;
  return {
    type: 'interaction',
    channel: 'voice',
    direction: 'outbound',
    providerMessageId: message.contactId,
    at: event.initiatedAt ?? event.at,
    identities: [
      {
        identity: contactAnchor('voice', event.initialContactId ?? message.contactId),
        trust: 'verified',
        evidence: 'connect:contact',
      },
      { identity, trust: 'verified', evidence: 'onethread:callback' },
    ],
    kind: 'message',
    text: 'Callback phone call',
    relatedThreadKeys: [],
    conversationId: placed.conversationId,
    profile: {},
    attachments: [],
    flags: [],
    call: summarizeCall(message.contactId, [event]),
  };
}

/** Our record of a web call, for reports of a contact Connect says StartWebRTCContact began. */
async function webCallOf(message: CallEventMessage, deps: CallDeps): Promise<WebCall | undefined> {
  if (message.event.initiationMethod !== WEB_CALL_INITIATION || !deps.webCalls) return undefined;
  return deps.webCalls.byContact(message.contactId);
}

/**
 * A web call goes on the timeline of whom the session proved, in the session's conversation
 * (ingest joins it only if it belongs to that customer). It has no caller number.
 */
function webCallIngestMessage(message: CallEventMessage, web: WebCall): IngestMessage {
  const { event } = message;
  return {
    type: 'interaction',
    channel: 'voice',
    direction: 'inbound',
    providerMessageId: message.contactId,
    at: event.initiatedAt ?? event.at,
    identities: webCallSightings(event.initialContactId ?? message.contactId, web),
    kind: 'message',
    text: webCallText(web.media),
    relatedThreadKeys: [],
    conversationId: web.conversationId,
    profile: {},
    attachments: [],
    flags: [],
    call: summarizeCall(message.contactId, [{ ...event, media: web.media }]),
  };
}

async function relatedCall(message: CallEventMessage, deps: CallDeps): Promise<Interaction | undefined> {
  const { initialContactId, previousContactId } = message.event;
  for (const contactId of [previousContactId, initialContactId]) {
    if (!contactId || contactId === message.contactId) continue;
    const interaction = await deps.timeline.get(callInteractionId(contactId));
    if (interaction) return interaction;
  }
  return undefined;
}
