import * as z from 'zod';
import { AgentSchema, AgentStatusSchema, WorkItemSchema } from '../model.ts';
import { QueueSchema } from './queue.ts';

const isoTime = z.iso.datetime({ offset: true });

/** What the engine needs of a work item to route it; a stored `WorkItem` satisfies it. */
export const RoutableItemSchema = WorkItemSchema.pick({
  workItemId: true,
  conversationId: true,
  customerId: true,
  channel: true,
  queueId: true,
  priority: true,
  enqueuedAt: true,
  language: true,
}).extend({
  routingStep: z.number().int().nonnegative().default(0),
  /** When the item entered its current queue; steps count from here. Defaults to `enqueuedAt`. */
  queueEnteredAt: isoTime.optional(),
  /** The customer's last agent, for stickiness; the engine also remembers this itself. */
  previousAgent: z.object({ agentId: z.string(), at: isoTime }).optional(),
});
export type RoutableItem = z.input<typeof RoutableItemSchema>;

/**
 * A work item as the engine holds it: restorable with `createRoutingState`. `connect`: handed to
 * Amazon Connect as a task; it stays open here until the task ends, and no agent of ours holds it.
 */
export const RoutingItemSchema = RoutableItemSchema.extend({
  state: z.enum(['queued', 'offered', 'assigned', 'connect']),
  agentId: z.string().optional(),
  offerId: z.string().optional(),
  /** Set while the item waits for one named agent after a transfer. */
  targetAgentId: z.string().optional(),
});
export type RoutingItem = z.infer<typeof RoutingItemSchema>;

export const TransferTargetSchema = z.union([
  z.object({ queueId: z.string().min(1) }),
  z.object({ agentId: z.string().min(1) }),
]);
export type TransferTarget = z.infer<typeof TransferTargetSchema>;

export const StepTimerEventSchema = z.object({
  type: z.literal('stepTimerExpired'),
  workItemId: z.string(),
  queueId: z.string(),
  step: z.number().int().nonnegative(),
});
export const OfferExpiredEventSchema = z.object({ type: z.literal('offerExpired'), offerId: z.string() });
export const ReassignTimerEventSchema = z.object({
  type: z.literal('reassignTimerExpired'),
  workItemId: z.string(),
  agentId: z.string(),
});
export const RetryTimerEventSchema = z.object({
  type: z.literal('retryTimerExpired'),
  workItemId: z.string(),
});
/** A queue with hours opens or closes about now (the engine checks the time itself). */
export const HoursTimerEventSchema = z.object({
  type: z.literal('hoursTimerExpired'),
  queueId: z.string(),
  at: z.number(),
});
/** Whether a waiting customer is still there: after a page went away, or after their queue's inactivity time. */
/** An agent's after-contact work time ran out; `until` tells a stale timer from the current one. */
export const WrapUpTimerEventSchema = z.object({
  type: z.literal('wrapUpExpired'),
  agentId: z.string(),
  until: z.number(),
});
export const PresenceTimerEventSchema = z.object({
  type: z.literal('presenceTimerExpired'),
  workItemId: z.string(),
  why: z.enum(['left', 'inactive']),
});
/**
 * Matches every free agent against waiting work (e.g. after restoring state) and catches up on
 * overdue offers and steps whose timers were lost; sent every minute.
 */
export const SweepEventSchema = z.object({ type: z.literal('sweep') });
/** Events the engine asks to receive later (through SQS delay, EventBridge Scheduler or a test clock). */
export const TimerEventSchema = z.discriminatedUnion('type', [
  StepTimerEventSchema,
  OfferExpiredEventSchema,
  ReassignTimerEventSchema,
  RetryTimerEventSchema,
  HoursTimerEventSchema,
  PresenceTimerEventSchema,
  WrapUpTimerEventSchema,
]);
export type TimerEvent = z.infer<typeof TimerEventSchema>;

/** Everything that wakes the engine. Parse at the edge; `route` trusts its input. */
export const RoutingEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('itemEnqueued'), item: RoutableItemSchema }),
  StepTimerEventSchema,
  OfferExpiredEventSchema,
  ReassignTimerEventSchema,
  RetryTimerEventSchema,
  HoursTimerEventSchema,
  PresenceTimerEventSchema,
  WrapUpTimerEventSchema,
  /** A waiting customer is still there (a chat visitor's widget reported in). */
  z.object({ type: z.literal('customerSeen'), workItemId: z.string() }),
  /** A waiting customer's page went away: gone unless seen again within the grace period. */
  z.object({ type: z.literal('customerLeft'), workItemId: z.string() }),
  /** `agentId`, when given, must be the agent the offer went to. */
  z.object({ type: z.literal('offerAccepted'), offerId: z.string(), agentId: z.string().optional() }),
  z.object({ type: z.literal('offerDeclined'), offerId: z.string(), agentId: z.string().optional() }),
  z.object({
    type: z.literal('workCompleted'),
    workItemId: z.string(),
    /** One of the queue's dispositions: what came of the contact. */
    disposition: z.string().min(1).max(64).optional(),
  }),
  /** The customer left before being served (hung up, closed the chat). */
  z.object({ type: z.literal('itemAbandoned'), workItemId: z.string() }),
  /**
   * A call Amazon Connect routed, that is no work item of ours, stopped waiting in a queue: an agent
   * answered or the caller hung up. It counts in the queue's service level like any contact.
   */
  z.object({
    type: z.literal('callWaitEnded'),
    queueId: z.string(),
    outcome: z.enum(['answered', 'abandoned']),
    enqueuedAt: z.iso.datetime({ offset: true }),
    endedAt: z.iso.datetime({ offset: true }),
  }),
  /** The Amazon Connect task of an item handed to Connect was completed or disconnected. */
  z.object({ type: z.literal('connectTaskEnded'), workItemId: z.string() }),
  z.object({ type: z.literal('transferRequested'), workItemId: z.string(), to: TransferTargetSchema }),
  z.object({ type: z.literal('agentUpserted'), agent: AgentSchema }),
  z.object({
    type: z.literal('agentStatusChanged'),
    agentId: z.string(),
    status: AgentStatusSchema,
    /** Only with `away`: one of the floor's `awayReasons`. */
    reason: z.string().min(1).max(64).optional(),
  }),
  z.object({ type: z.literal('queueUpserted'), queue: QueueSchema }),
  SweepEventSchema,
]);
export type RoutingEvent = z.input<typeof RoutingEventSchema>;
export type RoutingEventType = RoutingEvent['type'];
