import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
} from '@aws-sdk/client-sqs';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { expect } from 'vitest';
import { metaSignature } from '#channels/meta/signature.ts';
import { twilioSignature } from '#channels/twilio/signature.ts';
import { xSignature } from '#channels/x/signature.ts';
import { RoutingRulesSchema } from '#core/entry-points.ts';
import type { IngestMessageInput } from '#core/ingest-message.ts';
import type { IdentityKey, Interaction } from '#core/model.ts';
import { timelineOwners } from '#core/resolution.ts';
import { makeHandler as makeIngest } from '#handlers/ingest.ts';
import { type SecretName, staticSecrets } from '#shared/secrets.ts';
import { context, sqsEvent } from './events.ts';
import { createTestStack, type TestStack } from './local-aws.ts';

/** Credentials of the test deployment; the stand-ins check requests against them. */
export const SECRETS = {
  META_APP_SECRET: 'test-meta-app-secret',
  META_VERIFY_TOKEN: 'test-verify-token-7d1e4c',
  META_ACCESS_TOKEN: 'test-system-user-token',
  META_PAGE_ACCESS_TOKEN: 'test-page-access-token',
  X_CONSUMER_SECRET: 'test-x-consumer-secret',
  X_ACCESS_TOKEN: 'test-x-user-access-token',
  X_CONSUMER_KEY: 'test-x-consumer-key',
  X_OAUTH1_TOKEN: '1453187705217024000-testOAuth1AccessToken',
  X_OAUTH1_TOKEN_SECRET: 'test-x-oauth1-token-secret',
  TWILIO_AUTH_TOKEN: 'test-twilio-auth-token',
} satisfies Record<SecretName, string>;

export const TWILIO_ACCOUNT_SID = 'ACa1b2c3d4e5f60718293a4b5c6d7e8f90';
/** Where Twilio is told the webhook lives (`ONETHREAD_PUBLIC_URL`). */
export const PUBLIC_URL = 'https://hooks.northwind.example';
export const TWILIO_WEBHOOK_URL = `${PUBLIC_URL}/webhooks/twilio/sms`;

export const testSecrets = () => staticSecrets(SECRETS);

/** Each page, account and number feeds its own queue. */
export const SOCIAL_ROUTING = RoutingRulesSchema.parse({
  defaultQueue: 'general',
  entryPoints: [
    { channel: 'messenger', match: '104857392013846', queue: 'social', priority: 7 },
    { channel: 'instagram', match: '17841400008460056', queue: 'instagram' },
    { channel: 'whatsapp', match: '+15550199234', queue: 'whatsapp-support' },
    { channel: '*', match: '+12065550100', queue: 'sms-support' },
    { channel: 'x', match: '1453187705217024000', queue: 'x-support' },
  ],
});

/** A test stack with the channels configured: secrets, routing, the public URL, stand-in APIs. */
export function createChannelStack(
  options: {
    secrets?: Partial<Record<SecretName, string>>;
    publicUrl?: string | undefined;
    graphUrl?: string;
    /** Where Messenger and Instagram media may be fetched from (a stand-in's origin). */
    metaMediaHosts?: string[];
    xApiUrl?: string;
    /** Where X DM media may be fetched from (a stand-in's origin). */
    xMediaHosts?: string[];
    twilioApiUrl?: string;
  } = {},
): Promise<TestStack> {
  return createTestStack(
    {
      routingRules: SOCIAL_ROUTING,
      secrets: staticSecrets(options.secrets ?? SECRETS),
      channels: {
        publicUrl: 'publicUrl' in options ? options.publicUrl : PUBLIC_URL,
        meta: {
          graphUrl: options.graphUrl ?? 'http://127.0.0.1:9',
          graphVersion: 'v23.0',
          mediaHosts: options.metaMediaHosts,
        },
        x: { apiUrl: options.xApiUrl ?? 'http://127.0.0.1:9', mediaHosts: options.xMediaHosts },
        twilio: { apiUrl: options.twilioApiUrl ?? 'http://127.0.0.1:9', accountSid: TWILIO_ACCOUNT_SID },
      },
    },
    { providerRetry: { attempts: 3, baseDelayMs: 10, timeoutMs: 5_000 } },
  );
}

/** Records an outbound message (as a reply does) straight through the ingest handler. */
export async function recordOutbound(
  stack: TestStack,
  message: Partial<IngestMessageInput> &
    Pick<IngestMessageInput, 'channel' | 'providerMessageId' | 'identities'>,
): Promise<void> {
  const at = message.at ?? new Date(Date.UTC(2025, 2, 11, 9, 0, 0)).toISOString();
  const result = await makeIngest(stack)(
    sqsEvent([
      {
        type: 'interaction',
        direction: 'outbound',
        at,
        text: 'Your refund was issued today.',
        delivery: { status: 'accepted', at },
        ...message,
      },
    ]),
    context,
  );
  expect(result.batchItemFailures).toEqual([]);
}

/** A provider payload exactly as stored: the bytes a webhook receives. */
export function fixture(provider: 'meta' | 'x' | 'twilio', name: string): Buffer {
  return readFileSync(new URL(`../fixtures/${provider}/${name}`, import.meta.url));
}

/** A payload-2.0 event for a webhook route, carrying the raw body (base64 when asked). */
export function webhookEvent(
  routeKey: string,
  options: {
    body?: Buffer | string;
    headers?: Record<string, string>;
    query?: Record<string, string>;
    base64?: boolean;
  } = {},
): APIGatewayProxyEventV2 {
  const [method = 'POST', path = '/'] = routeKey.split(' ');
  const bytes = options.body === undefined ? undefined : Buffer.from(options.body);
  // API Gateway hands over a body that is not valid UTF-8 base64-encoded, whatever its type.
  const base64 = Boolean(bytes && (options.base64 || !Buffer.from(bytes.toString('utf8')).equals(bytes)));
  const rawQueryString = new URLSearchParams(options.query ?? {}).toString();
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString,
    headers: { host: 'hooks.northwind.example', 'x-forwarded-proto': 'https', ...options.headers },
    queryStringParameters: options.query,
    requestContext: {
      accountId: '000000000000',
      apiId: 'test',
      domainName: 'hooks.northwind.example',
      domainPrefix: 'hooks',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '173.252.95.22', userAgent: 'vitest' },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
    body: bytes && (base64 ? bytes.toString('base64') : bytes.toString('utf8')),
    isBase64Encoded: base64,
  } as APIGatewayProxyEventV2;
}

export function signedMetaEvent(body: Buffer | string, options: { base64?: boolean } = {}) {
  return webhookEvent('POST /webhooks/meta', {
    body,
    base64: options.base64,
    headers: {
      'content-type': 'application/json',
      'x-hub-signature-256': metaSignature(Buffer.from(body), SECRETS.META_APP_SECRET),
    },
  });
}

export function signedXEvent(body: Buffer | string) {
  return webhookEvent('POST /webhooks/x', {
    body,
    headers: {
      'content-type': 'application/json',
      'x-twitter-webhooks-signature': xSignature(Buffer.from(body), SECRETS.X_CONSUMER_SECRET),
    },
  });
}

export function signedTwilioEvent(body: Buffer | string, options: { base64?: boolean; url?: string } = {}) {
  const params = new URLSearchParams(Buffer.from(body).toString('utf8'));
  return webhookEvent('POST /webhooks/twilio/sms', {
    body,
    base64: options.base64,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': twilioSignature(
        options.url ?? TWILIO_WEBHOOK_URL,
        params,
        SECRETS.TWILIO_AUTH_TOKEN,
      ),
    },
  });
}

/** Messages waiting on the ingest queue (the edge's only output). */
export async function queueDepth(stack: TestStack): Promise<number> {
  const { Attributes = {} } = await stack.sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: stack.config.ingestQueueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return (
    Number(Attributes.ApproximateNumberOfMessages ?? 0) +
    Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0)
  );
}

export async function tableItemCount(stack: TestStack): Promise<number> {
  const { Items = [] } = await stack.table.doc.send(new ScanCommand({ TableName: stack.table.tableName }));
  return Items.length;
}

/** Takes what the edges enqueued off the queue, as bodies, for a consumer run by hand. */
export async function receiveIngestBodies(stack: TestStack): Promise<string[]> {
  const bodies: string[] = [];
  for (;;) {
    const { Messages = [] } = await stack.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: stack.config.ingestQueueUrl, MaxNumberOfMessages: 10 }),
    );
    if (!Messages.length) return bodies;
    bodies.push(...Messages.map((m) => m.Body ?? ''));
    await stack.sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: stack.config.ingestQueueUrl,
        Entries: Messages.map((m, index) => ({ Id: String(index), ReceiptHandle: m.ReceiptHandle })),
      }),
    );
  }
}

/** Moves whatever the edges enqueued through the ingest handler, as the event source would. */
export async function drainIngestQueue(stack: TestStack, ingest = makeIngest(stack)): Promise<number> {
  let processed = 0;
  for (;;) {
    const { Messages = [] } = await stack.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: stack.config.ingestQueueUrl, MaxNumberOfMessages: 10 }),
    );
    if (!Messages.length) return processed;
    const result = await ingest(sqsEvent(Messages.map((m) => m.Body ?? '')), context);
    expect(result.batchItemFailures).toEqual([]);
    await stack.sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: stack.config.ingestQueueUrl,
        Entries: Messages.map((m, index) => ({ Id: String(index), ReceiptHandle: m.ReceiptHandle })),
      }),
    );
    processed += Messages.length;
  }
}

/** The customer's whole timeline, newest first. */
export async function timelineOf(stack: TestStack, identity: IdentityKey): Promise<Interaction[]> {
  const customer = await stack.customers.findByIdentity(identity);
  if (!customer) throw new Error(`no customer for ${identity}`);
  return (await stack.timeline.query(timelineOwners(customer), { limit: 100 })).items;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface StandInReply {
  status: number;
  body?: unknown;
  /** Bytes sent as they are instead of a JSON body (media downloads). */
  raw?: Buffer;
  headers?: Record<string, string>;
}

export interface StandIn {
  url: string;
  requests: RecordedRequest[];
  /** Answers the next requests with these replies, in order, before the default again. */
  queue(...replies: StandInReply[]): void;
  close(): Promise<void>;
}

/**
 * A provider API stand-in on localhost: records each request and answers with `respond` (which
 * checks the request's shape and credentials) unless a queued reply comes first.
 */
export async function startStandIn(respond: (request: RecordedRequest) => StandInReply): Promise<StandIn> {
  const requests: RecordedRequest[] = [];
  const queued: StandInReply[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = {
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(request);
      const reply = queued.shift() ?? respond(request);
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      res.end(reply.raw ?? (reply.body === undefined ? '' : JSON.stringify(reply.body)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    queue: (...replies) => queued.push(...replies),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
