import * as z from 'zod';
import { BusinessEventSchema } from './business-event.ts';
import { CallSchema } from './call-model.ts';
import { CallbackRequestSchema } from './callback-request.ts';
import { EmailMetadataSchema } from './email.ts';
import { InteractionFlagSchema } from './flags.ts';
import { LanguageCodeSchema, MessageLanguageSchema, ReplyTranslationSchema } from './language.ts';
import { ChatSurveyCardSchema, SurveyEntrySchema } from './survey.ts';

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
  /** In person, and what the company's own systems report (orders, deliveries, returns). */
  'store',
]);
export type Channel = z.infer<typeof ChannelSchema>;

/**
 * Kinds of identity keys. WhatsApp and SMS numbers are `phone` identities: the channel says how
 * the customer wrote, the identity says who they are.
 */
export const IdentityKindSchema = z.enum([
  'email',
  'phone',
  'messenger',
  'instagram',
  'x',
  'chat',
  /** A user of the company's own app or site, named by the company's signed token (`app:<sub>`). */
  'app',
  /** One contact that proved no identity (an unverified caller id): it stands for that contact only. */
  'contact',
]);
export type IdentityKind = z.infer<typeof IdentityKindSchema>;

/** A normalised identity key such as `email:ana@example.com` or `phone:+14155550100`. */
export const IdentityKeySchema = z
  .string()
  .regex(/^(email|phone|messenger|instagram|x|chat|app|contact):.+$/);
export type IdentityKey = z.infer<typeof IdentityKeySchema>;

const isoTime = z.iso.datetime({ offset: true });

/**
 * `verified`: the channel proved it (an inbound SMS proves its sender's number, a DMARC pass the
 * From address) or the company's backend signed it. `claimed`: someone typed it; it is shown,
 * never trusted, so it never merges or attaches anyone.
 */
export const IdentityTrustSchema = z.enum(['verified', 'claimed']);
export type IdentityTrust = z.infer<typeof IdentityTrustSchema>;

/** An identity as one contact presented it, with what stands behind it (`sms:sender`, `ses:dmarc`, `chat:form`). */
export const IdentitySightingSchema = z.object({
  identity: IdentityKeySchema,
  trust: IdentityTrustSchema,
  evidence: z.string().min(1).max(128),
});
export type IdentitySighting = z.infer<typeof IdentitySightingSchema>;

/** An identity a customer claims but never proved: agents see it as "claims to be …". */
export const IdentityClaimSchema = z.object({
  identity: IdentityKeySchema,
  evidence: z.string(),
  at: isoTime,
});
export type IdentityClaim = z.infer<typeof IdentityClaimSchema>;

export const CustomerSchema = z.object({
  customerId: z.string(),
  name: z.string().optional(),
  /** Verified identities only: each one leads to this customer. */
  identities: z.array(IdentityKeySchema),
  /** What proved each verified identity; absent for identities recorded before trust levels. */
  evidence: z.record(z.string(), z.string()).default({}),
  /** Identities this customer typed but never proved. */
  claims: z.array(IdentityClaimSchema).default([]),
  createdAt: isoTime,
  updatedAt: isoTime,
  /** Set when this customer was merged into another; reads follow it to the survivor. */
  mergedInto: z.string().optional(),
  /** Every customer id (transitively) merged into this one; their timelines read as one. */
  mergedFrom: z.array(z.string()).default([]),
  /** On an absorbed customer: the merge entry that records it, which an unmerge copies to its timeline. */
  mergeEntryId: z.string().optional(),
  /** After an unmerge: the customers it was split from, whose timelines may still hold its entries. */
  splitFrom: z.array(z.string()).optional(),
  /** Grows on every unmerge, so a write made for the customer as it was before fails its check. */
  splitVersion: z.number().int().nonnegative().default(0),
  /** The conversation that most recently saw activity, for joining new interactions. */
  lastConversationId: z.string().optional(),
  /** The language the customer last wrote in clearly (ISO 639-1); set by a conditional update. */
  preferredLanguage: LanguageCodeSchema.optional(),
  version: z.number().int().nonnegative(),
});
export type Customer = z.infer<typeof CustomerSchema>;

export const DirectionSchema = z.enum(['inbound', 'outbound', 'internal']);
export type Direction = z.infer<typeof DirectionSchema>;

export const AttachmentSchema = z.object({
  ref: z.string(),
  /** The stored attachment record behind it, which `GET /attachments/{attachmentId}` serves. */
  attachmentId: z.string().optional(),
  name: z.string().optional(),
  contentType: z.string().optional(),
  size: z.number().int().nonnegative().optional(),
  /** What the provider calls it (`image`, `sticker`, `story_mention`, …) when that says more than a MIME type. */
  kind: z.string().max(64).optional(),
});
export type Attachment = z.infer<typeof AttachmentSchema>;

/** A place the customer shared (WhatsApp, Twilio WhatsApp). */
export const LocationSchema = z.object({
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
  name: z.string().max(1024).optional(),
  address: z.string().max(1024).optional(),
});
export type Location = z.infer<typeof LocationSchema>;

/** A reaction to an earlier message, named by that message's provider id. */
export const ReactionSchema = z.object({
  action: z.enum(['react', 'unreact']),
  emoji: z.string().max(64).optional(),
  targetProviderMessageId: z.string().min(1).max(512),
});
export type Reaction = z.infer<typeof ReactionSchema>;

/**
 * Both ends of a social or SMS contact on the provider it came through, so a reply goes back
 * the same way: `business` is our side (Page id, Instagram account id, WhatsApp phone-number
 * id, X user id, Twilio number), `customer` the customer's address there (PSID, IGSID, wa_id,
 * X user id, E.164 number or `whatsapp:+E.164`).
 */
export const ChannelEndpointSchema = z.object({
  provider: z.enum(['meta', 'x', 'twilio']),
  business: z.string().min(1).max(256),
  customer: z.string().min(1).max(256),
});
export type ChannelEndpoint = z.infer<typeof ChannelEndpointSchema>;
export type Provider = ChannelEndpoint['provider'];

/**
 * How far an outbound message got. Only moves forward (accepted → sent → delivered → read);
 * `failed` is final and keeps the provider's reason.
 */
export const DeliveryStatusSchema = z.enum(['accepted', 'sent', 'delivered', 'read', 'failed']);
export type DeliveryStatus = z.infer<typeof DeliveryStatusSchema>;

/** One status report as the provider sent it; the history keeps every distinct one. */
export const DeliveryEventSchema = z.object({
  status: DeliveryStatusSchema,
  at: z.iso.datetime({ offset: true }),
  /** Provider error code of a failure (`131047`, `21211`, …). */
  code: z.string().max(64).optional(),
  /** The provider's own words for a failure. */
  reason: z.string().max(1024).optional(),
});
export type DeliveryEvent = z.infer<typeof DeliveryEventSchema>;

/**
 * Why two customers were merged: the identity both of them were seen with (and the interaction
 * that carried it), or, for a merge an agent made by hand, who made it and why.
 */
export const MergeEvidenceSchema = z.object({
  identity: IdentityKeySchema.optional(),
  absorbedCustomerId: z.string(),
  survivingCustomerId: z.string(),
  interactionId: z.string().optional(),
  agentId: z.string().optional(),
  reason: z.string().optional(),
  /** What proved the identity both were seen with (`sms:sender`, `ses:dmarc`, …). */
  identityEvidence: z.string().optional(),
});
export type MergeEvidence = z.infer<typeof MergeEvidenceSchema>;

/** Why an entry's content is gone while the entry stays on the timeline (docs/compliance.md#retention). */
export const RemovalSchema = z.object({ reason: z.enum(['retention']), at: isoTime });

/** One message, call or event on a channel; immutable once written, except its delivery status. */
export const InteractionSchema = z.object({
  interactionId: z.string(),
  customerId: z.string(),
  /** Absent only on customer-level entries such as a merge. */
  conversationId: z.string().optional(),
  channel: ChannelSchema,
  direction: DirectionSchema,
  kind: z.enum(['message', 'merge', 'unmerge', 'reaction', 'event']),
  at: isoTime,
  providerMessageId: z.string(),
  /** The verified identity that led this contact to its customer; an unmerge follows it. */
  identity: IdentityKeySchema.optional(),
  text: z.string().optional(),
  subject: z.string().optional(),
  threadKey: z.string().optional(),
  attachments: z.array(AttachmentSchema).default([]),
  /** On a merge or unmerge entry: which two customers, and what or who joined or split them. */
  merge: MergeEvidenceSchema.optional(),
  /**
   * On the copy of a merge or unmerge entry kept on the other customer's timeline: the customer
   * holding the original. A timeline that reads both shows the entry once.
   */
  mirrorOf: z.string().optional(),
  location: LocationSchema.optional(),
  reaction: ReactionSchema.optional(),
  endpoint: ChannelEndpointSchema.optional(),
  /** The agent who sent an outbound reply. */
  sentBy: z.string().optional(),
  /**
   * Outbound messages only: the furthest status reached, the failure reason when it failed, and
   * every distinct status report in time order. The one part of an interaction that changes.
   */
  deliveryStatus: DeliveryStatusSchema.optional(),
  deliveryReason: z.string().optional(),
  deliveryHistory: z.array(DeliveryEventSchema).optional(),
  /** Why this needs no agent, or what was wrong with it (absent: nothing to say). */
  flags: z.array(InteractionFlagSchema).optional(),
  email: EmailMetadataSchema.optional(),
  /** A phone call: the one other part that changes, as reports about the call arrive. */
  call: CallSchema.optional(),
  /** An `event` entry: what happened off the messaging channels, and who vouched for it. */
  business: BusinessEventSchema.optional(),
  /** The language of `text`, and how it was known (see docs/language.md). */
  language: MessageLanguageSchema.optional(),
  /** An agent's reply: the words they wrote, when `text` is what the customer got in theirs. */
  translation: ReplyTranslationSchema.optional(),
  /** A satisfaction survey's answer (an `event` entry). */
  survey: SurveyEntrySchema.optional(),
  /** A survey sent in the chat: the widget shows it as a card. */
  surveyCard: ChatSurveyCardSchema.optional(),
  /** Set when retention removed the entry: only where and when it was remain. */
  removed: RemovalSchema.optional(),
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
  /** The language the customer writes in here, from the last clear detection. */
  language: LanguageCodeSchema.optional(),
  /** An agent turned live translation off for this conversation. */
  translationOff: z.boolean().optional(),
});
export type Conversation = z.infer<typeof ConversationSchema>;

/**
 * `connect`: handed to Amazon Connect as a task (its queue's delivery mode), until the task ends.
 * `abandoned`: closed because the customer left before an agent took it.
 */
export const WorkItemStateSchema = z.enum([
  'queued',
  'offered',
  'assigned',
  'connect',
  'wrapped',
  'abandoned',
]);
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
  /** The conversation's language when the item opened: routing prefers agents who speak it. */
  language: LanguageCodeSchema.optional(),
  /** The Amazon Connect task contact of an item handed to Connect, once Connect has answered. */
  connectContactId: z.string().optional(),
  /** What the agent noted on completing the item. */
  wrapUp: z
    .object({
      note: z.string().optional(),
      /** The queue's disposition code the agent picked: what came of the contact. */
      disposition: z.string().optional(),
      by: z.string(),
      at: isoTime,
    })
    .optional(),
  /** What each agent who passed the item on left for whoever holds it next, oldest first. */
  transferNotes: z
    .array(
      z.object({
        note: z.string(),
        by: z.string(),
        at: isoTime,
        to: z.union([z.object({ queueId: z.string() }), z.object({ agentId: z.string() })]),
      }),
    )
    .optional(),
  /** Calls that joined the item (the customer phoned about the same issue), their interactions in order. */
  callInteractionIds: z.array(z.string()).optional(),
  /** The customer asked to be called back: the call is placed when an agent accepts the item. */
  callback: CallbackRequestSchema.optional(),
  /** The automatic notices the customer was sent while waiting (at most two). */
  queuedNotice: z.object({ at: isoTime, estimatedWaitSeconds: z.number() }).optional(),
  queuedAgainNotice: z.object({ at: isoTime, estimatedWaitSeconds: z.number() }).optional(),
  /** The customer's satisfaction survey answer, once given. */
  survey: SurveyEntrySchema.optional(),
  /** When an agent first wrote to the customer on the item: its first-response time ends here. */
  firstResponseAt: isoTime.optional(),
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
  /** Why an `away` agent is away (`break`, `lunch`, … from the floor's list, or `missed-offers`). */
  statusReason: z.string().min(1).max(64).optional(),
  /** Since when the agent has had their status: supervisors see the time in state. */
  statusSince: isoTime.optional(),
  /** In after-contact work until then: available, but offered nothing. */
  wrapUpUntil: isoTime.optional(),
  /** The same person's user id in Amazon Connect: a call about an issue they hold goes to them there. */
  connectAgentId: z.string().min(1).max(256).optional(),
});
export type Agent = z.infer<typeof AgentSchema>;
