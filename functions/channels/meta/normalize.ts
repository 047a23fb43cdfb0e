import { e164, isoFromMillis, type Normalized } from '#channels/common/webhook.ts';
import type {
  DeliveryStatusMessage,
  IngestMessageInput,
  IngestQueueMessageInput,
} from '#core/ingest-message.ts';
import type { Attachment, Channel, DeliveryStatus } from '#core/model.ts';
import {
  type MessagingItem,
  MessagingItemSchema,
  type MetaEnvelope,
  type WhatsAppChange,
  WhatsAppChangeSchema,
  type WhatsAppMessage,
  WhatsAppMessageSchema,
  type WhatsAppStatus,
  WhatsAppStatusSchema,
} from './schemas.ts';

/**
 * Turns a Meta webhook delivery into ingest messages: one per batched item. Customer messages
 * become inbound interactions; echoes of our own messages, delivery receipts and WhatsApp
 * statuses become status updates of the outbound interaction they are about.
 */
export function normalizeMetaPayload(envelope: MetaEnvelope): Normalized {
  const out: Normalized = { messages: [], ignored: 0 };
  for (const entry of envelope.entry) {
    if (envelope.object === 'page' || envelope.object === 'instagram') {
      const channel: Channel = envelope.object === 'page' ? 'messenger' : 'instagram';
      for (const raw of entry.messaging ?? []) {
        const item = MessagingItemSchema.safeParse(raw);
        collect(out, item.success ? fromMessagingItem(channel, item.data) : []);
      }
    } else if (envelope.object === 'whatsapp_business_account') {
      for (const raw of entry.changes ?? []) collect(out, fromWhatsAppChange(raw));
    } else {
      // Another product's webhook on the same app (feed, leadgen, …): acknowledged, not ours.
      out.ignored += (entry.messaging?.length ?? 0) + (entry.changes?.length ?? 0) || 1;
    }
  }
  return out;
}

function collect(out: Normalized, messages: IngestQueueMessageInput[] | undefined): void {
  if (messages?.length) out.messages.push(...messages);
  else out.ignored += 1;
}

function fromMessagingItem(channel: Channel, item: MessagingItem): IngestQueueMessageInput[] {
  const at = isoFromMillis(item.timestamp);
  if (!at) return [];
  const { message, reaction, postback, delivery, read } = item;
  if (message?.is_echo) return [status(channel, message.mid, 'sent', at)];
  if (message && !message.is_deleted) {
    const attachments = (message.attachments ?? []).flatMap(messengerAttachment);
    if (message.text === undefined && attachments.length === 0) return [];
    return [
      {
        ...customerMessage(channel, item, at),
        providerMessageId: message.mid,
        text: message.text,
        attachments,
      },
    ];
  }
  if (reaction && (reaction.action === 'react' || reaction.action === 'unreact')) {
    return [
      {
        ...customerMessage(channel, item, at),
        // A reaction has no id of its own; the provider repeats these fields on a retry.
        providerMessageId: `reaction:${reaction.mid}:${reaction.action}:${item.timestamp}`,
        kind: 'reaction',
        reaction: {
          action: reaction.action,
          emoji: reaction.emoji,
          targetProviderMessageId: reaction.mid,
        },
      },
    ];
  }
  if (postback && (postback.title || postback.payload)) {
    return [
      {
        ...customerMessage(channel, item, at),
        providerMessageId: postback.mid ?? `postback:${item.sender.id}:${item.timestamp}`,
        text: postback.title ?? postback.payload,
      },
    ];
  }
  if (delivery?.mids?.length) {
    const deliveredAt = isoFromMillis(delivery.watermark ?? item.timestamp) ?? at;
    return delivery.mids.map((mid) => status(channel, mid, 'delivered', deliveredAt));
  }
  // Instagram names the message read; Messenger's receipts name none, only a watermark: every
  // message sent before it has been read.
  if (read?.mid) return [status(channel, read.mid, 'read', at)];
  const upTo = read?.watermark === undefined ? undefined : isoFromMillis(read.watermark);
  if (upTo) return [{ type: 'read', channel, identity: `${channel}:${item.sender.id}`, upTo, at }];
  return [];
}

/** The fields every inbound Messenger or Instagram interaction shares. */
function customerMessage(channel: Channel, item: MessagingItem, at: string) {
  return {
    type: 'interaction' as const,
    channel,
    direction: 'inbound' as const,
    at,
    identities: [`${channel}:${item.sender.id}`],
    entryPoint: item.recipient.id,
    endpoint: { provider: 'meta' as const, business: item.recipient.id, customer: item.sender.id },
  };
}

const MESSENGER_MEDIA: Record<string, string> = {
  image: 'image/*',
  video: 'video/*',
  audio: 'audio/*',
  file: 'application/octet-stream',
};

/** Attachments are kept by reference: the CDN URL, fetched (before it expires) by a worker. */
function messengerAttachment(attachment: {
  type: string;
  payload?: { url?: string | undefined } | null | undefined;
}): Attachment[] {
  const url = attachment.payload?.url;
  if (!url) return [];
  return [{ ref: url, contentType: MESSENGER_MEDIA[attachment.type], kind: attachment.type }];
}

function fromWhatsAppChange(raw: unknown): IngestQueueMessageInput[] {
  if ((raw as { field?: unknown } | null)?.field !== 'messages') return [];
  const change = WhatsAppChangeSchema.safeParse(raw);
  if (!change.success) return [];
  const value = change.data.value;
  const out: IngestQueueMessageInput[] = [];
  for (const item of value.messages ?? []) {
    const message = WhatsAppMessageSchema.safeParse(item);
    const normalized = message.success ? fromWhatsAppMessage(message.data, change.data) : undefined;
    if (normalized) out.push(normalized);
  }
  for (const item of value.statuses ?? []) {
    const parsed = WhatsAppStatusSchema.safeParse(item);
    const normalized = parsed.success ? fromWhatsAppStatus(parsed.data) : undefined;
    if (normalized) out.push(normalized);
  }
  return out;
}

const WHATSAPP_MEDIA = ['image', 'video', 'audio', 'document', 'sticker'] as const;

function fromWhatsAppMessage(
  message: WhatsAppMessage,
  change: WhatsAppChange,
): IngestMessageInput | undefined {
  const at = isoFromMillis(Number(message.timestamp) * 1000);
  if (!at) return undefined;
  const { metadata, contacts } = change.value;
  const name = contacts?.find((contact) => contact.wa_id === message.from)?.profile?.name;
  const base = {
    type: 'interaction' as const,
    channel: 'whatsapp' as const,
    direction: 'inbound' as const,
    providerMessageId: message.id,
    at,
    identities: [`whatsapp:${message.from}`],
    profile: name ? { name } : {},
    entryPoint: e164(metadata.display_phone_number) ?? metadata.phone_number_id,
    endpoint: { provider: 'meta' as const, business: metadata.phone_number_id, customer: message.from },
  };
  const content = whatsAppContent(message);
  return content ? { ...base, ...content } : undefined;
}

/** The content of a WhatsApp message by type; undefined for types we do not record. */
function whatsAppContent(message: WhatsAppMessage): Partial<IngestMessageInput> | undefined {
  const type = message.type;
  if (type === 'text' && message.text) return { text: message.text.body };
  if ((WHATSAPP_MEDIA as readonly string[]).includes(type)) {
    const media = message[type as (typeof WHATSAPP_MEDIA)[number]];
    if (!media) return undefined;
    // A media id, not a URL: the worker resolves it through the Graph API when it needs the bytes.
    const attachment = { ref: `whatsapp-media:${media.id}`, kind: type, contentType: media.mime_type };
    return {
      text: media.caption,
      attachments: [media.filename ? { ...attachment, name: media.filename } : attachment],
    };
  }
  if (type === 'location' && message.location) return { location: message.location };
  if (type === 'interactive' && message.interactive) {
    const reply = message.interactive.button_reply ?? message.interactive.list_reply;
    return reply ? { text: reply.title } : undefined;
  }
  if (type === 'button' && message.button) return { text: message.button.text };
  if (type === 'reaction' && message.reaction) {
    const emoji = message.reaction.emoji || undefined;
    return {
      kind: 'reaction',
      reaction: {
        action: emoji ? 'react' : 'unreact',
        emoji,
        targetProviderMessageId: message.reaction.message_id,
      },
    };
  }
  return undefined;
}

const WHATSAPP_STATUSES: Record<string, DeliveryStatus> = {
  sent: 'sent',
  delivered: 'delivered',
  read: 'read',
  failed: 'failed',
};

function fromWhatsAppStatus(report: WhatsAppStatus): DeliveryStatusMessage | undefined {
  const mapped = WHATSAPP_STATUSES[report.status];
  const at = isoFromMillis(Number(report.timestamp) * 1000);
  if (!mapped || !at) return undefined;
  const error = report.errors?.[0];
  if (mapped !== 'failed' || !error) return status('whatsapp', report.id, mapped, at);
  const words = error.message ?? error.title ?? 'failed';
  const details = error.error_data?.details;
  return {
    ...status('whatsapp', report.id, 'failed', at),
    code: error.code === undefined ? undefined : String(error.code),
    reason: (details && details !== words ? `${words}: ${details}` : words).slice(0, 1024),
  };
}

function status(
  channel: Channel,
  providerMessageId: string,
  deliveryStatus: DeliveryStatus,
  at: string,
): DeliveryStatusMessage {
  return { type: 'status', channel, providerMessageId, status: deliveryStatus, at };
}
