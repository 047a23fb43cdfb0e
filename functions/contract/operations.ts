import * as z from 'zod';
import { MetaEnvelopeSchema } from '#channels/meta/schemas.ts';
import { TwilioParamsSchema } from '#channels/twilio/normalize.ts';
import { CrcQuerySchema, XEnvelopeSchema } from '#channels/x/schemas.ts';
import { ReplyTranslationSchema } from '#core/language.ts';
import { ChannelSchema, DeliveryStatusSchema } from '#core/model.ts';
import { ReplyRequestSchema } from '#core/replies.ts';
import { WhatsAppTemplateSchema } from '#core/whatsapp-templates.ts';
import { CallbackBodySchema } from '#handlers/connect-callback.ts';
import { ChatReplyBodySchema, EmailReplyBodySchema } from '#handlers/replies.ts';
import { TranslationSwitchSchema } from '#handlers/translation-routes.ts';
import type { RouteContract } from './contract.ts';

/** An agent's reply as taken: its timeline entry, and its words before translation when translated. */
export const ReplyAcceptedSchema = z
  .looseObject({
    accepted: z.literal(true),
    channel: ChannelSchema,
    conversationId: z.string(),
    interactionId: z.string(),
    deliveryStatus: DeliveryStatusSchema,
    providerMessageId: z.string().optional(),
    translation: ReplyTranslationSchema.optional(),
  })
  .meta({ id: 'ReplyAccepted' });

/** One of the customer's messages in the agent's language (InboundTranslation). */
const InboundTranslationSchema = z.object({
  interactionId: z.string(),
  from: z.string(),
  to: z.string(),
  status: z.enum(['translated', 'unavailable', 'same-language']),
  text: z.string().optional(),
  note: z.string().optional(),
});

export const ConversationTranslationsSchema = z
  .object({
    conversationId: z.string(),
    customerLanguage: z.string().nullable(),
    agentLanguage: z.string(),
    /** On for the deployment and not turned off for this conversation. */
    enabled: z.boolean(),
    /** On for the deployment. */
    available: z.boolean(),
    /** The agent does not speak the customer's language: the conversation's switch matters. */
    needed: z.boolean(),
    translating: z.boolean(),
    translations: z.array(InboundTranslationSchema),
  })
  .meta({ id: 'ConversationTranslations' });

/** Meta's subscription handshake, as subscriptionChallenge reads it. */
const MetaHandshakeQuerySchema = z.object({
  'hub.mode': z.literal('subscribe'),
  'hub.verify_token': z.string(),
  'hub.challenge': z.string().min(1),
});

/** The emailed survey page's form: a rating, a comment and `q_<id>` for each queue question. */
const SurveyFormSchema = z.looseObject({
  rating: z.string().regex(/^[1-5]$/),
  comment: z.string().optional(),
});

const html = (description: string) => ({ description, mediaType: 'text/html', schema: z.string() });
const signature = (name: string) =>
  z.object({ [name]: z.string().meta({ description: "The provider's signature of the request" }) });
const received = {
  200: {
    description: 'Each usable item is queued for ingest',
    schema: z.object({ received: z.number().int() }),
  },
};

export const OPERATION_CONTRACTS: Record<string, RouteContract> = {
  'POST /conversations/{conversationId}/replies': {
    summary: "Reply on the conversation's channel",
    body: z.union([ChatReplyBodySchema, EmailReplyBodySchema, ReplyRequestSchema]),
    responses: {
      202: { description: 'Sent; delivery reports follow on the timeline', schema: ReplyAcceptedSchema },
    },
    errors: [403, 409, 422, 429, 502],
  },
  'GET /conversations/{conversationId}/translations': {
    summary: "The customer's latest messages in the calling agent's language",
    responses: { 200: { description: 'Translations', schema: ConversationTranslationsSchema } },
  },
  'PUT /conversations/{conversationId}/translation': {
    summary: 'Turn live translation off (or on again) for the conversation',
    body: TranslationSwitchSchema,
    responses: {
      200: { description: 'As set', schema: TranslationSwitchSchema.extend({ conversationId: z.string() }) },
    },
  },
  'GET /whatsapp/templates': {
    summary: 'The approved WhatsApp templates agents may send',
    responses: {
      200: { description: 'As configured', schema: z.object({ templates: z.array(WhatsAppTemplateSchema) }) },
    },
  },
  'POST /conversations/{conversationId}/callback': {
    summary: 'Ask Amazon Connect to call the customer back',
    body: CallbackBodySchema,
    responses: {
      202: {
        description: 'The call is queued; the customer is told on their channel',
        schema: z.object({
          conversationId: z.string(),
          phone: z.string(),
          clientToken: z.string(),
          notifiedOn: ChannelSchema.nullable(),
        }),
      },
    },
    errors: [409],
  },
  'GET /health': {
    summary: 'Readiness of the data path',
    responses: {
      200: {
        description: 'Every dependency answers (503 names those that do not)',
        schema: z.object({
          status: z.enum(['ok', 'unavailable']),
          dependencies: z.record(z.string(), z.enum(['ok', 'unavailable'])),
        }),
      },
    },
  },
  'GET /openapi.json': {
    summary: 'This document',
    responses: { 200: { description: 'OpenAPI 3.1', schema: z.looseObject({ openapi: z.string() }) } },
  },
  'GET /webhooks/meta': {
    summary: "Meta's subscription handshake",
    query: MetaHandshakeQuerySchema,
    responses: { 200: { description: 'The challenge, echoed', mediaType: 'text/plain', schema: z.string() } },
    errors: [403],
  },
  'POST /webhooks/meta': {
    summary: 'Messenger, Instagram and WhatsApp deliveries',
    headers: signature('x-hub-signature-256'),
    body: MetaEnvelopeSchema,
    responses: received,
  },
  'GET /webhooks/x': {
    summary: "X's Challenge-Response Check",
    query: CrcQuerySchema,
    responses: {
      200: { description: 'The answer X checks', schema: z.object({ response_token: z.string() }) },
    },
  },
  'POST /webhooks/x': {
    summary: 'X direct-message events',
    headers: signature('x-twitter-webhooks-signature'),
    body: XEnvelopeSchema,
    responses: received,
  },
  'POST /webhooks/twilio/sms': {
    summary: 'Twilio SMS, MMS and WhatsApp messages and status callbacks',
    headers: signature('x-twilio-signature'),
    body: { schema: TwilioParamsSchema, mediaType: 'application/x-www-form-urlencoded' },
    responses: { 200: { description: 'Empty TwiML', mediaType: 'text/xml', schema: z.string() } },
    errors: [403],
  },
  'GET /surveys/{token}': {
    summary: 'The emailed survey link: its page',
    responses: { 200: html('The form, or the thanks once answered') },
    errors: [403, 410],
  },
  'POST /surveys/{token}': {
    summary: 'The survey page answered',
    body: { schema: SurveyFormSchema, mediaType: 'application/x-www-form-urlencoded' },
    responses: { 200: html('Thanks') },
    errors: [403, 410],
  },
};
