import { createHash } from 'node:crypto';
import * as z from 'zod';
import { AttachmentIdsSchema } from './attachments.ts';
import { DomainError } from './errors.ts';

/** A web chat session: the visitor's token is only ever stored as a hash. */
export const ChatSessionSchema = z.object({
  sessionId: z.string(),
  customerId: z.string(),
  tokenHash: z.string(),
  topic: z.string().optional(),
  createdAt: z.iso.datetime({ offset: true }),
});
export type ChatSession = z.infer<typeof ChatSessionSchema>;

export const CreateChatSessionSchema = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  email: z.string().trim().max(320).optional(),
  phone: z.string().trim().max(40).optional(),
  topic: z.string().trim().min(1).max(64).optional(),
  /** A JWT the company's backend signed for its signed-in user (docs/identity.md). */
  identityToken: z.string().trim().min(1).max(8192).optional(),
});

export const ChatMessageSchema = z
  .strictObject({
    text: z.string().trim().max(8000).default(''),
    clientMessageId: z.string().trim().min(1).max(128),
    /**
     * The widget is showing the customer articles for this message: it waits on the timeline
     * for their answer (`POST …/deflection`) before it opens a work item.
     */
    deflection: z.literal('offered').optional(),
    /** Files uploaded through `POST …/attachments` that go with the message. */
    attachmentIds: AttachmentIdsSchema.optional(),
  })
  .refine((message) => message.text.length > 0 || (message.attachmentIds?.length ?? 0) > 0, {
    path: ['text'],
    message: 'a message needs text or an attachment',
  });

/**
 * A session's first acceptance of a client message id. Every later copy of that message (a
 * client's retry, a second tab) is stamped with this time, so whichever copy ingest reads first
 * stores the same entry in the same place on the timeline.
 */
export const ChatAcceptanceSchema = z.object({
  clientMessageId: z.string(),
  at: z.iso.datetime({ offset: true }),
  /** Of the text, so that a copy can be told apart from a different message under a reused id. */
  textDigest: z.string(),
});
export type ChatAcceptance = z.infer<typeof ChatAcceptanceSchema>;

export function chatAcceptance(clientMessageId: string, text: string, at: Date): ChatAcceptance {
  return {
    clientMessageId,
    at: at.toISOString(),
    textDigest: createHash('sha256').update(text).digest('base64url'),
  };
}

/**
 * The time a message goes onto the queue with: the first acceptance's. A different text under an
 * id already accepted is refused, as only one of the two could ever reach the timeline.
 */
export function acceptedAt(first: ChatAcceptance, copy: ChatAcceptance): string {
  if (first.textDigest !== copy.textDigest) {
    throw new DomainError(
      'conflict',
      `clientMessageId ${copy.clientMessageId} was already accepted with another text`,
      { field: 'clientMessageId' },
    );
  }
  return first.at;
}

export function chatThreadKey(sessionId: string): string {
  return `chat:${sessionId}`;
}
