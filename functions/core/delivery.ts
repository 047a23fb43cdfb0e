import { derivedId } from './ids.ts';
import type { DeliveryStatusMessage, ReadWatermarkMessage } from './ingest-message.ts';
import type { DeliveryEvent, DeliveryStatus, Interaction } from './model.ts';
import { ConcurrentUpdateError, type CustomerStore, type TimelineStore } from './ports.ts';
import { timelineOwners } from './resolution.ts';

/** What an outbound interaction knows about its delivery. */
export interface DeliveryState {
  status?: DeliveryStatus | undefined;
  reason?: string | undefined;
  history: DeliveryEvent[];
}

const RANK: Record<Exclude<DeliveryStatus, 'failed'>, number> = {
  accepted: 0,
  sent: 1,
  delivered: 2,
  read: 3,
};

/** Distinct reports kept per message; providers send a handful, this only bounds a runaway. */
export const MAX_DELIVERY_HISTORY = 50;

const MAX_ATTEMPTS = 5;

export function deliveryState(interaction: Interaction): DeliveryState {
  return {
    status: interaction.deliveryStatus,
    reason: interaction.deliveryReason,
    history: interaction.deliveryHistory ?? [],
  };
}

/**
 * Folds one status report into the state. Reports arrive out of order, so the status only moves
 * forward (a late `sent` never undoes `read`); `failed` is final and keeps the first reason given.
 * Every distinct report is kept in the history, in time order.
 */
export function mergeDelivery(current: DeliveryState, event: DeliveryEvent): DeliveryState {
  const seen = current.history.some(
    (e) => e.status === event.status && e.at === event.at && e.code === event.code,
  );
  const history =
    seen || current.history.length >= MAX_DELIVERY_HISTORY
      ? current.history
      : [...current.history, event].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  if (current.status === 'failed') return { ...current, history };
  if (event.status === 'failed') {
    return { status: 'failed', reason: failureReason(event), history };
  }
  const status =
    current.status === undefined || RANK[event.status] > RANK[current.status] ? event.status : current.status;
  return { status, reason: current.reason, history };
}

/** The delivery fields of a just-sent outbound interaction, from the provider's first answer. */
export function initialDelivery(event: DeliveryEvent | undefined): Partial<Interaction> {
  if (!event) return {};
  const state = mergeDelivery({ history: [] }, event);
  return { deliveryStatus: state.status, deliveryReason: state.reason, deliveryHistory: state.history };
}

function failureReason(event: DeliveryEvent): string {
  if (event.reason) return event.reason;
  return event.code ? `provider error ${event.code}` : 'the provider reported the message as failed';
}

export interface DeliveryDeps {
  timeline: TimelineStore;
}

export type DeliveryOutcome = 'updated' | 'unchanged' | 'held';

/**
 * Applies a provider's status report to the outbound interaction it is about. A report that
 * arrives before its message is recorded (the provider can be faster than our own write) is
 * held and applied when the message is recorded.
 */
export async function ingestDeliveryStatus(
  message: DeliveryStatusMessage,
  deps: DeliveryDeps,
): Promise<{ interactionId: string; outcome: DeliveryOutcome }> {
  const interactionId = derivedId('int', message.channel, message.providerMessageId);
  const event: DeliveryEvent = {
    status: message.status,
    at: message.at,
    code: message.code,
    reason: message.reason,
  };
  const outcome = await applyDelivery(interactionId, event, deps);
  if (outcome !== 'missing') return { interactionId, outcome };
  await deps.timeline.holdDelivery(interactionId, event);
  // The message may have been recorded between the first look and the hold, after its writer
  // collected the held reports: look once more so the report is not left behind.
  const late = await applyDelivery(interactionId, event, deps);
  return { interactionId, outcome: late === 'missing' ? 'held' : late };
}

/**
 * How far back a read watermark looks: a customer reads a conversation's latest messages, and
 * any older one still unread is marked by the receipt of the next time they read.
 */
export const READ_WATERMARK_REACH = 50;

/**
 * Applies a read watermark: every message we sent the customer on the channel up to `upTo`
 * becomes read (at the time they read it). A customer we do not know has nothing to mark.
 */
export async function ingestReadWatermark(
  message: ReadWatermarkMessage,
  deps: DeliveryDeps & { customers: Pick<CustomerStore, 'findByIdentity'> },
): Promise<{ read: number }> {
  const customer = await deps.customers.findByIdentity(message.identity);
  if (!customer) return { read: 0 };
  const recent = await deps.timeline.recent(timelineOwners(customer), message.channel, READ_WATERMARK_REACH);
  const upTo = Date.parse(message.upTo);
  const unread = recent.filter(
    (i) =>
      i.direction === 'outbound' &&
      Date.parse(i.at) <= upTo &&
      i.deliveryStatus !== 'read' &&
      i.deliveryStatus !== 'failed',
  );
  let read = 0;
  for (const interaction of unread) {
    const outcome = await applyDelivery(interaction.interactionId, { status: 'read', at: message.at }, deps);
    if (outcome === 'updated') read += 1;
  }
  return { read };
}

/** Applies the reports held for a message that has just been recorded. */
export async function applyHeldDeliveries(interactionId: string, deps: DeliveryDeps): Promise<void> {
  for (const event of await deps.timeline.heldDeliveries(interactionId)) {
    await applyDelivery(interactionId, event, deps);
  }
}

/** Read, merge, write conditionally on what was read; again when another report won the race. */
export async function applyDelivery(
  interactionId: string,
  event: DeliveryEvent,
  deps: DeliveryDeps,
): Promise<'updated' | 'unchanged' | 'missing'> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const interaction = await deps.timeline.get(interactionId);
    if (!interaction) return 'missing';
    // A status is about a message we sent; it never changes what a customer wrote.
    if (interaction.direction !== 'outbound') return 'unchanged';
    const current = deliveryState(interaction);
    const next = mergeDelivery(current, event);
    if (next.status === current.status && next.history.length === current.history.length) return 'unchanged';
    if (await deps.timeline.setDelivery(interactionId, next, current.history.length)) return 'updated';
  }
  throw new ConcurrentUpdateError(`delivery status of ${interactionId}`);
}
