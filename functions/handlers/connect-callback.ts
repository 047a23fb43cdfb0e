import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import * as z from 'zod';
import { noticeCallback } from '#channels/connect/callback-notice.ts';
import type { ConnectRequestsQueue } from '#channels/connect/requests.ts';
import { DomainError, InvalidIdentityError } from '#core/errors.ts';
import { normalizePhone } from '#core/identity.ts';
import { derivedId } from '#core/ids.ts';
import { replyDeps, type SendingDeps } from '#deps/app.ts';
import { requireCaller } from '#http/auth.ts';
import { badRequest, notFound } from '#http/errors.ts';
import { httpHandler } from '#http/http-handler.ts';
import { parseJsonBody, pathParameter } from '#http/request.ts';
import { type HttpResult, json } from '#http/response.ts';
import { routeByKey } from '#http/router.ts';
import { logger } from '#shared/observability.ts';

export const CallbackBodySchema = z.strictObject({
  /** The number to call; the customer's own number when absent. */
  phone: z.string().min(3).max(64).optional(),
  /** The caller's id for this request: the same id never places two calls. */
  requestId: z.string().min(1).max(128).optional(),
});

/** Without a request id, asking again within this window asks for the same call. */
const SAME_REQUEST_WINDOW_MS = 10 * 60_000;

export type CallbackDeps = SendingDeps & { connectRequests: Pick<ConnectRequestsQueue, 'send'> };

/**
 * Chat or social to voice: an agent asks Amazon Connect to call the customer back. The call is
 * queued for Connect (paced, retried when throttled) with the conversation id in its attributes,
 * so the outbound flow's lookup puts the call in the same conversation, and the customer is told
 * on the channel they wrote from that a call is coming.
 */
export function makeHandler(deps: CallbackDeps) {
  return httpHandler(
    logger,
    routeByKey({
      'POST /conversations/{conversationId}/callback': (event) => requestCallback(event, deps),
    }),
  );
}

async function requestCallback(event: APIGatewayProxyEventV2, deps: CallbackDeps): Promise<HttpResult> {
  const caller = requireCaller(event);
  const body = parseJsonBody(event, CallbackBodySchema);
  const conversationId = pathParameter(event, 'conversationId');
  const conversation = await deps.conversations.get(conversationId);
  if (!conversation) throw notFound('no such conversation');
  const customer = await deps.customers.get(conversation.customerId);
  if (!customer) throw notFound('no such customer');
  const phone = body.phone
    ? normalized(body.phone, deps.config.defaultCountry)
    : customer.identities.find((identity) => identity.startsWith('phone:'))?.slice('phone:'.length);
  if (!phone) {
    throw new DomainError('no_phone_number', 'the customer has no phone number; give one as `phone`');
  }
  const window = Math.floor(deps.clock.now().getTime() / SAME_REQUEST_WINDOW_MS);
  const clientToken = derivedId('callback', conversationId, phone, body.requestId ?? `window-${window}`);
  await deps.connectRequests.send({
    operation: 'startOutboundVoice',
    clientToken,
    conversationId,
    customerId: customer.customerId,
    destinationPhoneNumber: phone,
    attributes: { reason: 'callback-request', requestedBy: caller.agentId },
  });
  logger.info('callback requested', { conversationId, customerId: customer.customerId });
  const notifiedOn = await noticeCallback(
    conversation,
    { phone, agentId: caller.agentId, requestId: clientToken },
    { ...replyDeps(deps), timeline: deps.timeline, ingestQueue: deps.ingestQueue },
  ).catch((error: unknown) => {
    logger.warn('could not tell the customer a call is coming', {
      conversationId,
      error: (error as Error).name,
    });
    return undefined;
  });
  return json(202, { conversationId, phone, clientToken, notifiedOn: notifiedOn ?? null });
}

function normalized(raw: string, defaultCountry: string): string {
  try {
    return normalizePhone(raw, defaultCountry);
  } catch (error) {
    if (error instanceof InvalidIdentityError) throw badRequest('phone', 'phone: not a phone number');
    throw error;
  }
}
