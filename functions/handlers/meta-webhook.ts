import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { requireSecret } from '#channels/common/channel-secrets.ts';
import { plain, receiveSignedJson } from '#channels/common/webhook.ts';
import { normalizeMetaPayload } from '#channels/meta/normalize.ts';
import { MetaEnvelopeSchema } from '#channels/meta/schemas.ts';
import { subscriptionChallenge, verifyMetaSignature } from '#channels/meta/signature.ts';
import type { AppDeps } from '#deps/app.ts';
import { forbidden } from '#http/errors.ts';
import { httpHandler } from '#http/http-handler.ts';
import type { HttpResult } from '#http/response.ts';
import { routeByKey } from '#http/router.ts';
import { logger } from '#shared/observability.ts';

/**
 * Meta's webhook for Messenger, Instagram and the WhatsApp Cloud API: the subscription handshake,
 * then signed deliveries, each batched item enqueued as its own ingest message.
 */
export function makeHandler(deps: AppDeps) {
  return httpHandler(
    logger,
    routeByKey({
      'GET /webhooks/meta': (event) => verifySubscription(event, deps),
      'POST /webhooks/meta': (event) => receive(event, deps),
    }),
  );
}

async function verifySubscription(event: APIGatewayProxyEventV2, deps: AppDeps): Promise<HttpResult> {
  const verifyToken = await requireSecret(deps.config.secrets, 'META_VERIFY_TOKEN');
  const challenge = subscriptionChallenge(event.queryStringParameters ?? {}, verifyToken);
  if (challenge === undefined) throw forbidden('verification refused');
  return plain(200, challenge, 'text/plain; charset=utf-8');
}

const receive = receiveSignedJson({
  source: 'meta',
  secret: 'META_APP_SECRET',
  signatureHeader: 'x-hub-signature-256',
  verify: verifyMetaSignature,
  schema: MetaEnvelopeSchema,
  normalize: normalizeMetaPayload,
  logFields: (envelope) => ({ object: envelope.object }),
});
