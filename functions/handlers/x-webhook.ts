import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { requireSecret } from '#channels/common/channel-secrets.ts';
import {
  enqueueDelivery,
  invalidSignature,
  parseJsonWebhook,
  webhookBody,
} from '#channels/common/webhook.ts';
import { normalizeXPayload } from '#channels/x/normalize.ts';
import { CrcQuerySchema, XEnvelopeSchema } from '#channels/x/schemas.ts';
import { crcResponseToken, verifyXSignature } from '#channels/x/signature.ts';
import type { AppDeps } from '#deps/app.ts';
import { httpHandler } from '#http/http-handler.ts';
import { header, parseWith } from '#http/request.ts';
import { type HttpResult, json } from '#http/response.ts';
import { routeByKey } from '#http/router.ts';
import { logger } from '#shared/observability.ts';

/** X's Account Activity webhook: the Challenge-Response Check, then signed direct-message events. */
export function makeHandler(deps: AppDeps) {
  return httpHandler(
    logger,
    routeByKey({
      'GET /webhooks/x': (event) => challengeResponse(event, deps),
      'POST /webhooks/x': (event) => receive(event, deps),
    }),
  );
}

async function challengeResponse(event: APIGatewayProxyEventV2, deps: AppDeps): Promise<HttpResult> {
  const { crc_token: crcToken } = parseWith(CrcQuerySchema, event.queryStringParameters ?? {}, '');
  const consumerSecret = await requireSecret(deps.config.secrets, 'X_CONSUMER_SECRET');
  return json(200, { response_token: crcResponseToken(crcToken, consumerSecret) });
}

async function receive(event: APIGatewayProxyEventV2, deps: AppDeps): Promise<HttpResult> {
  const body = webhookBody(event);
  const consumerSecret = await requireSecret(deps.config.secrets, 'X_CONSUMER_SECRET');
  if (!verifyXSignature(body, header(event, 'x-twitter-webhooks-signature'), consumerSecret)) {
    throw invalidSignature();
  }
  const envelope = parseJsonWebhook(body, XEnvelopeSchema);
  return enqueueDelivery(deps.ingestQueue, normalizeXPayload(envelope), {
    source: 'x',
    defaultCountry: deps.config.defaultCountry,
  });
}
