import * as z from 'zod';
import { requireSecret } from '#channels/common/channel-secrets.ts';
import type { ChannelSender, OutboundMessage, SendFailure, SendOutcome } from '#core/ports.ts';
import type { SecretSource } from '#shared/secrets.ts';
import {
  DEFAULT_RETRY,
  isFailure,
  type ProviderResponse,
  postWithRetry,
  type RetryPolicy,
} from '../common/provider-http.ts';

const SentSchema = z.object({ data: z.object({ dm_event_id: z.string().min(1) }) });
const ProblemSchema = z.object({
  title: z.string().optional(),
  detail: z.string().optional(),
  errors: z.array(z.object({ message: z.string().optional() })).optional(),
});

/**
 * Sends agents' replies as X direct messages (API v2, `POST /2/dm_conversations/with/:id/messages`)
 * with a user-context OAuth 2.0 token of the brand account.
 */
export class XApiClient implements ChannelSender {
  constructor(
    private readonly settings: { apiUrl: string },
    private readonly secrets: SecretSource,
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
  ) {}

  async send({ endpoint, text }: OutboundMessage): Promise<SendOutcome> {
    const token = await requireSecret(this.secrets, 'X_ACCESS_TOKEN');
    const url = `${this.settings.apiUrl}/2/dm_conversations/with/${encodeURIComponent(endpoint.customer)}/messages`;
    const result = await postWithRetry(
      'x-api',
      url,
      {
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ text }),
      },
      this.retry,
    );
    if (isFailure(result)) return { ok: false, failure: result };
    if (result.status >= 200 && result.status < 300) {
      const id = SentSchema.safeParse(result.body).data?.data.dm_event_id;
      if (id) return { ok: true, providerMessageId: id };
      return {
        ok: false,
        failure: { kind: 'unavailable', reason: 'the X API answered without an event id' },
      };
    }
    return { ok: false, failure: classifyXError(result) };
  }
}

export function classifyXError(response: ProviderResponse, now = Date.now()): SendFailure {
  const problem = ProblemSchema.safeParse(response.body).data;
  const reason =
    problem?.detail ?? problem?.errors?.[0]?.message ?? problem?.title ?? `X API answered ${response.status}`;
  const failure = (kind: SendFailure['kind']): SendFailure => ({
    kind,
    reason,
    code: String(response.status),
  });
  if (response.status >= 500) return failure('unavailable');
  if (response.status === 429) {
    const reset = Number(response.headers.get('x-rate-limit-reset'));
    const retryAfterSeconds = reset > 0 ? Math.max(0, Math.ceil(reset - now / 1000)) : undefined;
    return { ...failure('rate_limited'), retryAfterSeconds };
  }
  if (response.status === 401) return failure('unauthorized');
  // X answers 403 both for a user who does not accept our messages and for an app without DM access.
  if (response.status === 403) {
    return failure(
      /messages? to this user|not permitted to send/i.test(reason) ? 'invalid_recipient' : 'unauthorized',
    );
  }
  if (response.status === 404 || /participant|recipient/i.test(reason)) return failure('invalid_recipient');
  return failure('rejected');
}
