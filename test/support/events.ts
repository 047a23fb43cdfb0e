import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, SQSEvent } from 'aws-lambda';
import type { IngestMessageInput } from '#core/ingest-message.ts';
import { lambdaContext } from '#local/api-gateway-event.ts';

export const context = lambdaContext('test');

/** An HTTP API (payload 2.0) event as API Gateway would send it for a route. */
export function httpEvent(
  routeKey: string,
  options: {
    pathParameters?: Record<string, string>;
    body?: unknown;
    rawBody?: string;
    token?: string;
    query?: Record<string, string>;
    claims?: Record<string, string>;
  } = {},
): APIGatewayProxyEventV2 {
  const [method = 'GET', path = '/'] = routeKey.split(' ');
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: '',
    headers: {
      'content-type': 'application/json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    },
    queryStringParameters: options.query,
    pathParameters: options.pathParameters,
    requestContext: {
      accountId: '000000000000',
      apiId: 'test',
      domainName: 'test.local',
      domainPrefix: 'test',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
      ...(options.claims ? { authorizer: { jwt: { claims: options.claims, scopes: [] } } } : {}),
    },
    body,
    isBase64Encoded: false,
  } as APIGatewayProxyEventV2;
}

export const supervisorClaims = { sub: 'test-supervisor', 'cognito:groups': 'supervisors' };

/** An SQS event carrying ingest messages, one record each. */
export function sqsEvent(messages: Array<IngestMessageInput | string>): SQSEvent {
  return {
    Records: messages.map((message) => ({
      messageId: randomUUID(),
      receiptHandle: randomUUID(),
      body: typeof message === 'string' ? message : JSON.stringify(message),
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: String(Date.now()),
        SenderId: 'test',
        ApproximateFirstReceiveTimestamp: String(Date.now()),
      },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:ingest',
      awsRegion: 'us-east-1',
    })),
  };
}

let counter = 0;

/** A customer's chat message as the chat edge enqueues it. */
export function chatMessage(overrides: Partial<IngestMessageInput> = {}): IngestMessageInput {
  counter += 1;
  return {
    type: 'interaction',
    channel: 'chat',
    direction: 'inbound',
    providerMessageId: `session-1:m${counter}-${randomUUID()}`,
    at: new Date(Date.UTC(2026, 4, 1, 9, 0, counter)).toISOString(),
    identities: ['email:ana@example.com'],
    text: `message ${counter}`,
    ...overrides,
  };
}
