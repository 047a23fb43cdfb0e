/**
 * Tells an outage of a dependency (DynamoDB, SQS, another AWS service) from any other failure.
 * An outage says nothing about the request or message that met it: the same work succeeds once
 * the dependency is back, so HTTP routes answer 503 with Retry-After and queue consumers retry
 * later instead of dead-lettering.
 */

/** Node's socket errors for a service that is not there, or stopped answering. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
]);

/** AWS error names for throttling, timeouts and faults on the service's side. */
const SERVICE_NAMES = new Set([
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestThrottled',
  'RequestThrottledException',
  'TransactionInProgressException',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'InternalServerError',
  'InternalFailure',
  'InternalError',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
  'AbortError',
]);

/** Reasons a cancelled DynamoDB transaction gives when it would succeed on a retry. */
const RETRYABLE_CANCELLATIONS = new Set([
  'ThrottlingError',
  'TransactionConflict',
  'ProvisionedThroughputExceeded',
]);

interface ErrorShape {
  name?: unknown;
  code?: unknown;
  cause?: unknown;
  errors?: unknown;
  $metadata?: { httpStatusCode?: number };
  $fault?: unknown;
  CancellationReasons?: Array<{ Code?: string }>;
}

/** True when `error` (or what caused it) is a dependency being unreachable, throttled or failing. */
export function isDependencyOutage(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 5) return false;
  const shape = error as ErrorShape;
  if (typeof shape.code === 'string' && NETWORK_CODES.has(shape.code)) return true;
  if (typeof shape.name === 'string' && SERVICE_NAMES.has(shape.name)) return true;
  const status = shape.$metadata?.httpStatusCode ?? 0;
  // The SDK marks faults on AWS's side as 'server'; 429 is throttling whatever the name.
  if (status >= 500 || status === 429 || shape.$fault === 'server') return true;
  if (shape.CancellationReasons?.some((reason) => RETRYABLE_CANCELLATIONS.has(reason.Code ?? '')))
    return true;
  const nested = [shape.cause, ...(Array.isArray(shape.errors) ? shape.errors : [])];
  return nested.some((inner) => isDependencyOutage(inner, depth + 1));
}

/** Seconds a client is told to wait before retrying during an outage. */
export const OUTAGE_RETRY_AFTER_SECONDS = 5;

/** A short label for logs: the error's name and code, never its message, stack or payload. */
export function outageLabel(error: unknown): string {
  const shape = (error ?? {}) as ErrorShape;
  return [shape.name, shape.code].filter((part) => typeof part === 'string' && part).join(' ') || 'unknown';
}
