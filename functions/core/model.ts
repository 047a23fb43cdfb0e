import { z } from 'zod';

/** Every channel a customer can reach the company on. */
export const ChannelSchema = z.enum([
  'chat',
  'email',
  'voice',
  'sms',
  'whatsapp',
  'messenger',
  'instagram',
  'x',
]);
export type Channel = z.infer<typeof ChannelSchema>;

/**
 * Kinds of identity keys. WhatsApp and SMS numbers are `phone` identities: the channel says how
 * the customer wrote, the identity says who they are.
 */
export const IdentityKindSchema = z.enum(['email', 'phone', 'messenger', 'instagram', 'x', 'chat']);
export type IdentityKind = z.infer<typeof IdentityKindSchema>;

/** A normalised identity key such as `email:ana@example.com` or `phone:+14155550100`. */
export const IdentityKeySchema = z.string().regex(/^(email|phone|messenger|instagram|x|chat):.+$/);
export type IdentityKey = z.infer<typeof IdentityKeySchema>;

const isoTime = z.iso.datetime({ offset: true });

export const CustomerSchema = z.object({
  customerId: z.string(),
  name: z.string().optional(),
  identities: z.array(IdentityKeySchema),
  createdAt: isoTime,
  updatedAt: isoTime,
  /** Set when this customer was merged into another; reads follow it to the survivor. */
  mergedInto: z.string().optional(),
  /** Every customer id (transitively) merged into this one; their timelines read as one. */
  mergedFrom: z.array(z.string()).default([]),
  /** The conversation that most recently saw activity, for joining new interactions. */
  lastConversationId: z.string().optional(),
  version: z.number().int().nonnegative(),
});
export type Customer = z.infer<typeof CustomerSchema>;

export const DirectionSchema = z.enum(['inbound', 'outbound', 'internal']);
export type Direction = z.infer<typeof DirectionSchema>;

export const AttachmentSchema = z.object({
  ref: z.string(),
  name: z.string().optional(),
  contentType: z.string().optional(),
  size: z.number().int().nonnegative().optional(),
});
export type Attachment = z.infer<typeof AttachmentSchema>;

/** Why two customers were merged: the identity both of them were seen with. */
export const MergeEvidenceSchema = z.object({
  identity: IdentityKeySchema,
  absorbedCustomerId: z.string(),
  survivingCustomerId: z.string(),
  interactionId: z.string().optional(),
});
export type MergeEvidence = z.infer<typeof MergeEvidenceSchema>;

/** One message, call or event on a channel; immutable once written. */
export const InteractionSchema = z.object({
  interactionId: z.string(),
  customerId: z.string(),
  /** Absent only on customer-level entries such as a merge. */
  conversationId: z.string().optional(),
  channel: ChannelSchema,
  direction: DirectionSchema,
  kind: z.enum(['message', 'merge']),
  at: isoTime,
  providerMessageId: z.string(),
  text: z.string().optional(),
  subject: z.string().optional(),
  threadKey: z.string().optional(),
  attachments: z.array(AttachmentSchema).default([]),
  merge: MergeEvidenceSchema.optional(),
  recordedAt: isoTime,
});
export type Interaction = z.infer<typeof InteractionSchema>;

export const ConversationSchema = z.object({
  conversationId: z.string(),
  customerId: z.string(),
  startedAt: isoTime,
  lastActivityAt: isoTime,
  channels: z.array(ChannelSchema),
  openWorkItemId: z.string().optional(),
});
export type Conversation = z.infer<typeof ConversationSchema>;

export const WorkItemStateSchema = z.enum(['queued', 'offered', 'assigned', 'wrapped']);
export type WorkItemState = z.infer<typeof WorkItemStateSchema>;

/** Skill name → proficiency 1 (basic) to 5 (expert). */
export const SkillsSchema = z.record(z.string().min(1), z.number().int().min(1).max(5));
export type Skills = z.infer<typeof SkillsSchema>;

/** The routable unit: a conversation that needs an agent. */
export const WorkItemSchema = z.object({
  workItemId: z.string(),
  conversationId: z.string(),
  customerId: z.string(),
  channel: ChannelSchema,
  queueId: z.string(),
  priority: z.number().int().min(0).max(10),
  state: WorkItemStateSchema,
  enqueuedAt: isoTime,
  routingStep: z.number().int().nonnegative(),
  agentId: z.string().optional(),
  createdFromInteractionId: z.string(),
});
export type WorkItem = z.infer<typeof WorkItemSchema>;

export const AgentStatusSchema = z.enum(['available', 'away', 'offline']);
export type AgentStatus = z.infer<typeof AgentStatusSchema>;

/** Capacity groups: social channels and SMS share the `social`/`sms` groups. */
export const CapacityGroupSchema = z.enum(['voice', 'chat', 'email', 'sms', 'social']);
export type CapacityGroup = z.infer<typeof CapacityGroupSchema>;

export const AgentSchema = z.object({
  agentId: z.string(),
  name: z.string(),
  skills: SkillsSchema,
  capacity: z.partialRecord(CapacityGroupSchema, z.number().int().nonnegative()),
  status: AgentStatusSchema,
  load: z.partialRecord(CapacityGroupSchema, z.number().int().nonnegative()).default({}),
  lastIdleAt: isoTime.optional(),
});
export type Agent = z.infer<typeof AgentSchema>;
