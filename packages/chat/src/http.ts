import type { ChatSession } from './types.js';

/** A refusal by the API: its status and the message it gave. */
export class ChatApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'ChatApiError';
  }
}

export interface HttpOptions {
  method: string;
  path: string;
  body?: unknown;
  /** Whose token goes in the Authorization header; none for public routes. */
  as?: ChatSession | undefined;
}

/** One JSON request to the chat API; an answer that is not 2xx throws a ChatApiError. */
export async function request<T>(fetcher: typeof fetch, baseUrl: string, options: HttpOptions): Promise<T> {
  const headers: Record<string, string> = {};
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.as) headers.authorization = `Bearer ${options.as.token}`;
  const response = await fetcher(`${baseUrl}${options.path}`, {
    method: options.method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const data = (await response.json().catch(() => ({}))) as {
    error?: { message?: string; code?: string };
  };
  if (!response.ok) {
    throw new ChatApiError(
      data?.error?.message || `request failed (${response.status})`,
      response.status,
      data?.error?.code,
    );
  }
  return data as T;
}

/** Whether trying again may succeed: the network, throttling and the server's own failures. */
export function retryable(error: unknown): boolean {
  if (!(error instanceof ChatApiError)) return true;
  return error.status === 429 || error.status >= 500;
}
