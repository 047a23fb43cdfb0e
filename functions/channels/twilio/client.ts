import * as z from 'zod';
import { notConfigured, requireSecret } from '#channels/common/channel-secrets.ts';
import type { ChannelSender, OutboundMessage, SendFailure, SendOutcome } from '#core/ports.ts';
import { logger } from '#shared/observability.ts';
import type { SecretSource } from '#shared/secrets.ts';
import {
  DEFAULT_RETRY,
  isFailure,
  type ProviderResponse,
  postWithRetry,
  type RetryPolicy,
  retryAfterSeconds,
} from '../common/provider-http.ts';

export interface TwilioSettings {
  /** `https://api.twilio.com`, or a local stand-in. */
  apiUrl: string;
  accountSid?: string | undefined;
  /** When set, Twilio reports delivery to our webhook (`<publicUrl>/webhooks/twilio/sms`). */
  publicUrl?: string | undefined;
}

const SentSchema = z.object({ sid: z.string().min(1) });
const TwilioErrorSchema = z.object({ code: z.number().optional(), message: z.string().optional() });

/** Sends agents' replies as SMS or WhatsApp messages through Twilio's Messages API. */
export class TwilioClient implements ChannelSender {
  constructor(
    private readonly settings: TwilioSettings,
    private readonly secrets: SecretSource,
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
  ) {}

  async send({ endpoint, text, media }: OutboundMessage): Promise<SendOutcome> {
    const accountSid = this.settings.accountSid;
    if (!accountSid) {
      logger.error('a channel setting is not configured', { setting: 'TWILIO_ACCOUNT_SID' });
      throw notConfigured();
    }
    const authToken = await requireSecret(this.secrets, 'TWILIO_AUTH_TOKEN');
    const form = new URLSearchParams({ To: endpoint.customer, From: endpoint.business, Body: text });
    // An MMS: Twilio fetches each file from its link when it sends the message.
    for (const file of media ?? []) form.append('MediaUrl', file.url);
    if (this.settings.publicUrl) form.set('StatusCallback', `${this.settings.publicUrl}/webhooks/twilio/sms`);
    const url = `${this.settings.apiUrl}/2010-04-01/Accounts/${accountSid}/Messages.json`;
    const result = await postWithRetry(
      'twilio',
      url,
      {
        headers: {
          authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: form.toString(),
      },
      this.retry,
    );
    if (isFailure(result)) return { ok: false, failure: result };
    if (result.status >= 200 && result.status < 300) {
      const sid = SentSchema.safeParse(result.body).data?.sid;
      if (sid) return { ok: true, providerMessageId: sid };
      return { ok: false, failure: { kind: 'unavailable', reason: 'Twilio answered without a message SID' } };
    }
    return { ok: false, failure: classifyTwilioError(result) };
  }
}

/** Twilio error codes by what they mean for the agent. */
const INVALID_RECIPIENT = new Set([21211, 21214, 21408, 21610, 21612, 21614, 63003, 63024]);
const WINDOW_CLOSED = new Set([63016]);

export function classifyTwilioError(response: ProviderResponse): SendFailure {
  const error = TwilioErrorSchema.safeParse(response.body).data;
  const code = error?.code;
  const failure = (kind: SendFailure['kind']): SendFailure => ({
    kind,
    reason: error?.message ?? `Twilio answered ${response.status}`,
    code: code === undefined ? undefined : String(code),
  });
  if (response.status >= 500) return failure('unavailable');
  if (response.status === 429 || code === 20429) {
    return { ...failure('rate_limited'), retryAfterSeconds: retryAfterSeconds(response.headers) };
  }
  if (code !== undefined && WINDOW_CLOSED.has(code)) return failure('window_closed');
  if (code !== undefined && INVALID_RECIPIENT.has(code)) return failure('invalid_recipient');
  if (response.status === 401 || code === 20003) return failure('unauthorized');
  return failure('rejected');
}
