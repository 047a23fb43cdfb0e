import type { ConnectConfig } from '#channels/connect/config.ts';
import type { BusinessHours } from '#core/business-hours.ts';
import type { CallEvent } from '#core/call-model.ts';
import {
  callDirection,
  callerSightings,
  callInteractionId,
  describeCall,
  type PlacedCall,
  type PlacedCalls,
} from '#core/calls.ts';
import { type ConversationPolicy, isConversationOpen } from '#core/conversation.ts';
import { queueForEntryPoint, type RoutingRules } from '#core/entry-points.ts';
import type { CallEventMessage, IngestQueueMessageInput } from '#core/ingest-message.ts';
import type { Agent, Channel, Conversation, Customer, Interaction, WorkItem } from '#core/model.ts';
import type { Clock, ConversationStore, CustomerStore, WorkItemStore } from '#core/ports.ts';
import { timelineOwners } from '#core/resolution.ts';
import type { WaitEstimate } from '#core/routing/index.ts';
import { WEB_CALL_INITIATION, type WebCall, webCallSightings } from '#core/web-calls.ts';
import { logger } from '#shared/observability.ts';
import type { TimelinePage, TimelineQuery } from '#store/timeline-repo.ts';
import { phoneNumber } from './events.ts';
import { ALWAYS_OPEN, type OpeningAttributes, openingAttributes } from './flow-opening.ts';
import { type ContactFlowEvent, ContactFlowEventSchema } from './schemas.ts';

/**
 * The flat string map a contact flow reads as `$.External.<key>`. `priority` is Connect's routing
 * priority (1 is served first, 5 is Connect's default); `queueHint` names a OneThread queue.
 */
export interface FlowAnswer extends Record<string, string>, OpeningAttributes {
  customerId: string;
  customerName: string;
  knownCustomer: 'true' | 'false';
  openConversationId: string;
  lastChannel: string;
  lastContactSummary: string;
  preferredAgentId: string;
  /** The caller's open work item (chat, email, social): the call joins it. */
  openWorkItemId: string;
  /** The OneThread agent the open item is assigned to, and their user id in Connect when known. */
  holdingAgentId: string;
  holdingConnectAgentId: string;
  /** `true` when the flow should try the holding agent's own queue in Connect first. */
  toHoldingAgent: 'true' | 'false';
  /** The caller's place in line (1 is next; 0 once an agent has their item), for a prompt. */
  position: string;
  /** Seconds the caller should expect to wait, whole; empty when nobody who could answer is in. */
  estimatedWaitSeconds: string;
  /** The same, in whole minutes rounded up (at least 1 while waiting), for a spoken prompt. */
  estimatedWaitMinutes: string;
  priority: string;
  queueHint: string;
  /** `ok`; `anonymous` when the caller's number is withheld or unusable; `error` for safe defaults. */
  lookupStatus: 'ok' | 'anonymous' | 'error';
}

export interface FlowLookupDeps {
  customers: CustomerStore;
  conversations: Pick<ConversationStore, 'get'>;
  timeline: { query(owners: readonly string[], query: TimelineQuery): Promise<TimelinePage> };
  workItems: Pick<WorkItemStore, 'get'>;
  ingestQueue: { send(message: IngestQueueMessageInput): Promise<void> };
  clock: Clock;
  policy: ConversationPolicy;
  routingRules: RoutingRules;
  defaultCountry: string;
  connect: ConnectConfig;
  /** In-app and web calls we started, by our id (the contact's `onethreadWebCallId`). */
  webCalls?: { get(webCallId: string): Promise<WebCall | undefined> } | undefined;
  /** Agents' definitions: whose user in Connect holds the caller's open item. */
  agents?: { get(agentId: string): Promise<Agent | undefined> } | undefined;
  /** The wait board of the partition routing a queue: places in line and estimated waits. */
  waits?: { forQueue(queueId: string): WaitReader } | undefined;
  /** The callbacks we placed, by contact id: an outbound flow's lookup finds whom they are for. */
  placedCalls?: PlacedCalls | undefined;
  /** Each queue's business hours (`PUT /queues/{queueId}`); without them every queue is open. */
  hours?: { get(queueId: string): Promise<BusinessHours | undefined> } | undefined;
}

export interface WaitReader {
  read(workItemId: string): Promise<WaitEstimate | undefined>;
  readNewcomer(queueId: string, channel: Channel): Promise<WaitEstimate | undefined>;
}

export const NORMAL_PRIORITY = '5';
export const RAISED_PRIORITY = '2';
const HISTORY_LIMIT = 25;
const SUMMARY_LENGTH = 120;

/** What the flow gets when nothing is known: it routes the call as any other. */
export function safeDefaults(rules: RoutingRules, lookupStatus: FlowAnswer['lookupStatus']): FlowAnswer {
  return {
    customerId: '',
    customerName: '',
    knownCustomer: 'false',
    openConversationId: '',
    lastChannel: '',
    lastContactSummary: '',
    preferredAgentId: '',
    openWorkItemId: '',
    holdingAgentId: '',
    holdingConnectAgentId: '',
    toHoldingAgent: 'false',
    position: '',
    estimatedWaitSeconds: '',
    estimatedWaitMinutes: '',
    priority: NORMAL_PRIORITY,
    queueHint: rules.defaultQueue,
    ...ALWAYS_OPEN,
    lookupStatus,
  };
}

/**
 * Who is calling, before an agent answers: finds the customer by the caller's number (an unknown
 * caller becomes a new customer, so everything after joins one timeline), reports the call to the
 * ingest queue, and sums up what an agent and the flow's routing need. Never throws and never
 * takes longer than the budget: on any failure the flow gets safe defaults.
 */
export async function answerContactFlow(raw: unknown, deps: FlowLookupDeps): Promise<FlowAnswer> {
  let timer: NodeJS.Timeout | undefined;
  const budget = new Promise<FlowAnswer>((done) => {
    timer = setTimeout(() => done(safeDefaults(deps.routingRules, 'error')), deps.connect.lookupBudgetMs);
  });
  const lookup = lookupCaller(raw, deps).catch((error: unknown) => {
    logger.warn('contact flow lookup failed; answering safe defaults', {
      error: (error as Error).name,
      reason: (error as Error).message,
    });
    return safeDefaults(deps.routingRules, 'error');
  });
  try {
    return await Promise.race([lookup, budget]);
  } finally {
    clearTimeout(timer);
  }
}

async function lookupCaller(raw: unknown, deps: FlowLookupDeps): Promise<FlowAnswer> {
  const event = ContactFlowEventSchema.parse(raw);
  const contact = event.Details.ContactData;
  if (deps.connect.instanceArn && contact.InstanceARN && contact.InstanceARN !== deps.connect.instanceArn) {
    throw new Error('contact of another Connect instance');
  }
  if (contact.InitiationMethod?.toUpperCase() === WEB_CALL_INITIATION) return lookupWebCaller(event, deps);
  const number = phoneNumber(
    { address: contact.CustomerEndpoint?.Address, type: contact.CustomerEndpoint?.Type },
    deps.defaultCountry,
  );
  const dialled = phoneNumber(
    { address: contact.SystemEndpoint?.Address, type: contact.SystemEndpoint?.Type },
    deps.defaultCountry,
  );
  const placed = await placedCallOf(contact, deps);
  if (placed) return lookupPlacedCall(event, placed, deps);
  if (!number) return anonymousAnswer(dialled, deps);
  const now = deps.clock.now();
  const verified = callerVerified(event);
  const report = flowReport(event, number, dialled, now, verified);
  const sightings = callerSightings(contact.InitialContactId ?? contact.ContactId, number, verified);
  return reportingCall(report, deps, async () => {
    const customer = await deps.customers.resolve(sightings, {
      at: now.toISOString(),
      channel: 'voice',
      sourceInteractionId: callInteractionId(contact.ContactId),
    });
    return summarize(customer, contact.ContactId, dialled, deps);
  });
}

/**
 * Answers the flow and reports the call, linked to the conversation and open work item the
 * answer names, so the call is recorded on the caller's open issue. The report is best effort:
 * contact events describe the call as well, and a queue hiccup must not cost the caller their
 * screen pop. A failed lookup still reports the call, unlinked.
 */
async function reportingCall(
  report: CallEventMessage,
  deps: FlowLookupDeps,
  answer: () => Promise<FlowAnswer>,
): Promise<FlowAnswer> {
  const send = (message: CallEventMessage) => deps.ingestQueue.send(message).catch(() => undefined);
  let answered: FlowAnswer;
  try {
    answered = await answer();
  } catch (error) {
    await send(report);
    throw error;
  }
  const links: Partial<CallEvent> = { routingQueueId: answered.queueHint };
  if (answered.openConversationId) links.conversationId = answered.openConversationId;
  if (answered.openWorkItemId) links.workItemId = answered.openWorkItemId;
  await send({ ...report, event: { ...report.event, ...links } });
  return answered;
}

/** Our record of a callback we placed, for an outbound contact's lookup (the outbound flow's). */
async function placedCallOf(
  contact: ContactFlowEvent['Details']['ContactData'],
  deps: FlowLookupDeps,
): Promise<PlacedCall | undefined> {
  if (!deps.placedCalls || callDirection(contact.InitiationMethod ?? undefined) !== 'outbound')
    return undefined;
  return deps.placedCalls.byContact(contact.ContactId);
}

/**
 * A callback we placed is about the customer and conversation it was asked for, whoever else has
 * the dialled number (it may be one typed for this callback only): the answer names them, and the
 * report's links follow our record when ingested.
 */
async function lookupPlacedCall(
  event: ContactFlowEvent,
  placed: PlacedCall,
  deps: FlowLookupDeps,
): Promise<FlowAnswer> {
  const contact = event.Details.ContactData;
  const customer = await deps.customers.get(placed.customerId);
  if (!customer) return safeDefaults(deps.routingRules, 'error');
  const number = phoneNumber(
    { address: contact.CustomerEndpoint?.Address, type: contact.CustomerEndpoint?.Type },
    deps.defaultCountry,
  );
  const report = flowReport(event, number, undefined, deps.clock.now(), false);
  return reportingCall(report, deps, () =>
    summarize(customer, contact.ContactId, undefined, deps, placed.conversationId),
  );
}

/** A caller whose number is withheld: nothing about them, but the dialled queue and its hours. */
async function anonymousAnswer(dialled: string | undefined, deps: FlowLookupDeps): Promise<FlowAnswer> {
  const { queueId } = queueForEntryPoint(deps.routingRules, 'voice', dialled);
  const hours = await deps.hours?.get(queueId);
  return {
    ...safeDefaults(deps.routingRules, 'anonymous'),
    queueHint: queueId,
    ...openingAttributes(hours, deps.clock.now().getTime()),
  };
}

/**
 * An in-app or web call: the caller is whom our record of the call says the chat session proved.
 * The attributes only point at the record; a contact whose attributes disagree with it, or that
 * names no record of ours, is treated as anonymous.
 */
async function lookupWebCaller(event: ContactFlowEvent, deps: FlowLookupDeps): Promise<FlowAnswer> {
  const contact = event.Details.ContactData;
  const attributes = contact.Attributes ?? {};
  const webCallId = attributes.onethreadWebCallId;
  const call = webCallId ? await deps.webCalls?.get(webCallId) : undefined;
  const matches =
    call &&
    attributes.onethreadIdentity === call.identity &&
    (!call.contactId || call.contactId === contact.ContactId);
  if (!call || !matches) return safeDefaults(deps.routingRules, 'anonymous');
  const now = deps.clock.now();
  const report: CallEvent = {
    eventId: `flow:${contact.ContactId}`,
    type: 'CONTACT_FLOW',
    at: now.toISOString(),
    initiationMethod: WEB_CALL_INITIATION,
    media: call.media,
    initialContactId: contact.InitialContactId ?? contact.ContactId,
  };
  if (contact.InstanceARN) report.instanceArn = contact.InstanceARN;
  const message: CallEventMessage = {
    type: 'call',
    channel: 'voice',
    contactId: contact.ContactId,
    event: report,
  };
  return reportingCall(message, deps, async () => {
    const customer = await deps.customers.resolve(
      webCallSightings(contact.InitialContactId ?? contact.ContactId, call),
      { at: now.toISOString(), channel: 'voice', sourceInteractionId: callInteractionId(contact.ContactId) },
    );
    return summarize(customer, contact.ContactId, undefined, deps, call.conversationId);
  });
}

/**
 * Connect vouches for the caller only when the flow says so: an authentication step (Voice ID,
 * a PIN checked by the company's backend) sets `callerVerified` to `true` as a contact attribute
 * or a parameter of this function. A bare caller id can be spoofed.
 */
function callerVerified(event: ContactFlowEvent): boolean {
  const { Parameters, ContactData } = event.Details;
  return Parameters?.callerVerified === 'true' || ContactData.Attributes?.callerVerified === 'true';
}

function flowReport(
  event: ContactFlowEvent,
  number: string | undefined,
  dialled: string | undefined,
  now: Date,
  verified: boolean,
): CallEventMessage {
  const contact = event.Details.ContactData;
  const report: CallEvent = {
    eventId: `flow:${contact.ContactId}`,
    type: 'CONTACT_FLOW',
    at: now.toISOString(),
    callerVerified: verified,
  };
  if (number) report.customerNumber = number;
  if (dialled) report.systemNumber = dialled;
  if (contact.InitialContactId) report.initialContactId = contact.InitialContactId;
  if (contact.PreviousContactId) report.previousContactId = contact.PreviousContactId;
  if (contact.InstanceARN) report.instanceArn = contact.InstanceARN;
  if (contact.InitiationMethod) report.initiationMethod = contact.InitiationMethod.toUpperCase();
  if (contact.Queue?.ARN) report.queueArn = contact.Queue.ARN;
  if (contact.Queue?.Name) report.queueName = contact.Queue.Name;
  return { type: 'call', channel: 'voice', contactId: contact.ContactId, event: report };
}

async function summarize(
  customer: Customer,
  contactId: string,
  dialled: string | undefined,
  deps: FlowLookupDeps,
  /** The conversation the call was started from (a web call's chat), when still the customer's. */
  preferredConversationId?: string | undefined,
): Promise<FlowAnswer> {
  const now = deps.clock.now();
  const conversationId = preferredConversationId || customer.lastConversationId;
  const [page, latest] = await Promise.all([
    deps.timeline.query(timelineOwners(customer), { limit: HISTORY_LIMIT }),
    conversationId ? deps.conversations.get(conversationId) : undefined,
  ]);
  const history = page.items.filter(
    (item) => item.kind !== 'merge' && item.call?.contactId !== contactId && !isSameCall(item, contactId),
  );
  const theirs =
    latest && (latest.customerId === customer.customerId || customer.mergedFrom.includes(latest.customerId));
  const open: Conversation | undefined =
    latest && theirs && isConversationOpen(latest, now, deps.policy) ? latest : undefined;
  const stored = open?.openWorkItemId ? await deps.workItems.get(open.openWorkItemId) : undefined;
  const workItem = stored && stored.state !== 'wrapped' ? stored : undefined;
  const queueHint = workItem?.queueId ?? queueForEntryPoint(deps.routingRules, 'voice', dialled).queueId;
  const [holding, wait, hours] = await Promise.all([
    holdingAgent(workItem, deps),
    waitFor(workItem, queueHint, deps),
    deps.hours?.get(queueHint),
  ]);
  const last = history[0];
  const recentSince = now.getTime() - deps.connect.recentContactHours * 3600 * 1000;
  const otherChannelLately = history.some(
    (item) => item.channel !== 'voice' && item.direction === 'inbound' && Date.parse(item.at) >= recentSince,
  );
  const answeredCall = history.find((item) => item.call?.agentId);
  return {
    customerId: customer.customerId,
    customerName: customer.name ?? '',
    knownCustomer: history.length > 0 ? 'true' : 'false',
    openConversationId: open?.conversationId ?? '',
    lastChannel: last?.channel ?? '',
    lastContactSummary: last ? summaryOf(last) : '',
    preferredAgentId: holding.connectAgentId || (answeredCall?.call?.agentId ?? ''),
    openWorkItemId: workItem?.workItemId ?? '',
    holdingAgentId: holding.agentId,
    holdingConnectAgentId: holding.connectAgentId,
    toHoldingAgent: holding.connectAgentId ? 'true' : 'false',
    ...waitAttributes(wait),
    priority: otherChannelLately ? RAISED_PRIORITY : NORMAL_PRIORITY,
    queueHint,
    ...openingAttributes(hours, now.getTime()),
    lookupStatus: 'ok',
  };
}

/** The place and wait as flow attributes: empty when unknown, minutes for a spoken prompt. */
function waitAttributes(
  wait: WaitEstimate | undefined,
): Pick<FlowAnswer, 'position' | 'estimatedWaitSeconds' | 'estimatedWaitMinutes'> {
  const seconds = wait?.estimatedWaitSeconds;
  const minutes = seconds === undefined ? '' : String(seconds > 0 ? Math.max(1, Math.ceil(seconds / 60)) : 0);
  return {
    position: wait?.position === undefined ? '' : String(wait.position),
    estimatedWaitSeconds: seconds === undefined ? '' : String(Math.round(seconds)),
    estimatedWaitMinutes: minutes,
  };
}

/** The agent an open item is assigned to, and who they are in Connect (when their definition says). */
async function holdingAgent(
  item: WorkItem | undefined,
  deps: FlowLookupDeps,
): Promise<{ agentId: string; connectAgentId: string }> {
  if (item?.state !== 'assigned' || !item.agentId) return { agentId: '', connectAgentId: '' };
  const agent = await deps.agents?.get(item.agentId);
  return { agentId: item.agentId, connectAgentId: agent?.connectAgentId ?? '' };
}

/**
 * The caller's place and wait: their open item's on the wait board, else what a newcomer to the
 * queue the call is for would be told. Undefined when the board has no figure yet.
 */
async function waitFor(
  item: WorkItem | undefined,
  queueId: string,
  deps: FlowLookupDeps,
): Promise<WaitEstimate | undefined> {
  if (!deps.waits) return undefined;
  if (item?.state === 'assigned' || item?.state === 'connect')
    return { state: 'assigned', position: 0, estimatedWaitSeconds: 0 };
  const board = deps.waits.forQueue(queueId);
  return item ? board.read(item.workItemId) : board.readNewcomer(queueId, 'voice');
}

function isSameCall(item: Interaction, contactId: string): boolean {
  return item.channel === 'voice' && item.providerMessageId === contactId;
}

/** A short, single-line account of an interaction, for a flow prompt or an agent's screen. */
export function summaryOf(item: Interaction): string {
  const text = item.call ? describeCall(item.call, item.direction) : (item.subject ?? item.text ?? '');
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > SUMMARY_LENGTH ? `${line.slice(0, SUMMARY_LENGTH - 1)}…` : line;
}
