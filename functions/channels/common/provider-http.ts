import type { SendFailure } from '#core/ports.ts';
import { safeJson } from '#shared/json.ts';
import { logger } from '#shared/observability.ts';

/** A provider's answer: status, headers and the JSON body when there is one. */
export interface ProviderResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  /** Pause before the second try; doubled for each later one. */
  baseDelayMs: number;
  /** Give up on one try after this long. */
  timeoutMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 200, timeoutMs: 10_000 };

/**
 * POSTs to a provider and retries what is transient: a connection that failed, a 5xx, or an
 * answer the provider marks as transient. A timed-out try is not repeated (the provider may have
 * sent the message). Logs name the provider and status only, never bodies or credentials.
 */
export async function postWithRetry(
  provider: string,
  url: string,
  init: { headers: Record<string, string>; body: string },
  policy: RetryPolicy,
  isTransient: (response: ProviderResponse) => boolean = () => false,
): Promise<ProviderResponse | SendFailure> {
  let last: ProviderResponse | SendFailure = unavailable('no attempt was made');
  for (let attempt = 1; attempt <= policy.attempts; attempt++) {
    if (attempt > 1) await pause(policy.baseDelayMs * 2 ** (attempt - 2));
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: init.headers,
        body: init.body,
        signal: AbortSignal.timeout(policy.timeoutMs),
      });
      last = { status: response.status, headers: response.headers, body: await jsonBody(response) };
      if (response.status < 500 && !isTransient(last)) return last;
      logger.warn('provider answered with a transient error', { provider, status: response.status, attempt });
    } catch (error) {
      const name = (error as Error).name;
      if (name === 'TimeoutError' || name === 'AbortError') {
        return unavailable(`${provider} did not answer within ${policy.timeoutMs} ms`);
      }
      logger.warn('provider unreachable', { provider, attempt, error: name });
      last = unavailable(`${provider} could not be reached`);
    }
  }
  return last;
}

export function isFailure(result: ProviderResponse | SendFailure): result is SendFailure {
  return 'kind' in result;
}

export function unavailable(reason: string): SendFailure {
  return { kind: 'unavailable', reason };
}

async function jsonBody(response: Response): Promise<unknown> {
  const text = await response.text();
  return text ? safeJson(text) : undefined;
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Seconds to wait from a `Retry-After` header (seconds or an HTTP date). */
export function retryAfterSeconds(headers: Headers, now = Date.now()): number | undefined {
  const value = headers.get('retry-after');
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}
