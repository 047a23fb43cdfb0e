import createClient from 'openapi-fetch';
import type { paths } from './api-paths.js';
import type { ChatSession } from './types.js';

/** A refusal by the API: its status and the message it gave. */
export class ChatApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code?: string,
    /** The request field the refusal names, when it names one (`contentType`, `size`…). */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ChatApiError';
  }
}

/** The chat routes, typed from the platform's OpenAPI document (packages/chat/src/api-paths.ts). */
export type ChatApi = ReturnType<typeof createClient<paths>>;

/** A client of the chat routes; `fetcher` is read at each call. */
export function chatApi(fetcher: typeof fetch, baseUrl: string): ChatApi {
  return createClient<paths>({ baseUrl, fetch: (request) => fetcher(request) });
}

/** The Authorization header a session's routes take; none for public routes. */
export function bearer(session: ChatSession | undefined): Record<string, string> {
  return session ? { authorization: `Bearer ${session.token}` } : {};
}

type Answer<T> = { data?: T; error?: unknown; response: Response };

/** The answer's body; an answer that is not 2xx throws a ChatApiError. */
export async function answered<T>(call: Promise<Answer<T>>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) {
    const refusal = (error as { error?: { message?: string; code?: string; field?: string } } | undefined)
      ?.error;
    throw new ChatApiError(
      refusal?.message || `request failed (${response.status})`,
      response.status,
      refusal?.code,
      refusal?.field,
    );
  }
  return (data ?? {}) as T;
}

/**
 * A route the generated paths do not name (one the platform added after this client was
 * built, say): the same client, its body and answer untyped.
 */
export function untypedRequest<T>(
  api: ChatApi,
  method: string,
  path: string,
  body: unknown,
  session: ChatSession | undefined,
): Promise<T> {
  const request = api.request as unknown as (
    method: string,
    url: string,
    init: { body?: unknown; headers: Record<string, string> },
  ) => Promise<Answer<T>>;
  return answered(request(method.toLowerCase(), path, { body, headers: bearer(session) }));
}

/** Whether trying again may succeed: the network, throttling and the server's own failures. */
export function retryable(error: unknown): boolean {
  if (!(error instanceof ChatApiError)) return true;
  return error.status === 429 || error.status >= 500;
}
