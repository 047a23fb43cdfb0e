import * as z from 'zod';

/**
 * Meta webhook payloads (Messenger, Instagram, WhatsApp Cloud API). Only the fields we use are
 * named; unknown fields and unknown enum values pass, because Meta adds them over time. Each
 * batched item is parsed on its own, so one odd item never rejects its neighbours.
 */

/** Meta ids are numeric strings; anything with whitespace cannot be an id. */
const Id = z.string().regex(/^\S{1,256}$/);
const EpochSeconds = z.string().regex(/^\d{1,12}$/);

export const MetaEnvelopeSchema = z.object({
  object: z.string(),
  entry: z.array(
    z.object({
      id: z.string().optional(),
      messaging: z.array(z.unknown()).optional(),
      changes: z.array(z.unknown()).optional(),
    }),
  ),
});
export type MetaEnvelope = z.infer<typeof MetaEnvelopeSchema>;

const Party = z.object({ id: Id });

const MessengerAttachment = z.object({
  type: z.string(),
  payload: z.object({ url: z.string().min(1).optional() }).nullish(),
});

/** One `entry[].messaging[]` item: a message, echo, reaction, postback or receipt. */
export const MessagingItemSchema = z.object({
  sender: Party,
  recipient: Party,
  timestamp: z.number(),
  message: z
    .object({
      mid: Id,
      text: z.string().optional(),
      attachments: z.array(MessengerAttachment).optional(),
      is_echo: z.boolean().optional(),
      is_deleted: z.boolean().optional(),
    })
    .optional(),
  reaction: z
    .object({ mid: Id, action: z.string(), emoji: z.string().optional(), reaction: z.string().optional() })
    .optional(),
  postback: z
    .object({ mid: Id.optional(), title: z.string().optional(), payload: z.string().optional() })
    .optional(),
  delivery: z.object({ mids: z.array(Id).optional(), watermark: z.number().optional() }).optional(),
  read: z.object({ mid: Id.optional(), watermark: z.number().optional() }).optional(),
});
export type MessagingItem = z.infer<typeof MessagingItemSchema>;

/** One `entry[].changes[]` item of a WhatsApp Business Account. */
export const WhatsAppChangeSchema = z.object({
  field: z.string(),
  value: z.object({
    metadata: z.object({ display_phone_number: z.string(), phone_number_id: Id }),
    contacts: z
      .array(z.object({ wa_id: z.string().optional(), profile: z.object({ name: z.string() }).optional() }))
      .optional(),
    messages: z.array(z.unknown()).optional(),
    statuses: z.array(z.unknown()).optional(),
  }),
});
export type WhatsAppChange = z.infer<typeof WhatsAppChangeSchema>;

const WhatsAppMedia = z.object({
  id: Id,
  mime_type: z.string().optional(),
  caption: z.string().optional(),
  filename: z.string().optional(),
});

export const WhatsAppMessageSchema = z.object({
  from: z.string(),
  id: Id,
  timestamp: EpochSeconds,
  type: z.string(),
  text: z.object({ body: z.string() }).optional(),
  image: WhatsAppMedia.optional(),
  video: WhatsAppMedia.optional(),
  audio: WhatsAppMedia.optional(),
  document: WhatsAppMedia.optional(),
  sticker: WhatsAppMedia.optional(),
  location: z
    .object({
      latitude: z.number(),
      longitude: z.number(),
      name: z.string().optional(),
      address: z.string().optional(),
    })
    .optional(),
  interactive: z
    .object({
      type: z.string(),
      button_reply: z.object({ title: z.string() }).optional(),
      list_reply: z.object({ title: z.string() }).optional(),
    })
    .optional(),
  button: z.object({ text: z.string() }).optional(),
  reaction: z.object({ message_id: Id, emoji: z.string().optional() }).optional(),
});
export type WhatsAppMessage = z.infer<typeof WhatsAppMessageSchema>;

export const WhatsAppStatusSchema = z.object({
  id: Id,
  status: z.string(),
  timestamp: EpochSeconds,
  recipient_id: z.string().optional(),
  errors: z
    .array(
      z.object({
        code: z.union([z.number(), z.string()]).optional(),
        title: z.string().optional(),
        message: z.string().optional(),
        error_data: z.object({ details: z.string().optional() }).optional(),
      }),
    )
    .optional(),
});
export type WhatsAppStatus = z.infer<typeof WhatsAppStatusSchema>;
