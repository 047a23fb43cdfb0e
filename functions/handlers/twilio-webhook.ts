import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { requireSecret } from '#channels/common/channel-secrets.ts';
import { admit, invalidSignature, plain, webhookBody } from '#channels/common/webhook.ts';
import { normalizeTwilioParams, parseTwilioParams } from '#channels/twilio/normalize.ts';
import { verifyTwilioSignature } from '#channels/twilio/signature.ts';
import type { AppDeps } from '#deps/app.ts';
import { badRequest, forbidden } from '#http/errors.ts';
import { httpHandler } from '#http/http-handler.ts';
import { header } from '#http/request.ts';
import type { HttpResult } from '#http/response.ts';
import { routeByKey } from '#http/router.ts';
import { logger } from '#shared/observability.ts';

/** An empty TwiML answer: nothing is sent back inline; replies go out through the Messages API. */
export const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

/** Twilio's messaging webhook: incoming SMS, MMS and WhatsApp messages, and status callbacks. */
export function makeHandler(deps: AppDeps) {
  return httpHandler(logger, routeByKey({ 'POST /webhooks/twilio/sms': (event) => receive(event, deps) }));
}

async function receive(event: APIGatewayProxyEventV2, deps: AppDeps): Promise<HttpResult> {
  const body = webhookBody(event);
  const authToken = await requireSecret(deps.config.secrets, 'TWILIO_AUTH_TOKEN');
  const params = new URLSearchParams(body.toString('utf8'));
  const url = signedUrl(event, deps.config.channels.publicUrl);
  if (!verifyTwilioSignature(url, params, header(event, 'x-twilio-signature'), authToken)) {
    throw invalidSignature();
  }
  const fields = parseTwilioParams(params);
  const accountSid = deps.config.channels.twilio.accountSid;
  if (accountSid && fields.AccountSid !== accountSid) throw forbidden('unexpected Twilio account');

  const receivedAt = new Date(event.requestContext.timeEpoch || deps.clock.now().getTime()).toISOString();
  const normalized = normalizeTwilioParams(fields, receivedAt);
  const admitted = admit(normalized.messages, deps.config.defaultCountry);
  if (admitted.rejected > 0) throw badRequest('From', 'From: not a usable phone number');
  await deps.ingestQueue.sendAll(admitted.messages);
  logger.info('twilio webhook delivery', { enqueued: admitted.messages.length, ignored: normalized.ignored });
  return plain(200, EMPTY_TWIML, 'text/xml; charset=utf-8');
}

/**
 * The URL Twilio signed: the configured public URL (the deployed API's) plus the path and query
 * as received; without one (locally), the scheme and `Host` the request came in on.
 */
export function signedUrl(event: APIGatewayProxyEventV2, publicUrl: string | undefined): string {
  const query = event.rawQueryString ? `?${event.rawQueryString}` : '';
  return `${publicUrl ?? requestOrigin(event)}${event.rawPath}${query}`;
}

function requestOrigin(event: APIGatewayProxyEventV2): string {
  const host = header(event, 'host') ?? event.requestContext.domainName;
  const forwarded = header(event, 'x-forwarded-proto')?.split(',')[0]?.trim();
  const local = /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/i.test(host);
  return `${forwarded || (local ? 'http' : 'https')}://${host}`;
}
