import * as z from 'zod';
import { BusinessEventSchema } from './business-event.ts';
import { CallEventSchema, CallSchema } from './call-model.ts';
import { EmailMetadataSchema } from './email.ts';
import { InteractionFlagSchema } from './flags.ts';
import { ReplyTranslationSchema } from './language.ts';
import {
  AttachmentSchema,
  ChannelEndpointSchema,
  ChannelSchema,
  DeliveryEventSchema,
  DeliveryStatusSchema,
  DirectionSchema,
  IdentityKeySchema,
  IdentityTrustSchema,
  LocationSchema,
  ReactionSchema,
} from './model.ts';
import { ChatSurveyCardSchema, SurveyEntrySchema } from './survey.ts';

/**
 * An identity seen on a contact: a bare `kind:value` is one the channel itself proved (an
 * inbound SMS's sender); one the contact only typed, or whose proof failed, carries its trust.
 */
export const SeenIdentitySchema = z.union([
  z.string().min(3).max(600),
  z.strictObject({
    identity: z.string().min(3).max(600),
    trust: IdentityTrustSchema,
    /** What stands behind it: `ses:dmarc`, `connect:attribute`, `chat:form`, … */
    evidence: z.string().min(1).max(128),
  }),
]);

/**
 * The one message every edge puts on the ingest queue: a channel's contact normalised to the
 * canonical shape, before identity resolution.
 */
export const IngestMessageSchema = z.object({
  type: z.literal('interaction'),
  channel: ChannelSchema,
  direction: DirectionSchema,
  /** The provider's id for this message; with the channel, the dedupe key. */
  providerMessageId: z.string().min(1).max(512),
  at: z.iso.datetime({ offset: true }),
  /** Raw `kind:value` identities seen on the contact, normalised by the ingest handler. */
  identities: z.array(SeenIdentitySchema).min(1),
  /**
   * A reaction records an emoji on an earlier message; it never asks for an agent. An event is
   * something that happened off the messaging channels; only a routing rule makes it ask for one.
   */
  kind: z.enum(['message', 'reaction', 'event']).default('message'),
  text: z
    .string()
    .max(64 * 1024)
    .optional(),
  subject: z.string().max(1024).optional(),
  /** Binds the interaction to a conversation (chat session, email thread). */
  threadKey: z.string().max(1024).optional(),
  /**
   * Thread keys of what this message answers (an email's reply token, In-Reply-To, References),
   * most specific first: the first one bound to a conversation of this customer decides it.
   */
  relatedThreadKeys: z.array(z.string().max(1024)).max(40).default([]),
  /** Joins this conversation (an agent's reply); it must belong to the resolved customer. */
  conversationId: z.string().max(256).optional(),
  /** What the customer reached us through: chat topic, email alias, phone number, page. */
  entryPoint: z.string().max(256).optional(),
  profile: z.object({ name: z.string().max(256).optional() }).default({}),
  attachments: z.array(AttachmentSchema).default([]),
  location: LocationSchema.optional(),
  reaction: ReactionSchema.optional(),
  /** Social and SMS contacts: both ends on the provider, so a reply can go back the same way. */
  endpoint: ChannelEndpointSchema.optional(),
  /** An agent's reply: who sent it, and the provider's first answer (accepted, or failed and why). */
  sentBy: z.string().max(256).optional(),
  delivery: DeliveryEventSchema.optional(),
  /** Quarantined, automatic and failed messages are kept but open no work item. */
  flags: z.array(InteractionFlagSchema).max(20).default([]),
  email: EmailMetadataSchema.optional(),
  /** A phone call: its state so far (a call never asks for an agent here; Connect routes it). */
  call: CallSchema.optional(),
  /** An event: what happened, and who vouched for it. */
  business: BusinessEventSchema.optional(),
  /** An agent's reply sent in the customer's language: what the agent wrote (see docs/language.md). */
  translation: ReplyTranslationSchema.optional(),
  /** A survey's answer (an event), or a survey sent as a chat card (automatic). */
  survey: SurveyEntrySchema.optional(),
  surveyCard: ChatSurveyCardSchema.optional(),
});
export type IngestMessage = z.infer<typeof IngestMessageSchema>;
export type IngestMessageInput = z.input<typeof IngestMessageSchema>;

/**
 * A provider's report about a message we sent (a WhatsApp or Twilio status, a Messenger echo or
 * delivery receipt): it updates that outbound interaction instead of adding one.
 */
export const DeliveryStatusMessageSchema = z.object({
  type: z.literal('status'),
  channel: ChannelSchema,
  /** The provider's id of the message the status is about. */
  providerMessageId: z.string().min(1).max(512),
  status: DeliveryStatusSchema,
  at: z.iso.datetime({ offset: true }),
  code: z.string().max(64).optional(),
  reason: z.string().max(1024).optional(),
});
export type DeliveryStatusMessage = z.infer<typeof DeliveryStatusMessageSchema>;

/**
 * A read receipt naming no message (Messenger's watermark): the customer has read everything we
 * sent them on the channel up to `upTo`; `at` is when they read it.
 */
export const ReadWatermarkMessageSchema = z.object({
  type: z.literal('read'),
  channel: ChannelSchema,
  /** The customer who read, as the channel knows them (`messenger:{psid}`). */
  identity: IdentityKeySchema,
  upTo: z.iso.datetime({ offset: true }),
  at: z.iso.datetime({ offset: true }),
});
export type ReadWatermarkMessage = z.infer<typeof ReadWatermarkMessageSchema>;

/**
 * A report about a phone call in Amazon Connect (a contact event, or the contact flow's lookup):
 * it records the call on the caller's timeline, or moves the recorded call forward.
 */
export const CallEventMessageSchema = z.object({
  type: z.literal('call'),
  channel: z.literal('voice'),
  contactId: z.string().min(1).max(256),
  event: CallEventSchema,
});
export type CallEventMessage = z.infer<typeof CallEventMessageSchema>;

/**
 * A customer who was offered articles before queueing asked for a person: the message they
 * were offered articles for opens its work item now, queued at that message's own time.
 */
export const ReleaseMessageSchema = z.object({
  type: z.literal('release'),
  channel: ChannelSchema,
  providerMessageId: z.string().min(1).max(512),
  entryPoint: z.string().max(256).optional(),
});
export type ReleaseMessage = z.infer<typeof ReleaseMessageSchema>;

/**
 * Something to tell a customer about their work item, asked for by the routing follower: the
 * queued notice (and later checks of whether the estimate grew), or the survey on completion.
 */
export const NoticeMessageSchema = z.object({
  type: z.literal('notice'),
  kind: z.enum(['queued', 'check', 'survey']),
  workItemId: z.string().min(1).max(256),
  channel: ChannelSchema.optional(),
  /** Checks of a waiting item's estimate so far. */
  round: z.number().int().nonnegative().default(0),
});
export type NoticeMessage = z.infer<typeof NoticeMessageSchema>;

/**
 * Carry on erasing a customer record (see docs/compliance.md): the job item says what is left,
 * so a repeat or a redelivery only resumes it.
 */
export const EraseMessageSchema = z.object({
  type: z.literal('erase'),
  /** The survivor whose erasure job it is. */
  customerId: z.string().min(1).max(256),
});
export type EraseMessage = z.infer<typeof EraseMessageSchema>;

/** Everything that travels on the ingest queue. */
export const IngestQueueMessageSchema = z.discriminatedUnion('type', [
  IngestMessageSchema,
  DeliveryStatusMessageSchema,
  ReadWatermarkMessageSchema,
  CallEventMessageSchema,
  ReleaseMessageSchema,
  NoticeMessageSchema,
  EraseMessageSchema,
]);
export type IngestQueueMessage = z.infer<typeof IngestQueueMessageSchema>;
export type IngestQueueMessageInput = z.input<typeof IngestQueueMessageSchema>;
