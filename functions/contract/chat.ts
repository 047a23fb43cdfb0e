import * as z from 'zod';
import { ChatCallbackBodySchema } from '#channels/chat/callback.ts';
import { EndChatBodySchema } from '#channels/chat/presence.ts';
import { ChatMessageSchema, CreateChatSessionSchema } from '#core/chat-session.ts';
import { DeflectionAnswerSchema } from '#core/deflection.ts';
import { ConfirmEmailCodeSchema, SendEmailCodeSchema } from '#core/email-code.ts';
import { DirectionSchema } from '#core/model.ts';
import { ChatSurveyCardSchema } from '#core/survey.ts';
import { WebCallMediaSchema } from '#core/web-calls.ts';
import { ChatSurveyBodySchema, TranscriptBodySchema } from '#handlers/surveys-api.ts';
import { WebCallBodySchema } from '#handlers/web-calls.ts';
import type { RouteContract } from './contract.ts';

const isoTime = z.iso.datetime({ offset: true });
const session = ['chatSession'] as const;

export const ChatSessionOpenedSchema = z
  .object({
    sessionId: z.string(),
    /** Sent as `Authorization: Bearer <token>` on every later call of the session. */
    token: z.string(),
    customerId: z.string(),
    /** The WebSocket the session's page listens on (docs/chat-client.md); absent where there is none. */
    liveUrl: z.string().optional(),
  })
  .meta({ id: 'ChatSessionOpened' });

export const ChatThreadMessageSchema = z
  .object({
    messageId: z.string(),
    direction: DirectionSchema,
    text: z.string(),
    at: isoTime,
    /** The id the widget gave its own message. */
    clientMessageId: z.string().optional(),
    /** The files that went with it, by name: agents read them, the page lists them. */
    attachments: z
      .array(
        z.object({
          attachmentId: z.string().optional(),
          name: z.string().optional(),
          contentType: z.string().optional(),
          size: z.number().optional(),
        }),
      )
      .optional(),
    survey: ChatSurveyCardSchema.optional(),
  })
  .meta({ id: 'ChatThreadMessage' });

export const ChatThreadSchema = z.object({
  sessionId: z.string(),
  messages: z.array(ChatThreadMessageSchema),
  agentTypingUntil: isoTime.optional(),
});

export const QueueStatusSchema = z
  .object({
    queueId: z.string().nullable(),
    state: z.enum(['waiting', 'offered', 'assigned', 'closed']),
    position: z.number().int().nullable(),
    estimatedWaitSeconds: z.number().nullable(),
    /** Whether the queue is within its opening hours. */
    open: z.boolean(),
    /** While closed, when it opens next; work waits until then. */
    nextOpening: isoTime.optional(),
  })
  .meta({ id: 'ChatQueueStatus' });

const TypingAcceptedSchema = z.object({ accepted: z.literal(true), typingUntil: isoTime.optional() });

export const CHAT_CONTRACTS: Record<string, RouteContract> = {
  'POST /chat/sessions': {
    summary: 'Open a chat session',
    description: 'Typed email and phone are claims; an `identityToken` the company signed proves who it is.',
    body: CreateChatSessionSchema,
    responses: { 201: { description: 'The session and its token', schema: ChatSessionOpenedSchema } },
    errors: [401],
  },
  'POST /chat/sessions/{sessionId}/messages': {
    summary: "Send the visitor's message",
    security: session,
    body: ChatMessageSchema,
    responses: {
      202: {
        description: 'Queued for ingest; a retry with the same `clientMessageId` is the same message',
        schema: z.object({ accepted: z.literal(true), clientMessageId: z.string() }),
      },
    },
  },
  'GET /chat/sessions/{sessionId}/messages': {
    summary: "The session's thread",
    security: session,
    responses: { 200: { description: 'Messages both ways, oldest first', schema: ChatThreadSchema } },
  },
  'GET /chat/sessions/{sessionId}/queue': {
    summary: "The visitor's place in line",
    security: session,
    responses: { 200: { description: 'Place, estimate and opening hours', schema: QueueStatusSchema } },
  },
  'POST /chat/sessions/{sessionId}/callback': {
    summary: 'Ask for a call back instead of waiting',
    security: session,
    body: ChatCallbackBodySchema,
    responses: {
      202: {
        description: 'The work item keeps its place and carries the request',
        schema: z.object({
          workItemId: z.string(),
          phone: z.string(),
          estimatedWaitSeconds: z.number().nullable(),
          message: z.string(),
        }),
      },
    },
    errors: [409],
  },
  'POST /chat/sessions/{sessionId}/end': {
    summary: 'Leave the chat (End chat, or the page-hide beacon)',
    description: 'The beacon sends the token in a `text/plain` body, as it cannot set a header.',
    security: session,
    body: EndChatBodySchema,
    responses: {
      202: {
        description: 'Whether the waiting item was abandoned',
        schema: z.object({ abandoned: z.boolean(), leaving: z.boolean() }),
      },
    },
  },
  'POST /chat/sessions/{sessionId}/calls': {
    summary: 'Start a web or in-app call through Amazon Connect',
    security: session,
    body: WebCallBodySchema,
    responses: {
      201: {
        description: 'What the Connect client needs to join the call',
        schema: z.object({
          webCallId: z.string(),
          contactId: z.string(),
          participantId: z.string(),
          participantToken: z.string(),
          connectionData: z.unknown(),
          media: WebCallMediaSchema,
        }),
      },
    },
    errors: [409, 429, 502],
  },
  'POST /chat/sessions/{sessionId}/email-verification': {
    summary: 'Send a code to an email the visitor gives',
    security: session,
    body: SendEmailCodeSchema,
    responses: {
      202: {
        description: 'The code is on its way',
        schema: z.object({ sent: z.literal(true), expiresInSeconds: z.number(), attempts: z.number() }),
      },
    },
    errors: [429],
  },
  'POST /chat/sessions/{sessionId}/email-verification/confirm': {
    summary: 'Prove the email by typing back its code',
    security: session,
    body: ConfirmEmailCodeSchema,
    responses: {
      200: {
        description: 'The email is now a verified identity of the customer',
        schema: z.object({ verified: z.literal(true), customerId: z.string() }),
      },
    },
    errors: [429],
  },
  'POST /chat/sessions/{sessionId}/deflection': {
    summary: 'Answer the articles offered before queueing',
    security: session,
    body: DeflectionAnswerSchema,
    responses: {
      200: { description: 'The answer as recorded (the first one counts)', schema: DeflectionAnswerSchema },
    },
  },
  'POST /chat/sessions/{sessionId}/typing': {
    summary: 'The visitor is typing',
    security: session,
    responses: { 202: { description: 'Told to the agent', schema: TypingAcceptedSchema } },
  },
  'POST /conversations/{conversationId}/typing': {
    summary: 'The agent is typing',
    responses: { 202: { description: 'Told to the chat visitor', schema: TypingAcceptedSchema } },
  },
  'GET /conversations/{conversationId}/typing': {
    summary: 'Until when the chat visitor is typing',
    responses: {
      200: {
        description: 'Absent `customerTypingUntil`: not typing',
        schema: z.object({ conversationId: z.string(), customerTypingUntil: isoTime.optional() }),
      },
    },
  },
  'POST /chat/sessions/{sessionId}/survey': {
    summary: "Answer the chat's satisfaction survey card",
    security: session,
    body: ChatSurveyBodySchema,
    responses: {
      200: {
        description: 'Which answer is kept: this one, or an earlier one',
        schema: z.object({ workItemId: z.string(), kept: z.enum(['this', 'earlier']), message: z.string() }),
      },
    },
    errors: [403],
  },
  'POST /chat/sessions/{sessionId}/transcript': {
    summary: "Email the chat's transcript to the visitor",
    security: session,
    body: TranscriptBodySchema,
    responses: {
      202: {
        description: 'The transcript is on its way',
        schema: z.object({ accepted: z.literal(true), sessionId: z.string() }),
      },
    },
    errors: [429],
  },
};
