import { randomBytes } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { appSightings } from '#channels/chat/app-identity.ts';
import { ChatCallbackBodySchema, requestChatCallback } from '#channels/chat/callback.ts';
import { confirmEmailCode, sendEmailCode } from '#channels/chat/email-verification.ts';
import { toChatMessage, visibleToVisitor } from '#channels/chat/messages.ts';
import { endChat, parseEndBody } from '#channels/chat/presence.ts';
import { queueStatus, WaitBoards } from '#channels/chat/queue-status.ts';
import { hashSessionToken, sessionTokenMatches } from '#channels/chat/session-token.ts';
import { agentTyping, agentTypingUntil, conversationTyping, customerTyping } from '#channels/chat/typing.ts';
import type { CodeMailer } from '#channels/email/code-mailer.ts';
import type { AttachmentStorage } from '#core/attachments.ts';
import {
  acceptedAt,
  ChatMessageSchema,
  type ChatSession,
  CreateChatSessionSchema,
  chatAcceptance,
  chatThreadKey,
} from '#core/chat-session.ts';
import { DeflectionAnswerSchema } from '#core/deflection.ts';
import { ConfirmEmailCodeSchema, SendEmailCodeSchema } from '#core/email-code.ts';
import { queueForEntryPoint } from '#core/entry-points.ts';
import { InvalidIdentityError } from '#core/errors.ts';
import { normalizeIdentity } from '#core/identity.ts';
import { newId } from '#core/ids.ts';
import type { IdentityKey, IdentitySighting } from '#core/model.ts';
import { timelineOwners } from '#core/resolution.ts';
import type { AppDeps } from '#deps/app.ts';
import { badRequest, notFound, unauthorized } from '#http/errors.ts';
import { httpHandler } from '#http/http-handler.ts';
import { type IdentityTokenVerifier, identityTokenVerifier } from '#http/identity-token.ts';
import { bearerToken, parseJsonBody, pathParameter } from '#http/request.ts';
import { type HttpResult, json } from '#http/response.ts';
import { routeByKey } from '#http/router.ts';
import { loadRoutingSettings } from '#routing/config.ts';
import type { PartitionMap } from '#routing/partitions.ts';
import type { RoutingQueues } from '#routing/routing-queue.ts';
import { logger } from '#shared/observability.ts';
import { claimAttachments } from '#store/attachment-claims.ts';
import { expiryOf } from '#store/chat-sessions-repo.ts';
import { DeflectionsRepo } from '#store/deflections-repo.ts';
import { countKb } from '#store/queue-stats.ts';
import { VerificationRepo } from '#store/verification-repo.ts';

/** What the chat API needs beyond the app's deps; each has a default built from those. */
export interface ChatServices {
  /** Sends email codes; without it, email verification answers 503. */
  codeMailer?: CodeMailer | undefined;
  identityTokens?: IdentityTokenVerifier;
  verifications?: VerificationRepo;
  /** Where waiting visitors' places in line are read. */
  waitBoards?: WaitBoards;
  /** Which routing partition holds each queue (the local runtime passes its own). */
  partitions?: PartitionMap;
  /** Where a visitor's leaving and presence are told to routing; without it, neither is. */
  routingQueues?: RoutingQueues | undefined;
  /** Where attached files are; without it, a message naming one answers 501. */
  attachments?: AttachmentStorage | undefined;
  /** The live-updates WebSocket a session's page listens on; without it, pages poll. */
  liveUrl?: ((event: APIGatewayProxyEventV2) => string | undefined) | undefined;
}
export type ChatDeps = AppDeps & ChatServices;
type Chat = AppDeps &
  Required<Omit<ChatServices, 'codeMailer' | 'partitions' | 'routingQueues' | 'attachments' | 'liveUrl'>> &
  Pick<ChatServices, 'codeMailer' | 'routingQueues' | 'attachments' | 'liveUrl'> & {
    partitions: PartitionMap;
  };

/**
 * Web chat: a visitor opens a session, then writes; messages go through the ingest queue. Typing
 * signals of both the visitor and the agent answering them are kept here too.
 */
export function makeHandler(given: ChatDeps) {
  const partitions = given.partitions ?? loadRoutingSettings(process.env).partitions;
  const deps: Chat = {
    ...given,
    partitions,
    identityTokens: given.identityTokens ?? identityTokenVerifier(given.config.identityTokens, given.clock),
    verifications: given.verifications ?? new VerificationRepo(given.table),
    waitBoards: given.waitBoards ?? new WaitBoards(given, partitions),
  };
  return httpHandler(
    logger,
    routeByKey({
      'POST /chat/sessions': (event) => createSession(event, deps),
      'POST /chat/sessions/{sessionId}/messages': (event) => postMessage(event, deps),
      'GET /chat/sessions/{sessionId}/messages': (event) => listMessages(event, deps),
      'GET /chat/sessions/{sessionId}/queue': async (event) =>
        json(200, await queueStatus(await authorizedSession(event, deps), deps, deps.waitBoards)),
      'POST /chat/sessions/{sessionId}/callback': async (event) => {
        const session = await authorizedSession(event, deps);
        const body = parseJsonBody(event, ChatCallbackBodySchema);
        return json(202, await requestChatCallback(session, body, deps, deps.waitBoards));
      },
      'POST /chat/sessions/{sessionId}/end': async (event) => {
        const body = parseEndBody(event);
        // Only here may the token come in the body: the page-hide beacon cannot set a header.
        const session = await authorizedSession(event, deps, bearerToken(event) ?? body.token);
        return json(202, await endChat(session, body, deps));
      },
      'POST /chat/sessions/{sessionId}/deflection': (event) => answerDeflection(event, deps),
      'POST /chat/sessions/{sessionId}/typing': async (event) =>
        customerTyping(await authorizedSession(event, deps), deps),
      'POST /conversations/{conversationId}/typing': (event) => agentTyping(event, deps),
      'GET /conversations/{conversationId}/typing': (event) => conversationTyping(event, deps),
      'POST /chat/sessions/{sessionId}/email-verification': async (event) => {
        const session = await authorizedSession(event, deps);
        const { email } = parseJsonBody(event, SendEmailCodeSchema);
        return sendEmailCode(session, identityField('email', email, deps), deps);
      },
      'POST /chat/sessions/{sessionId}/email-verification/confirm': async (event) => {
        const session = await authorizedSession(event, deps);
        return confirmEmailCode(session, parseJsonBody(event, ConfirmEmailCodeSchema).code, deps);
      },
    }),
  );
}

async function createSession(event: APIGatewayProxyEventV2, deps: Chat): Promise<HttpResult> {
  const body = parseJsonBody(event, CreateChatSessionSchema);
  // Checked before anything is written: a refused token leaves no session and no customer.
  const vouched = body.identityToken
    ? appSightings(await deps.identityTokens.verify(body.identityToken), deps.config.defaultCountry)
    : [];
  const sessionId = newId('chat', deps.clock.now());
  // The session proves only itself; what the visitor types is shown to agents as a claim.
  const identities: IdentitySighting[] = [
    { identity: `chat:${sessionId}`, trust: 'verified', evidence: 'chat:session' },
    ...vouched,
  ];
  if (body.email) identities.push(claimed(identityField('email', body.email, deps)));
  if (body.phone) identities.push(claimed(identityField('phone', body.phone, deps)));

  const at = deps.clock.now().toISOString();
  const customer = await deps.customers.resolve(identities, { at, channel: 'chat', name: body.name });
  const token = randomBytes(32).toString('base64url');
  const session: ChatSession = {
    sessionId,
    customerId: customer.customerId,
    tokenHash: hashSessionToken(token),
    topic: body.topic,
    createdAt: at,
  };
  await deps.chatSessions.create(session);
  logger.info('chat session opened', {
    sessionId,
    customerId: customer.customerId,
    identified: vouched.length > 0,
  });
  const liveUrl = deps.liveUrl?.(event);
  return json(201, { sessionId, token, customerId: customer.customerId, ...(liveUrl ? { liveUrl } : {}) });
}

async function postMessage(event: APIGatewayProxyEventV2, deps: ChatDeps): Promise<HttpResult> {
  const session = await authorizedSession(event, deps);
  const body = parseJsonBody(event, ChatMessageSchema);
  const claimed = await claimAttachments(
    body.attachmentIds,
    { customerId: session.customerId, sessionId: session.sessionId },
    deps,
  );
  // A retry is sent again (the earlier send may not have reached the queue), but with the time
  // of the first acceptance: whichever copy ingest stores first, the entry is the same.
  const copy = chatAcceptance(body.clientMessageId, body.text, deps.clock.now());
  const at = acceptedAt(await deps.chatSessions.accept(session, copy), copy);
  await claimed.markStored();
  await deps.ingestQueue.send({
    type: 'interaction',
    channel: 'chat',
    direction: 'inbound',
    providerMessageId: `${session.sessionId}:${body.clientMessageId}`,
    at,
    identities: [`chat:${session.sessionId}`],
    text: body.text,
    threadKey: chatThreadKey(session.sessionId),
    entryPoint: session.topic,
    profile: {},
    attachments: claimed.attachments,
    flags: body.deflection === 'offered' ? ['deflection-offered'] : [],
  });
  return json(202, { accepted: true, clientMessageId: body.clientMessageId });
}

/**
 * The customer's answer to the articles offered for a held message: answered closes it with no
 * work item (counted as deflected); a person opens the work item at once, queued at the
 * message's own time, so asking first costs the customer no place in the queue.
 */
async function answerDeflection(event: APIGatewayProxyEventV2, deps: AppDeps): Promise<HttpResult> {
  const session = await authorizedSession(event, deps);
  const body = parseJsonBody(event, DeflectionAnswerSchema);
  const deflections = new DeflectionsRepo(deps.table);
  if (!(await deflections.accepted(session.sessionId, body.clientMessageId))) {
    throw badRequest('clientMessageId', 'clientMessageId: this session sent no such message');
  }
  const now = deps.clock.now();
  const recorded = await deflections.record(
    session.sessionId,
    { ...body, at: now.toISOString() },
    expiryOf(session),
  );
  const { outcome } = recorded.answer;
  // Sent on every ask, not only the first: a release lost after the answer was recorded is
  // sent again by the customer's retry, and ingest opens the work item only once.
  if (outcome === 'person') {
    await deps.ingestQueue.send({
      type: 'release',
      channel: 'chat',
      providerMessageId: `${session.sessionId}:${recorded.answer.clientMessageId}`,
      entryPoint: session.topic,
    });
  }
  if (recorded.first) {
    const queue = queueForEntryPoint(deps.config.routingRules, 'chat', session.topic);
    await countKb(deps.table, queue.queueId, now, outcome === 'answered' ? 'kbDeflected' : 'kbEscalated');
    logger.info('deflection answered', { sessionId: session.sessionId, outcome, articleId: body.articleId });
  }
  return json(200, recorded.answer);
}

async function listMessages(event: APIGatewayProxyEventV2, deps: AppDeps): Promise<HttpResult> {
  const session = await authorizedSession(event, deps);
  const customer = await deps.customers.get(session.customerId);
  const owners = customer ? timelineOwners(customer) : [session.customerId];
  const [interactions, typingUntil] = await Promise.all([
    deps.timeline.thread(owners, chatThreadKey(session.sessionId)),
    agentTypingUntil(session, deps),
  ]);
  return json(200, {
    sessionId: session.sessionId,
    messages: interactions.filter(visibleToVisitor).map((i) => toChatMessage(i, session.sessionId)),
    agentTypingUntil: typingUntil,
  });
}

/** The token is checked before anything else about the request is looked at. */
export async function authorizedSession(
  event: APIGatewayProxyEventV2,
  deps: AppDeps,
  token = bearerToken(event),
): Promise<ChatSession> {
  if (!token) throw unauthorized('missing chat session token');
  const session = await deps.chatSessions.get(pathParameter(event, 'sessionId'));
  if (!session) throw notFound('no such chat session');
  if (!sessionTokenMatches(session, token)) throw unauthorized('invalid chat session token');
  return session;
}

function claimed(identity: IdentityKey): IdentitySighting {
  return { identity, trust: 'claimed', evidence: 'chat:form' };
}

function identityField(field: 'email' | 'phone', value: string, deps: AppDeps): IdentityKey {
  try {
    return normalizeIdentity(`${field}:${value}`, { defaultCountry: deps.config.defaultCountry });
  } catch (error) {
    if (error instanceof InvalidIdentityError) throw badRequest(field, `${field}: ${error.details.reason}`);
    throw error;
  }
}
