import { z } from 'zod';

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
});

export const ChatMessageSchema = z.strictObject({
  text: z.string().trim().min(1).max(8000),
  clientMessageId: z.string().trim().min(1).max(128),
});

export function chatThreadKey(sessionId: string): string {
  return `chat:${sessionId}`;
}
