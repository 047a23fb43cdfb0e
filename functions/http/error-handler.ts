import type { Logger } from '@aws-lambda-powertools/logger';
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { DomainError } from '#core/errors.ts';
import { isDependencyOutage, OUTAGE_RETRY_AFTER_SECONDS, outageLabel } from '#shared/outage.ts';
import { HttpError } from './errors.ts';
import { type HttpResult, json } from './response.ts';

const DOMAIN_STATUS: Record<DomainError['code'], number> = {
  invalid_identity: 400,
  invalid_input: 400,
  not_found: 404,
  conflict: 409,
  // A provider refused a message: what the agent can fix is a 4xx, our side of it a 502.
  rate_limited: 429,
  window_closed: 422,
  invalid_recipient: 422,
  rejected: 422,
  unauthorized: 502,
  unavailable: 502,
};

/**
 * Maps an error to the response a client may see: below 500 it explains, above it says nothing.
 * A dependency outage is a 503 with Retry-After: the same request succeeds once it is over.
 */
export function errorResponse(error: unknown, logger: Pick<Logger, 'error'>): HttpResult {
  if (error instanceof HttpError) {
    return json(
      error.status,
      { error: { code: error.code, message: error.message, ...error.details } },
      error.headers,
    );
  }
  if (error instanceof DomainError) {
    return json(DOMAIN_STATUS[error.code], {
      error: { code: error.code, message: error.message, ...error.details },
    });
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
