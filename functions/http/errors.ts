import { DomainError } from '#core/errors.ts';

/**
 * The refusals HTTP edges raise most: domain errors like any other, answered with the status
 * the one table in error-handler.ts gives their code.
 */
export const badRequest = (field: string, message: string, details: Record<string, unknown> = {}) =>
  new DomainError('invalid_request', message, { field, ...details });
export const unauthorized = (message = 'missing or invalid credentials') =>
  new DomainError('unauthorized', message);
export const forbidden = (message = 'forbidden') => new DomainError('forbidden', message);
export const notFound = (message = 'not found') => new DomainError('not_found', message);
export const tooManyRequests = (
  message: string,
  retryAfterSeconds: number,
  details: Record<string, unknown> = {},
) => new DomainError('rate_limited', message, { retryAfterSeconds, ...details }, { retryAfterSeconds });
export const payloadTooLarge = (limit: number) =>
  new DomainError('payload_too_large', `request body is larger than ${limit} bytes`, { limit });
export const unsupportedMediaType = (expected: string) =>
  new DomainError('unsupported_media_type', `content-type: send the body as ${expected}`, {
    field: 'content-type',
  });
