import * as z from 'zod';
import { e164, type Normalized } from '#channels/common/webhook.ts';
import type { IngestMessageInput } from '#core/ingest-message.ts';
import type { Attachment, Channel, DeliveryStatus, Location } from '#core/model.ts';
import { parseWith } from '#http/request.ts';

/**
 * The parameters of a Twilio messaging webhook that we use: an incoming SMS, MMS or WhatsApp
 * message, or a status callback about one we sent. Twilio adds parameters without notice;
 * those are signed (see signature.ts) and kept as they come (`MediaUrl0`, …).
 */
export const TwilioParamsSchema = z.looseObject({
  /** `SM…` or `MM…`: two letters and 32 hex digits. */
  MessageSid: z.string().regex(/^[A-Z]{2}[0-9a-fA-F]{32}$/, 'a Twilio message SID'),
  AccountSid: z.string().optional(),
  From: z.string().min(1).max(256),
  To: z.string().min(1).max(256),
  Body: z
    .string()
    .max(64 * 1024)
    .optional(),
  NumMedia: z.coerce.number().int().min(0).max(20).optional(),
  ProfileName: z.string().max(256).optional(),
  ButtonText: z.string().optional(),
  Latitude: z.coerce.number().min(-90).max(90).optional(),
  Longitude: z.coerce.number().min(-180).max(180).optional(),
  Address: z.string().max(1024).optional(),
  Label: z.string().max(1024).optional(),
  MessageStatus: z.string().optional(),
  ErrorCode: z.string().max(64).optional(),
  ErrorMessage: z.string().max(1024).optional(),
});
export type TwilioParams = z.infer<typeof TwilioParamsSchema>;

/** The form parameters, first value of each name; a 400 naming the field when one is unusable. */
export function parseTwilioParams(params: URLSearchParams): TwilioParams {
  const first: Record<string, string> = {};
  for (const [name, value] of params) {
    if (!(name in first) && value !== '') first[name] = value;
  }
  return parseWith(TwilioParamsSchema, first, '');
}

const TWILIO_STATUSES: Record<string, DeliveryStatus> = {
  sent: 'sent',
  delivered: 'delivered',
  read: 'read',
  undelivered: 'failed',
  failed: 'failed',
};

/**
 * One webhook, at most one ingest message: an inbound SMS or WhatsApp message, or the new status
 * of a message we sent. `receivedAt` dates both: Twilio's webhooks carry no timestamp.
 */
export function normalizeTwilioParams(fields: TwilioParams, receivedAt: string): Normalized {
  const status = fields.MessageStatus;
  if (status !== undefined && status !== 'received') {
    const mapped = TWILIO_STATUSES[status];
    if (!mapped) return { messages: [], ignored: 1 };
    const channel: Channel = isWhatsApp(fields.From) || isWhatsApp(fields.To) ? 'whatsapp' : 'sms';
    const reason = fields.ErrorMessage ?? (fields.ErrorCode ? `Twilio error ${fields.ErrorCode}` : undefined);
    return {
      messages: [
        {
          type: 'status',
          channel,
          providerMessageId: fields.MessageSid,
          status: mapped,
          at: receivedAt,
          code: mapped === 'failed' ? fields.ErrorCode : undefined,
          reason: mapped === 'failed' ? reason : undefined,
        },
      ],
      ignored: 0,
    };
  }
  const message = inboundMessage(fields, receivedAt);
  return message ? { messages: [message], ignored: 0 } : { messages: [], ignored: 1 };
}

function isWhatsApp(address: string): boolean {
  return address.toLowerCase().startsWith('whatsapp:');
}

function inboundMessage(fields: TwilioParams, at: string): IngestMessageInput | undefined {
  const sender = /^(?:([a-z]+):)?(.+)$/i.exec(fields.From);
  const prefix = sender?.[1]?.toLowerCase();
  const number = sender?.[2] ?? '';
  // Twilio also relays other channels (`messenger:`, …) through this webhook; not ours to take.
  if (prefix !== undefined && prefix !== 'whatsapp') return undefined;
  const channel: Channel = prefix === 'whatsapp' ? 'whatsapp' : 'sms';
  const text = fields.Body || fields.ButtonText || undefined;
  const attachments = media(fields);
  const location = place(fields);
  if (!text && attachments.length === 0 && !location) return undefined;
  const ourNumber = fields.To.replace(/^[a-z]+:/i, '');
  return {
    type: 'interaction',
    channel,
    direction: 'inbound',
    providerMessageId: fields.MessageSid,
    at,
    identities: [`${channel}:${number}`],
    profile: fields.ProfileName ? { name: fields.ProfileName } : {},
    text,
    attachments,
    location,
    entryPoint: e164(ourNumber) ?? ourNumber,
    endpoint: { provider: 'twilio', business: fields.To, customer: fields.From },
  };
}

/** MMS and WhatsApp media stay on Twilio; we keep the URL and its type. */
function media(fields: TwilioParams): Attachment[] {
  const out: Attachment[] = [];
  for (let index = 0; index < (fields.NumMedia ?? 0); index++) {
    const url = fields[`MediaUrl${index}`];
    const contentType = fields[`MediaContentType${index}`];
    if (typeof url === 'string') {
      out.push({ ref: url, contentType: typeof contentType === 'string' ? contentType : undefined });
    }
  }
  return out;
}

function place(fields: TwilioParams): Location | undefined {
  if (fields.Latitude === undefined || fields.Longitude === undefined) return undefined;
  return {
    latitude: fields.Latitude,
    longitude: fields.Longitude,
    name: fields.Label,
    address: fields.Address,
  };
}
