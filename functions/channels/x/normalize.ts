import { isoFromMillis, type Normalized } from '#channels/common/webhook.ts';
import type { IngestQueueMessageInput } from '#core/ingest-message.ts';
import type { Attachment } from '#core/model.ts';
import { type DirectMessageEvent, DirectMessageEventSchema, type XEnvelope } from './schemas.ts';

/**
 * Turns an Account Activity delivery into ingest messages: each direct message a customer sent
 * becomes an inbound interaction; our own DMs, which X delivers too, mark the outbound one sent.
 */
export function normalizeXPayload(envelope: XEnvelope): Normalized {
  const out: Normalized = { messages: [], ignored: 0 };
  for (const raw of envelope.direct_message_events ?? []) {
    const parsed = DirectMessageEventSchema.safeParse(raw);
    const message = parsed.success ? fromEvent(parsed.data, envelope) : undefined;
    if (message) out.messages.push(message);
    else out.ignored += 1;
  }
  return out;
}

const X_MEDIA: Record<string, string> = { photo: 'image/*', video: 'video/*', animated_gif: 'image/gif' };

function fromEvent(event: DirectMessageEvent, envelope: XEnvelope): IngestQueueMessageInput | undefined {
  const create = event.message_create;
  const at = isoFromMillis(Number(event.created_timestamp));
  if (event.type !== 'message_create' || !create || !at) return undefined;
  if (create.sender_id === envelope.for_user_id) {
    return { type: 'status', channel: 'x', providerMessageId: event.id, status: 'sent', at };
  }
  const media = create.message_data.attachment?.media;
  const attachments: Attachment[] = media?.media_url_https
    ? [
        {
          ref: media.media_url_https,
          kind: media.type,
          contentType: media.type ? X_MEDIA[media.type] : undefined,
        },
      ]
    : [];
  const text = create.message_data.text;
  if (!text && attachments.length === 0) return undefined;
  const name = envelope.users?.[create.sender_id]?.name;
  return {
    type: 'interaction',
    channel: 'x',
    direction: 'inbound',
    providerMessageId: event.id,
    at,
    identities: [`x:${create.sender_id}`],
    profile: name ? { name } : {},
    text: text || undefined,
    attachments,
    entryPoint: envelope.for_user_id,
    endpoint: { provider: 'x', business: envelope.for_user_id, customer: create.sender_id },
  };
}
