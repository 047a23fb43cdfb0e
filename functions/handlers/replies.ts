import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import * as z from 'zod';
import type { EmailDeps } from '#channels/email/deps.ts';
import { ensureMailFits, type ReplyFile } from '#channels/email/reply-plan.ts';
import { EmailReplySchema, sendEmailReply } from '#channels/email/send.ts';
import { AttachmentIdsSchema, type AttachmentStorage, servedAs } from '#core/attachments.ts';
import { chatReply } from '#core/chat-reply.ts';
import { DomainError, ProviderRefusedError } from '#core/errors.ts';
import { derivedId } from '#core/ids.ts';
import { type ReplyDeps, ReplyRequestSchema, sendReply } from '#core/replies.ts';
import type { Translator } from '#core/translation.ts';
import { replyDeps, type SendingDeps } from '#deps/app.ts';
import { requireCaller } from '#http/auth.ts';
import { ensureMayAnswer } from '#http/conversation-access.ts';
import { notFound } from '#http/errors.ts';
import { httpHandler } from '#http/http-handler.ts';
import { parseJsonBody, pathParameter, rawBody } from '#http/request.ts';
import { type HttpResult, json } from '#http/response.ts';
import { routeByKey } from '#http/router.ts';
import { safeJson } from '#shared/json.ts';
import type { Meter } from '#shared/metrics.ts';
import { logger } from '#shared/observability.ts';
import { type ClaimedAttachments, claimAttachments, requireStorage } from '#store/attachment-claims.ts';
import { LiveTranslation } from './translation-routes.ts';

/** Checked before anything is translated, with the limits the email sender holds it to. */
export const EmailReplyBodySchema = z.strictObject({
  channel: z.literal('email'),
  text: EmailReplySchema.shape.text,
  html: EmailReplySchema.shape.html,
  /** Files uploaded through `POST /conversations/{conversationId}/attachments`, sent as MIME attachments. */
  attachmentIds: AttachmentIdsSchema.optional(),
});

/** What replying needs: the provider clients, and optionally email and the router's view. */
export type RepliesDeps = SendingDeps &
  Partial<Pick<EmailDeps, 'email'>> & {
    /** Where translations come from, instead of Amazon Translate (tests); and their meter. */
    translator?: Translator | undefined;
    translationMeter?: Meter | undefined;
    /** Where agents' uploaded files are; without it, a reply naming one answers 501. */
    attachments?: AttachmentStorage | undefined;
  };

/**
 * Agents' replies: email through SES, WhatsApp, Messenger, Instagram, X and SMS through the
 * providers' send APIs. While a conversation's work item is assigned, only that agent or a
 * supervisor may answer.
 */
export function makeHandler(deps: RepliesDeps) {
  const core = replyDeps(deps);
  const translation = new LiveTranslation(deps, {
    translator: deps.translator,
    meter: deps.translationMeter,
  });
  return httpHandler(
    logger,
    routeByKey({
      'POST /conversations/{conversationId}/replies': (event) => reply(event, deps, core, translation),
      'GET /conversations/{conversationId}/translations': (event) => translation.inbound(event),
      'PUT /conversations/{conversationId}/translation': (event) => translation.toggle(event),
      'GET /whatsapp/templates': (event) => listTemplates(event, deps),
    }),
  );
}

/** Each file by a short-lived link the provider fetches it by, served as it is stored. */
async function providerFiles(claimed: ClaimedAttachments, deps: RepliesDeps) {
  if (claimed.attachments.length === 0) return undefined;
  const storage = requireStorage(deps.attachments);
  const media = await Promise.all(
    claimed.attachments.map(async (attachment) => {
      const file = { name: attachment.name ?? 'file', contentType: attachment.contentType ?? '' };
      const served = servedAs(file);
      return {
        url: await storage.shareLink(attachment.ref, served),
        contentType: served.contentType,
        name: file.name,
      };
    }),
  );
  return { attachments: claimed.attachments, media };
}

/** Each file's bytes for a mail, read from the private store, named and typed as stored. */
async function mailFiles(claimed: ClaimedAttachments, deps: RepliesDeps): Promise<ReplyFile[]> {
  if (claimed.attachments.length === 0) return [];
  const storage = requireStorage(deps.attachments);
  return Promise.all(
    claimed.attachments.map(async (attachment) => {
      const bytes = await storage.get(attachment.ref);
      if (!bytes) {
        throw new DomainError('attachment_gone', `attachmentIds: ${attachment.attachmentId} is gone`, {
          field: 'attachmentIds',
        });
      }
      const served = servedAs({ name: attachment.name ?? 'file', contentType: attachment.contentType ?? '' });
      return { attachment, name: attachment.name ?? 'file', contentType: served.contentType, bytes };
    }),
  );
}

/** The agent's uploads to this conversation that a reply names, checked before anything is sent. */
async function claimConversationAttachments(
  ids: readonly string[] | undefined,
  conversationId: string,
  deps: RepliesDeps,
): Promise<ClaimedAttachments> {
  if (!ids?.length) return claimAttachments(ids, { customerId: '', conversationId }, deps);
  const conversation = await deps.conversations.get(conversationId);
  if (!conversation) throw notFound('no such conversation');
  return claimAttachments(ids, { customerId: conversation.customerId, conversationId }, deps);
}

/**
 * Sends, then records the outbound interaction through the ingest queue (a refusal too), then
 * answers: 202 when the provider accepted the message, else its reason with a fitting status.
 */
async function reply(
  event: APIGatewayProxyEventV2,
  deps: RepliesDeps,
  core: ReplyDeps,
  translation: LiveTranslation,
): Promise<HttpResult> {
  const caller = requireCaller(event);
  const agentId = caller.subject;
  const conversationId = pathParameter(event, 'conversationId');
  await ensureMayAnswer(deps.workItems, caller, await deps.conversations.get(conversationId));
  const channel = requestedChannel(event);
  if (channel === 'email') return replyByEmail(event, deps, conversationId, agentId, translation);
  if (channel === 'chat') return replyByChat(event, deps, conversationId, agentId, translation);
  const body = parseJsonBody(event, ReplyRequestSchema);
  const claimed = await claimConversationAttachments(body.attachmentIds, conversationId, deps);
  const files = await providerFiles(claimed, deps);
  // An approved template goes out as approved: nothing of it is translated.
  const outgoing = body.text ? await translation.reply(conversationId, agentId, body.text) : undefined;
  const { record, interactionId, failure } = await sendReply(
    { ...body, text: outgoing?.text, conversationId, agentId, files },
    core,
  );
  await claimed.markStored();
  await deps.ingestQueue.send({ ...record, translation: outgoing?.translation });
  const provider = record.endpoint?.provider;
  const keys = { interactionId, conversationId, channel: record.channel, provider };
  if (!failure) {
    logger.info('reply sent', keys);
    return json(202, {
      accepted: true,
      interactionId,
      conversationId,
      channel: record.channel,
      providerMessageId: record.providerMessageId,
      deliveryStatus: 'accepted',
    });
  }
  logger.warn('reply refused by the provider', { ...keys, kind: failure.kind, code: failure.code });
  throw new ProviderRefusedError(failure.kind, failure.reason, {
    provider,
    providerCode: failure.code,
    retryAfterSeconds: failure.retryAfterSeconds,
    interactionId,
  });
}

/** The approved WhatsApp templates agents may send, as configured. */
async function listTemplates(event: APIGatewayProxyEventV2, deps: RepliesDeps): Promise<HttpResult> {
  requireCaller(event);
  return json(200, { templates: deps.config.whatsappTemplates ?? [] });
}

/** The channel named in the body, to pick the sender before validating the body for it. */
function requestedChannel(event: APIGatewayProxyEventV2): unknown {
  return (safeJson(rawBody(event).toString('utf8')) as { channel?: unknown } | null | undefined)?.channel;
}

export const ChatReplyBodySchema = z.strictObject({
  channel: z.literal('chat'),
  text: z.string().default(''),
  /** Files uploaded through `POST /conversations/{conversationId}/attachments`. */
  attachmentIds: AttachmentIdsSchema.optional(),
  /** Lets a retried request record the reply once. */
  replyId: z.string().min(1).max(128).optional(),
});

async function replyByChat(
  event: APIGatewayProxyEventV2,
  deps: RepliesDeps,
  conversationId: string,
  agentId: string,
  translation: LiveTranslation,
): Promise<HttpResult> {
  const body = parseJsonBody(event, ChatReplyBodySchema);
  const claimed = await claimConversationAttachments(body.attachmentIds, conversationId, deps);
  const text = body.text.trim();
  // A file alone has nothing to translate.
  const outgoing = text
    ? await translation.reply(conversationId, agentId, text)
    : { text, translation: undefined };
  const record = await chatReply(
    {
      conversationId,
      text: outgoing.text,
      agentId,
      replyId: body.replyId ?? event.requestContext.requestId,
      at: deps.clock.now().toISOString(),
      attachments: claimed.attachments,
    },
    deps,
  );
  await claimed.markStored();
  await deps.ingestQueue.send({ ...record, translation: outgoing.translation });
  const interactionId = derivedId('int', 'chat', record.providerMessageId);
  logger.info('chat reply sent', { interactionId, conversationId, channel: 'chat' });
  return json(202, {
    accepted: true,
    channel: 'chat',
    conversationId,
    interactionId,
    deliveryStatus: 'accepted',
    ...(outgoing.translation ? { translation: outgoing.translation } : {}),
  });
}

async function replyByEmail(
  event: APIGatewayProxyEventV2,
  deps: RepliesDeps,
  conversationId: string,
  agentId: string,
  translation: LiveTranslation,
): Promise<HttpResult> {
  const body = parseJsonBody(event, EmailReplyBodySchema);
  if (!deps.email) throw new DomainError('not_configured', 'email is not configured on this deployment');
  const claimed = await claimConversationAttachments(body.attachmentIds, conversationId, deps);
  const textBytes = Buffer.byteLength(body.text) + Buffer.byteLength(body.html ?? '');
  ensureMailFits(
    claimed.attachments.map((attachment) => attachment.size ?? 0),
    textBytes,
  );
  const outgoing = await translation.reply(conversationId, agentId, body.text, body.html);
  const files = await mailFiles(claimed, deps);
  // SES refusing is an EmailSendError, answered as any domain error is.
  const sent = await sendEmailReply(deps as EmailDeps, { conversationId, agentId, ...outgoing, files });
  await claimed.markStored();
  logger.info('email reply sent', { interactionId: sent.interactionId, conversationId, channel: 'email' });
  return json(202, {
    accepted: true,
    channel: 'email',
    conversationId,
    ...sent,
    ...(outgoing.translation ? { translation: outgoing.translation } : {}),
  });
}
