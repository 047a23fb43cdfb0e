import { z } from 'zod';
import { AttachmentSchema, ChannelSchema, DirectionSchema } from './model.ts';

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
  identities: z.array(z.string().min(3)).min(1),
  text: z
    .string()
    .max(64 * 1024)
    .optional(),
  subject: z.string().max(1024).optional(),
  /** Binds the interaction to a conversation (chat session, email thread). */
  threadKey: z.string().max(1024).optional(),
  /** What the customer reached us through: chat topic, email alias, phone number, page. */
  entryPoint: z.string().max(256).optional(),
  profile: z.object({ name: z.string().max(256).optional() }).default({}),
  attachments: z.array(AttachmentSchema).default([]),
});
export type IngestMessage = z.infer<typeof IngestMessageSchema>;
export type IngestMessageInput = z.input<typeof IngestMessageSchema>;
