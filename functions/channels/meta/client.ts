import * as z from 'zod';
import { requireSecret } from '#channels/common/channel-secrets.ts';
import type { ChannelSender, OutboundMedia, OutboundMessage, SendFailure, SendOutcome } from '#core/ports.ts';
import type { SecretSource } from '#shared/secrets.ts';
import {
  DEFAULT_RETRY,
  isFailure,
  type ProviderResponse,
  postWithRetry,
  type RetryPolicy,
  retryAfterSeconds,
} from '../common/provider-http.ts';

export interface GraphApiSettings {
  /** `https://graph.facebook.com`, or a local stand-in. */
  graphUrl: string;
  graphVersion: string;
}

const GraphErrorSchema = z.object({
  error: z.object({
    message: z.string().optional(),
    code: z.number().optional(),
    error_subcode: z.number().optional(),
    is_transient: z.boolean().optional(),
    error_data: z.object({ details: z.string().optional() }).optional(),
  }),
});
type GraphError = z.infer<typeof GraphErrorSchema>['error'];

const WhatsAppSentSchema = z.object({ messages: z.array(z.object({ id: z.string().min(1) })).min(1) });
const MessengerSentSchema = z.object({ message_id: z.string().min(1) });

/**
 * Sends agents' replies through the Graph API: WhatsApp Cloud API messages from the business
 * phone number, Messenger and Instagram messages from the Page or Instagram account.
 */
export class GraphApiClient implements ChannelSender {
  constructor(
    private readonly settings: GraphApiSettings,
    private readonly secrets: SecretSource,
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
  ) {}

  async send(message: OutboundMessage): Promise<SendOutcome> {
    if (message.channel === 'whatsapp') return this.sendWhatsApp(message);
    return this.sendPageMessages(message);
  }

  /** One Cloud API message: a template, a file by link with the text as its caption, or the text. */
  private async sendWhatsApp({ endpoint, text, template, media }: OutboundMessage): Promise<SendOutcome> {
    const token = await requireSecret(this.secrets, 'META_ACCESS_TOKEN');
    const body = {
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: endpoint.customer,
      ...(template
        ? { type: 'template', template: templateBody(template) }
        : media?.[0]
          ? mediaBody(media[0], text)
          : textBody(text)),
    };
    const result = await this.post(endpoint.business, token, body);
    if (!result.ok) return result;
    const id = WhatsAppSentSchema.safeParse(result.body).data?.messages[0]?.id;
    return id ? { ok: true, providerMessageId: id } : noMessageId();
  }

  /**
   * Messenger and Instagram through the Send API: the text, then each file as a message of its
   * own (an attachment message carries no text), by the link the platform fetches it from. The
   * text's id is the reply's; a file refused after the text went out is the reply's failure,
   * saying what the customer already has.
   */
  private async sendPageMessages({ channel, endpoint, text, media }: OutboundMessage): Promise<SendOutcome> {
    const token =
      (await this.secrets.get('META_PAGE_ACCESS_TOKEN')) ??
      (await requireSecret(this.secrets, 'META_ACCESS_TOKEN'));
    const envelope = {
      recipient: { id: endpoint.customer },
      ...(channel === 'messenger' ? { messaging_type: 'RESPONSE' } : {}),
    };
    const messages = [{ text }, ...(media ?? []).map(attachmentMessage)];
    let first: string | undefined;
    for (const [index, message] of messages.entries()) {
      const result = await this.post(endpoint.business, token, { ...envelope, message });
      const id = result.ok ? MessengerSentSchema.safeParse(result.body).data?.message_id : undefined;
      const failure = result.ok ? (id ? undefined : noMessageId()) : result;
      if (failure) return index === 0 ? failure : partly(failure, index, messages.length - 1);
      first ??= id;
    }
    return first ? { ok: true, providerMessageId: first } : noMessageId();
  }

  /** POSTs one message; a 2xx answer's body, else the provider's refusal as a failure. */
  private async post(
    business: string,
    token: string,
    body: unknown,
  ): Promise<{ ok: true; body: unknown } | { ok: false; failure: SendFailure }> {
    const { graphUrl, graphVersion } = this.settings;
    const url = `${graphUrl}/${graphVersion}/${encodeURIComponent(business)}/messages`;
    const result = await postWithRetry(
      'graph-api',
      url,
      {
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      },
      this.retry,
      (response) => graphError(response)?.is_transient === true,
    );
    if (isFailure(result)) return { ok: false, failure: result };
    if (result.status >= 200 && result.status < 300) return { ok: true, body: result.body };
    return { ok: false, failure: classifyGraphError(result) };
  }
}

function noMessageId(): { ok: false; failure: SendFailure } {
  return {
    ok: false,
    failure: { kind: 'unavailable', reason: 'the Graph API answered without a message id' },
  };
}

/** A file refused after the text (and perhaps other files) went out: the agent learns which. */
function partly(
  outcome: { ok: false; failure: SendFailure },
  index: number,
  files: number,
): { ok: false; failure: SendFailure } {
  const sent = index === 1 ? 'the text' : `the text and ${index - 1} of ${files} files`;
  return {
    ok: false,
    failure: {
      ...outcome.failure,
      reason: `${sent} went out; file ${index} of ${files}: ${outcome.failure.reason}`,
    },
  };
}

/** The Send API's attachment types; the platform's own files are images or documents. */
function attachmentMessage(file: OutboundMedia) {
  const kind = /^(image|video|audio)\//.exec(file.contentType)?.[1] ?? 'file';
  return { attachment: { type: kind, payload: { url: file.url, is_reusable: false } } };
}

/** A Cloud API media message by link, the text as its caption: an image, else a document. */
function mediaBody(file: NonNullable<OutboundMessage['media']>[number], text: string) {
  const caption = text ? { caption: text } : {};
  if (file.contentType.startsWith('image/')) return { type: 'image', image: { link: file.url, ...caption } };
  return { type: 'document', document: { link: file.url, filename: file.name, ...caption } };
}

function textBody(text: string) {
  return { type: 'text', text: { preview_url: false, body: text } };
}

/** The Cloud API's template message: the body's parameters as text, in placeholder order. */
function templateBody(template: NonNullable<OutboundMessage['template']>) {
  return {
    name: template.name,
    language: { code: template.language },
    components:
      template.parameters.length > 0
        ? [{ type: 'body', parameters: template.parameters.map((text) => ({ type: 'text', text })) }]
        : [],
  };
}

function graphError(response: ProviderResponse): GraphError | undefined {
  return GraphErrorSchema.safeParse(response.body).data?.error;
}

/** Graph API error codes by what they mean for the agent. */
const RATE_LIMITED = new Set([4, 17, 32, 613, 80007, 130429, 131056]);
const INVALID_RECIPIENT = new Set([131026, 131030, 131021, 551]);
/** Messenger's and Instagram's "outside the allowed window" subcodes. */
const WINDOW_SUBCODES = new Set([2018278, 2534022]);
/** "No matching user found" for a page-scoped id. */
const NO_USER_SUBCODES = new Set([2018001]);

export function classifyGraphError(response: ProviderResponse): SendFailure {
  const error = graphError(response);
  const code = error?.code;
  const words = error?.message ?? `Graph API answered ${response.status}`;
  const details = error?.error_data?.details;
  const reason = details && details !== words ? `${words}: ${details}` : words;
  const failure = (kind: SendFailure['kind']): SendFailure => ({
    kind,
    reason,
    code: code === undefined ? undefined : String(code),
  });
  if (response.status >= 500 || error?.is_transient) return failure('unavailable');
  if (response.status === 429 || (code !== undefined && RATE_LIMITED.has(code))) {
    return { ...failure('rate_limited'), retryAfterSeconds: retryAfterSeconds(response.headers) };
  }
  if (code === 131047 || (error?.error_subcode !== undefined && WINDOW_SUBCODES.has(error.error_subcode))) {
    return failure('window_closed');
  }
  if (
    (code !== undefined && INVALID_RECIPIENT.has(code)) ||
    (error?.error_subcode !== undefined && NO_USER_SUBCODES.has(error.error_subcode))
  ) {
    return failure('invalid_recipient');
  }
  if (response.status === 401 || code === 190 || code === 10 || code === 200) return failure('unauthorized');
  return failure('rejected');
}
