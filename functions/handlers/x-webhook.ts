import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { requireSecret } from '#channels/common/channel-secrets.ts';
import { receiveSignedJson } from '#channels/common/webhook.ts';
import { normalizeXPayload } from '#channels/x/normalize.ts';
import { CrcQuerySchema, XEnvelopeSchema } from '#channels/x/schemas.ts';
import { crcResponseToken, verifyXSignature } from '#channels/x/signature.ts';
import type { AppDeps } from '#deps/app.ts';
import { httpHandler } from '#http/http-handler.ts';
import { parseWith } from '#http/request.ts';
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

const receive = receiveSignedJson({
  source: 'x',
  secret: 'X_CONSUMER_SECRET',
  signatureHeader: 'x-twitter-webhooks-signature',
  verify: verifyXSignature,
  schema: XEnvelopeSchema,
  normalize: normalizeXPayload,
});
