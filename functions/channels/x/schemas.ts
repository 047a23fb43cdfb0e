import * as z from 'zod';

/**
 * X Account Activity deliveries. Every id is a string (snowflakes exceed JavaScript's safe
 * integers); other top-level arrays (tweets, follows, typing) may arrive and are ignored.
 */
const Id = z.string().regex(/^\d{1,32}$/);

/**
 * The Challenge-Response Check's query. X's tokens are short and base64-like (about 48
 * characters). The CRC answer is the HMAC of the token, the very signature a body equal to the
 * token would carry, so a token that could be a webhook body (JSON: braces, quotes, spaces) would
 * make the CRC a signing oracle for forged deliveries.
 */
export const CrcQuerySchema = z.object({
  crc_token: z.string().regex(/^[\w+/=-]{1,128}$/, 'not a CRC token: up to 128 of A-Z a-z 0-9 _ - + / ='),
});

export const XEnvelopeSchema = z.object({
  for_user_id: Id,
  direct_message_events: z.array(z.unknown()).optional(),
  users: z.record(z.string(), z.object({ name: z.string().optional() })).optional(),
});
export type XEnvelope = z.infer<typeof XEnvelopeSchema>;

export const DirectMessageEventSchema = z.object({
  type: z.string(),
  id: Id,
  created_timestamp: z.string().regex(/^\d{1,16}$/),
  message_create: z
    .object({
      target: z.object({ recipient_id: Id }),
      sender_id: Id,
      message_data: z.object({
        text: z.string().optional(),
        attachment: z
          .object({
            type: z.string(),
            media: z
              .object({
                id_str: z.string().optional(),
                media_url_https: z.string().optional(),
                type: z.string().optional(),
              })
              .optional(),
          })
          .optional(),
      }),
    })
    .optional(),
});
export type DirectMessageEvent = z.infer<typeof DirectMessageEventSchema>;
