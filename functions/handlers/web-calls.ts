import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import * as z from 'zod';
import { ConnectBusyError, ConnectRejectedError } from '#channels/connect/client.ts';
import type { WebCallStarter } from '#channels/connect/web-call-client.ts';
import { callInteractionId } from '#core/calls.ts';
import { type ChatSession, chatThreadKey } from '#core/chat-session.ts';
import { DomainError } from '#core/errors.ts';
import type { IdentityKey } from '#core/model.ts';
import {
  planWebCall,
  WEB_CALL_INITIATION,
  WEB_CALL_LIMITS,
  type WebCall,
  type WebCallLedger,
  type WebCallPlan,
  webCallAttributes,
} from '#core/web-calls.ts';
import type { AppDeps } from '#deps/app.ts';
import { tooManyRequests } from '#http/errors.ts';
import { httpHandler } from '#http/http-handler.ts';
import { parseJsonBody } from '#http/request.ts';
import { type HttpResult, json } from '#http/response.ts';
import { routeByKey } from '#http/router.ts';
import { logger } from '#shared/observability.ts';
import type { WebCallsRepo } from '#store/web-calls-repo.ts';
import { authorizedSession } from './chat-api.ts';

export const WebCallBodySchema = z.strictObject({
  /** Camera on both sides; otherwise an audio call. */
  video: z.boolean().default(false),
  /** The name the agent sees; the customer's name when absent. */
  displayName: z.string().trim().min(1).max(256).optional(),
  /** The app's id for this press of the call button: sent again on a retry, it gets the same call. */
  requestId: z.string().trim().min(1).max(128).optional(),
});

export type WebCallDeps = AppDeps & {
  webCalls: WebCallsRepo;
  /** Undefined when this deployment has no Connect instance or flow for web calls. */
  starter?: WebCallStarter | undefined;
};

const ENDED_STATES = new Set(['ended', 'completed']);
const MAX_PLAN_ATTEMPTS = 3;

/**
 * In-app and web calls: a chat session asks Amazon Connect for a voice or video call
 * (StartWebRTCContact). The call carries our record's id, the customer and the conversation as
 * contact attributes, so the flow can route on them and the screen pop shows the conversation;
 * its reports land on the session customer's timeline with the session's identity, verified.
 */
export function makeHandler(deps: WebCallDeps) {
  return httpHandler(
    logger,
    routeByKey({ 'POST /chat/sessions/{sessionId}/calls': (event) => startWebCall(event, deps) }),
  );
}

async function startWebCall(event: APIGatewayProxyEventV2, deps: WebCallDeps): Promise<HttpResult> {
  const session = await authorizedSession(event, deps);
  const body = parseJsonBody(event, WebCallBodySchema);
  if (!deps.starter) {
    throw new DomainError(
      'web_calls_not_configured',
      'in-app and web calls are not set up here: they need an Amazon Connect instance and a flow for them ' +
        '(ONETHREAD_CONNECT_INSTANCE_ARN and ONETHREAD_CONNECT_WEBRTC_FLOW_ID)',
    );
  }
  for (let attempt = 0; attempt < MAX_PLAN_ATTEMPTS; attempt++) {
    const ledger = await deps.webCalls.ledger(session.sessionId);
    const plan = planWebCall({
      sessionId: session.sessionId,
      ledger,
      latestLive: await latestLive(ledger, deps),
      requestId: body.requestId,
      now: deps.clock.now(),
    });
    if (plan.action === 'refuse') refusal(plan);
    if (plan.action === 'repeat') {
      const call = await deps.webCalls.get(plan.webCallId);
      if (call) return connect(call, body.displayName, false, deps.starter, deps);
      continue;
    }
    const call = await newCall(session, plan, body.video, deps);
    if (await deps.webCalls.begin(call, plan.ledger, ledger.version)) {
      return connect(call, body.displayName, true, deps.starter, deps);
    }
  }
  throw new DomainError('conflict', 'another call request of this session is being handled; try again');
}

/** The record of a new call: who the session proves the caller is, and the session's conversation. */
async function newCall(
  session: ChatSession,
  plan: Extract<WebCallPlan, { action: 'start' }>,
  video: boolean,
  deps: WebCallDeps,
): Promise<WebCall> {
  const identity: IdentityKey = `chat:${session.sessionId}`;
  const [customer, conversationId] = await Promise.all([
    deps.customers.findByIdentity(identity),
    deps.conversations.threadConversation(chatThreadKey(session.sessionId)),
  ]);
  return {
    webCallId: plan.attempt.webCallId,
    sessionId: session.sessionId,
    customerId: customer?.customerId ?? session.customerId,
    ...(conversationId ? { conversationId } : {}),
    identity,
    media: video ? 'video' : 'audio',
    requestedAt: plan.attempt.at,
  };
}

/** Asks Connect for the call (again, for a repeat: the client token makes it the same contact). */
async function connect(
  call: WebCall,
  displayName: string | undefined,
  isNew: boolean,
  starter: WebCallStarter,
  deps: WebCallDeps,
): Promise<HttpResult> {
  const name = displayName ?? (await deps.customers.get(call.customerId))?.name ?? 'Customer';
  let connection: Awaited<ReturnType<WebCallStarter['start']>>;
  try {
    connection = await starter.start({
      webCallId: call.webCallId,
      displayName: name,
      media: call.media,
      attributes: webCallAttributes(call),
    });
  } catch (error) {
    if (isNew) await deps.webCalls.abandon(call).catch(() => undefined);
    throw connectFailure(error);
  }
  const started = await deps.webCalls.started(call, connection.contactId);
  await report(started, connection.contactId, deps);
  logger.info('web call started', {
    webCallId: call.webCallId,
    contactId: connection.contactId,
    customerId: call.customerId,
    media: call.media,
    repeat: !isNew,
  });
  return json(201, {
    webCallId: call.webCallId,
    contactId: connection.contactId,
    participantId: connection.participantId,
    participantToken: connection.participantToken,
    connectionData: connection.connectionData,
    media: call.media,
  });
}

/**
 * Our own first report of the call: it puts the call on the timeline even when Connect's first
 * events came before we knew the contact id. Best effort: Connect's events describe it too.
 */
async function report(call: WebCall, contactId: string, deps: WebCallDeps): Promise<void> {
  await deps.ingestQueue
    .send({
      type: 'call',
      channel: 'voice',
      contactId,
      event: {
        eventId: `webcall:${call.webCallId}`,
        type: 'INITIATED',
        at: call.requestedAt,
        initialContactId: contactId,
        initiationMethod: WEB_CALL_INITIATION,
        media: call.media,
      },
    })
    .catch((error: unknown) => logger.warn('web call report not queued', { error: (error as Error).name }));
}

/**
 * Whether the session's latest call still holds the line: being started, or started and not yet
 * reported ended. A call whose end never came stops counting after the longest plausible call.
 */
async function latestLive(ledger: WebCallLedger, deps: WebCallDeps): Promise<boolean> {
  const latest = ledger.attempts.at(-1);
  if (!latest) return false;
  const ageSeconds = (deps.clock.now().getTime() - Date.parse(latest.at)) / 1000;
  if (ageSeconds > WEB_CALL_LIMITS.longestCallSeconds) return false;
  const call = await deps.webCalls.get(latest.webCallId);
  if (!call) return false;
  if (!call.contactId) return ageSeconds < WEB_CALL_LIMITS.pendingSeconds;
  const interaction = await deps.timeline.get(callInteractionId(call.contactId));
  return !ENDED_STATES.has(interaction?.call?.state ?? '');
}

function refusal(plan: Extract<WebCallPlan, { action: 'refuse' }>): never {
  if (plan.reason === 'call-ended') {
    throw new DomainError('call_ended', "requestId: that request's call has ended; send a new requestId", {
      field: 'requestId',
    });
  }
  const message =
    plan.reason === 'call-in-progress'
      ? 'this session already has a call in progress'
      : `this session has asked for ${WEB_CALL_LIMITS.perHour} calls in the last hour`;
  throw tooManyRequests(message, plan.retryAfterSeconds, { reason: plan.reason });
}

function connectFailure(error: unknown): unknown {
  if (error instanceof ConnectBusyError) {
    const retryAfterSeconds = 5;
    return new DomainError(
      'connect_busy',
      'Amazon Connect is busy; try again shortly',
      { retryAfterSeconds },
      { retryAfterSeconds },
    );
  }
  if (error instanceof ConnectRejectedError) {
    logger.error('Connect refused a web call', { code: error.connectCode, reason: error.message });
    return new DomainError('connect_refused', `Amazon Connect refused the call (${error.connectCode})`);
  }
  return error;
}
