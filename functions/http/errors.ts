/** Errors an HTTP handler raises on purpose; anything else is a plain 500. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
    /** Sent with the answer (Retry-After on a 429 or 503). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const badRequest = (field: string, message: string, details: Record<string, unknown> = {}) =>
  new HttpError(400, 'invalid_request', message, { field, ...details });
export const unauthorized = (message = 'missing or invalid credentials') =>
  new HttpError(401, 'unauthorized', message);
export const forbidden = (message = 'forbidden') => new HttpError(403, 'forbidden', message);
export const notFound = (message = 'not found') => new HttpError(404, 'not_found', message);
export const tooManyRequests = (
  message: string,
  retryAfterSeconds: number,
  details: Record<string, unknown> = {},
) =>
  new HttpError(
    429,
    'rate_limited',
    message,
    { retryAfterSeconds, ...details },
    {
      'retry-after': String(retryAfterSeconds),
    },
  );
export const payloadTooLarge = (limit: number) =>
  new HttpError(413, 'payload_too_large', `request body is larger than ${limit} bytes`, { limit });
export const unsupportedMediaType = (expected: string) =>
  new HttpError(415, 'unsupported_media_type', `content-type: send the body as ${expected}`, {
    field: 'content-type',
  });
