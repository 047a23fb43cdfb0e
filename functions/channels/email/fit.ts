import type { InteractionFlag } from '#core/flags.ts';
import type { IngestMessageInput } from '#core/ingest-message.ts';

/**
 * SQS takes at most 256 KiB per message. This leaves room for the attributes and the JSON
 * escaping of control characters, which a character count does not see.
 */
export const MAX_QUEUE_MESSAGE_BYTES = 240 * 1024;

function size(message: IngestMessageInput): number {
  return Buffer.byteLength(JSON.stringify(message), 'utf8');
}

/**
 * Shrinks a message that would not fit on the queue: first the HTML goes, then the full text,
 * then the shown text is shortened. It is flagged `truncated`; the original stays in storage.
 */
export function fitForQueue(
  message: IngestMessageInput,
  limit = MAX_QUEUE_MESSAGE_BYTES,
): IngestMessageInput {
  if (size(message) <= limit) return message;
  const flags = new Set<InteractionFlag>([...(message.flags ?? []), 'truncated']);
  const note = 'the message was too large to keep whole on the timeline; the original is kept';
  const email = message.email
    ? { ...message.email, problems: [...(message.email.problems ?? []), note].slice(-20) }
    : undefined;
  let fitted: IngestMessageInput = { ...message, flags: [...flags], email };
  if (fitted.email?.html && size(fitted) > limit)
    fitted = { ...fitted, email: { ...fitted.email, html: undefined } };
  if (fitted.email?.fullText && size(fitted) > limit)
    fitted = { ...fitted, email: { ...fitted.email, fullText: undefined } };
  while (fitted.text && size(fitted) > limit) {
    const excess = size(fitted) - limit;
    const keep = Math.max(0, fitted.text.length - Math.max(1024, excess));
    fitted = { ...fitted, text: keep ? `${fitted.text.slice(0, keep)}…` : undefined };
  }
  if (fitted.email && size(fitted) > limit) {
    const { to = [], cc = [], recipients = [], references = [] } = fitted.email;
    fitted = {
      ...fitted,
      email: {
        ...fitted.email,
        to: to.slice(0, 10),
        cc: cc.slice(0, 10),
        recipients: recipients.slice(0, 10),
        references: references.slice(-10),
      },
    };
  }
  return fitted;
}
