import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type * as z from 'zod';
import { DomainError, InvalidIdentityError } from '#core/errors.ts';
import { normalizeSightings } from '#core/identity.ts';
import { type IngestQueueMessageInput, IngestQueueMessageSchema } from '#core/ingest-message.ts';
import { badRequest, payloadTooLarge } from '#http/errors.ts';
import { header, parseWith, rawBody } from '#http/request.ts';
import { type HttpResult, json } from '#http/response.ts';
import { logger } from '#shared/observability.ts';
import type { SecretName, SecretSource } from '#shared/secrets.ts';
import { MAX_BODY_BYTES } from '../../routes.ts';
import { requireSecret } from './channel-secrets.ts';

/** The body exactly as the provider sent it (decoded when API Gateway base64-encoded it). */
export function webhookBody(event: APIGatewayProxyEventV2): Buffer {
  const body = rawBody(event);
  if (body.length > MAX_BODY_BYTES) throw payloadTooLarge(MAX_BODY_BYTES);
  return body;
}

export const invalidSignature = () => new DomainError('invalid_signature', 'missing or invalid signature');

/** A non-JSON answer (a handshake challenge, TwiML). */
export function plain(statusCode: number, body: string, contentType: string): HttpResult {
  return {
    statusCode,
    headers: {
      'content-type': contentType,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
    body,
  };
}

/** What one delivery turned into, and how many of its items were not for us or not usable. */
export interface Normalized {
  messages: IngestQueueMessageInput[];
  ignored: number;
}

/** The part of a webhook delivery worth enqueueing, and how much of it was not. */
export interface Admitted {
  messages: IngestQueueMessageInput[];
  /** Items that were well-formed but cannot be used (an impossible phone number, an oversized text). */
  rejected: number;
}

/**
 * Keeps the normalised messages that will be accepted downstream: valid queue messages whose
 * identities normalise. One unusable item never blocks the rest of a provider's batch.
 */
export function admit(messages: readonly IngestQueueMessageInput[], defaultCountry: string): Admitted {
  const admitted: IngestQueueMessageInput[] = [];
  for (const message of messages) {
    const parsed = IngestQueueMessageSchema.safeParse(message);
    if (parsed.success && identitiesValid(parsed.data, defaultCountry)) admitted.push(message);
  }
  return { messages: admitted, rejected: messages.length - admitted.length };
}

/**
 * The rest of a JSON webhook delivery once it is verified and normalised: enqueue what downstream
 * accepts, log the counts (never the contents) and answer how many were received.
 */
type DeliveryQueue = { sendAll(messages: IngestQueueMessageInput[]): Promise<unknown> };

export async function enqueueDelivery(
  queue: DeliveryQueue,
  normalized: Normalized,
  delivery: { source: string; defaultCountry: string; logFields?: Record<string, unknown> },
): Promise<HttpResult> {
  const admitted = admit(normalized.messages, delivery.defaultCountry);
  await queue.sendAll(admitted.messages);
  logger.info(`${delivery.source} webhook delivery`, {
    ...delivery.logFields,
    enqueued: admitted.messages.length,
    ignored: normalized.ignored,
    rejected: admitted.rejected,
  });
  return json(200, { received: admitted.messages.length });
}

function identitiesValid(message: IngestQueueMessageInput, defaultCountry: string): boolean {
  if (message.type !== 'interaction') return true;
  try {
    normalizeSightings(message.identities, message.channel, { defaultCountry });
    return true;
  } catch (error) {
    if (error instanceof InvalidIdentityError) return false;
    throw error;
  }
}

/** Epoch milliseconds as an ISO time, or undefined when it is not a plausible time. */
export function isoFromMillis(millis: number): string | undefined {
  if (!Number.isFinite(millis) || millis < 0 || millis > 8.64e15) return undefined;
  return new Date(millis).toISOString();
}

/** Digits of a number as written by a provider (`15550199234`, `1 555-019-9234`) in E.164. */
export function e164(digits: string): string | undefined {
  const clean = digits.replace(/[\s().-]/g, '').replace(/^\+/, '');
  return /^[1-9]\d{6,14}$/.test(clean) ? `+${clean}` : undefined;
}

/** Parses a JSON webhook body against the envelope schema: a 400 naming the field otherwise. */
export function parseJsonWebhook<S extends z.ZodType>(body: Buffer, schema: S): z.infer<S> {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    throw badRequest('body', 'body is not valid JSON');
  }
  return parseWith(schema, json, '');
}

/** A provider whose deliveries are JSON signed with an HMAC of the raw body (Meta, X). */
export interface SignedJsonWebhook<S extends z.ZodType> {
  source: string;
  /** The secret the signature is keyed with. */
  secret: SecretName;
  signatureHeader: string;
  verify(body: Buffer, signature: string | undefined, secret: string): boolean;
  schema: S;
  normalize(envelope: z.output<S>): Normalized;
  logFields?(envelope: z.output<S>): Record<string, unknown>;
}

/** Verify the raw bytes, parse, enqueue, answer: the slow work happens behind the queue. */
export function receiveSignedJson<S extends z.ZodType>(provider: SignedJsonWebhook<S>) {
  return async (
    event: APIGatewayProxyEventV2,
    deps: { config: { secrets: SecretSource; defaultCountry: string }; ingestQueue: DeliveryQueue },
  ): Promise<HttpResult> => {
    const body = webhookBody(event);
    const secret = await requireSecret(deps.config.secrets, provider.secret);
    if (!provider.verify(body, header(event, provider.signatureHeader), secret)) throw invalidSignature();
    const envelope = parseJsonWebhook(body, provider.schema);
    return enqueueDelivery(deps.ingestQueue, provider.normalize(envelope), {
      source: provider.source,
      defaultCountry: deps.config.defaultCountry,
      logFields: provider.logFields?.(envelope),
    });
  };
}
