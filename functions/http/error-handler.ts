import type { Logger } from '@aws-lambda-powertools/logger';
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { DomainError, type ErrorCode, type ProviderRefusal, ProviderRefusedError } from '#core/errors.ts';
import { isDependencyOutage, OUTAGE_RETRY_AFTER_SECONDS, outageLabel } from '#shared/outage.ts';
import { type HttpResult, json } from './response.ts';

/** The one code → status table: every error a handler raises on purpose is answered from it. */
const STATUS: { [C in ErrorCode]: number } & { provider: { [K in ProviderRefusal]: number } } = {
  invalid_input: 400,
  invalid_identity: 400,
  invalid_request: 400,
  wrong_code: 400,
  unauthorized: 401,
  invalid_signature: 401,
  forbidden: 403,
  unverified_address: 403,
  not_found: 404,
  conflict: 409,
  call_ended: 409,
  export_not_ready: 409,
  not_waiting: 409,
  other_partition: 409,
  connect_not_configured: 409,
  attachment_not_uploaded: 409,
  code_exhausted: 410,
  code_expired: 410,
  export_expired: 410,
  attachment_gone: 410,
  payload_too_large: 413,
  export_too_large: 413,
  unsupported_media_type: 415,
  no_phone_number: 422,
  rate_limited: 429,
  too_many_callbacks: 429,
  invalid_config: 500,
  not_configured: 501,
  web_calls_not_configured: 501,
  connect_refused: 502,
  connect_rejected: 502,
  email_not_sent: 502,
  email_rejected: 502,
  channel_not_configured: 503,
  exports_not_configured: 503,
  unavailable: 503,
  connect_busy: 503,
  email_unavailable: 503,
  translation_failed: 503,
  not_yet_stored: 503,
  // A provider refused a message: what the agent can fix is a 4xx, our side of it a 502.
  provider: {
    rate_limited: 429,
    window_closed: 422,
    invalid_recipient: 422,
    rejected: 422,
    unauthorized: 502,
    unavailable: 502,
  },
};

/** The status a domain error answers with, wherever it is answered (HTTP, WebSocket). */
export function statusOf(error: DomainError<string>): number {
  if (error instanceof ProviderRefusedError) return STATUS.provider[error.code];
  return STATUS[error.code as ErrorCode] ?? 500;
}

/**
 * Maps an error to the response a client may see: below 500 it explains, above it says nothing.
 * A dependency outage is a 503 with Retry-After: the same request succeeds once it is over.
 */
export function errorResponse(error: unknown, logger: Pick<Logger, 'error'>): HttpResult {
  if (error instanceof DomainError && statusOf(error) !== 500) {
    const retryAfter = error.retryAfterSeconds;
    return json(
      statusOf(error),
      { error: { code: error.code, message: error.message, ...error.details } },
      retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) },
    );
  }
  if (isDependencyOutage(error)) {
    logger.error('dependency unavailable', { error: outageLabel(error) });
    return json(
      503,
      { error: { code: 'unavailable', message: 'temporarily unavailable, retry shortly' } },
      { 'retry-after': String(OUTAGE_RETRY_AFTER_SECONDS) },
    );
  }
  logger.error('unhandled error', { error: error as Error });
  return json(500, { error: { code: 'internal', message: 'internal error' } });
}

/** middy middleware: the one place errors become HTTP responses. */
export function httpErrors(logger: Pick<Logger, 'error'>): MiddlewareObj<APIGatewayProxyEventV2, HttpResult> {
  return {
    onError: async (request) => {
      request.response = errorResponse(request.error, logger);
    },
  };
}
