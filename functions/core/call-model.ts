import * as z from 'zod';

const isoTime = z.iso.datetime({ offset: true });

/**
 * What happened to a call, in Amazon Connect's words. `CONTACT_FLOW` is our own: the contact
 * flow asked who is calling, which is how the caller's number reaches the timeline.
 */
export const CallEventTypeSchema = z.enum([
  'INITIATED',
  'CONNECTED_TO_SYSTEM',
  'CONTACT_FLOW',
  'QUEUED',
  'CONNECTED_TO_AGENT',
  'DISCONNECTED',
  'COMPLETED',
]);
export type CallEventType = z.infer<typeof CallEventTypeSchema>;

/** One report about a call, with the timestamp that matters for its type. */
export const CallEventSchema = z.object({
  /** The EventBridge event id (or `flow:<contactId>`): a report seen twice counts once. */
  eventId: z.string().min(1).max(256),
  type: CallEventTypeSchema,
  at: isoTime,
  initialContactId: z.string().max(256).optional(),
  previousContactId: z.string().max(256).optional(),
  instanceArn: z.string().max(2048).optional(),
  /** Connect's `InitiationMethod` (`INBOUND`, `OUTBOUND`, `CALLBACK`, `API`, …). */
  initiationMethod: z.string().max(64).optional(),
  initiatedAt: isoTime.optional(),
  queueArn: z.string().max(2048).optional(),
  queueName: z.string().max(256).optional(),
  enqueuedAt: isoTime.optional(),
  agentArn: z.string().max(2048).optional(),
  connectedToAgentAt: isoTime.optional(),
  disconnectedAt: isoTime.optional(),
  disconnectReason: z.string().max(128).optional(),
  /** The caller's number (E.164) when the report carries it. */
  customerNumber: z.string().max(64).optional(),
  /**
   * True when the contact flow proved the caller is who the number says (a Voice ID or PIN check
   * that set the `callerVerified` attribute); otherwise the number is only a claim.
   */
  callerVerified: z.boolean().optional(),
  /** The number that was dialled (ours on an inbound call). */
  systemNumber: z.string().max(64).optional(),
  /** An in-app or web call: whether the customer asked for video (phone calls have none). */
  media: z.enum(['audio', 'video']).optional(),
  /**
   * Our own flow lookup's report only: the conversation the call belongs in and the open work
   * item it joins (the caller's open issue), so the call is recorded on that item.
   */
  conversationId: z.string().max(256).optional(),
  workItemId: z.string().max(256).optional(),
  /** Our own flow lookup's report only: the OneThread queue the call is for (the answer's `queueHint`). */
  routingQueueId: z.string().max(256).optional(),
});
export type CallEvent = z.infer<typeof CallEventSchema>;

/** Where a call is in its life; it only moves forward. */
export const CallStateSchema = z.enum(['initiated', 'in-flow', 'queued', 'connected', 'ended', 'completed']);
export type CallState = z.infer<typeof CallStateSchema>;

/**
 * A phone call on the timeline: one per Connect contact id, derived from every distinct report
 * about it, so reports arriving late, twice or out of order give the same call.
 */
export const CallSchema = z.object({
  contactId: z.string().min(1).max(256),
  initialContactId: z.string().optional(),
  previousContactId: z.string().optional(),
  instanceArn: z.string().optional(),
  state: CallStateSchema,
  initiationMethod: z.string().optional(),
  startedAt: isoTime.optional(),
  queueArn: z.string().optional(),
  queueId: z.string().optional(),
  queueName: z.string().optional(),
  enqueuedAt: isoTime.optional(),
  agentArn: z.string().optional(),
  agentId: z.string().optional(),
  connectedToAgentAt: isoTime.optional(),
  endedAt: isoTime.optional(),
  /** Whole seconds from the start of the call to its end. */
  durationSeconds: z.number().int().nonnegative().optional(),
  /** Whole seconds from entering the queue to reaching an agent. */
  waitSeconds: z.number().int().nonnegative().optional(),
  disconnectReason: z.string().optional(),
  customerNumber: z.string().optional(),
  systemNumber: z.string().optional(),
  /** In-app and web calls only: `audio` or `video`, so the console can tell them from phone calls. */
  media: z.enum(['audio', 'video']).optional(),
  /** The open work item the call joined: the customer's issue it is part of. */
  workItemId: z.string().optional(),
  /** The OneThread queue the call is for, whose figures count its wait. */
  routingQueueId: z.string().optional(),
  /** Every distinct report, in time order. */
  events: z.array(CallEventSchema),
});
export type Call = z.infer<typeof CallSchema>;
