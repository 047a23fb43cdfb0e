import { randomUUID } from 'node:crypto';
import type { AttributeValue, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { Listener } from '#core/live-topics.ts';
import type { LiveSocketEvent } from '#handlers/live-socket.ts';
import { LOCAL_AWS } from '#local/emulators.ts';
import { LiveConnections } from '#shared/live-connections.ts';
import type { LiveSubscriptionsRepo } from '#store/live-subscriptions-repo.ts';
import { type RecordedRequest, type StandIn, startStandIn } from './channels.ts';

/** A WebSocket API event as API Gateway sends it to the live socket. */
export function socketEvent(
  routeKey: string,
  connectionId: string,
  options: { body?: unknown; authorizer?: Record<string, string> } = {},
): LiveSocketEvent {
  const now = Date.now();
  return {
    requestContext: {
      routeKey,
      eventType: routeKey === '$connect' ? 'CONNECT' : routeKey === '$disconnect' ? 'DISCONNECT' : 'MESSAGE',
      messageId: `m-${now}`,
      extendedRequestId: `x-${now}`,
      requestTime: new Date(now).toUTCString(),
      messageDirection: 'IN',
      stage: 'test',
      connectedAt: now,
      requestTimeEpoch: now,
      requestId: `r-${now}`,
      domainName: 'live.test',
      connectionId,
      apiId: 'test',
      ...(options.authorizer ? { authorizer: options.authorizer } : {}),
    },
    ...(options.body === undefined
      ? {}
      : { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }),
    isBase64Encoded: false,
  };
}

/** A DynamoDB stream record of string attributes, as the event source mapping delivers it. */
export function streamRecord(
  oldImage: Record<string, string> | undefined,
  newImage: Record<string, string> | undefined,
): DynamoDBRecord {
  const image = (item?: Record<string, string>) =>
    item && Object.fromEntries(Object.entries(item).map(([name, value]) => [name, { S: value }]));
  return {
    eventName: oldImage ? (newImage ? 'MODIFY' : 'REMOVE') : 'INSERT',
    eventSource: 'aws:dynamodb',
    dynamodb: {
      Keys: image({ pk: String((newImage ?? oldImage)?.pk), sk: String((newImage ?? oldImage)?.sk) }),
      OldImage: image(oldImage),
      NewImage: image(newImage),
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
  };
}

/**
 * The stream record of an item DynamoDB's TTL deleted, in the documented shape: a REMOVE whose
 * `userIdentity` is the DynamoDB service. The old image keeps the item's strings and numbers.
 */
export function ttlRemovalRecord(item: Record<string, unknown>): DynamoDBRecord {
  const image = Object.fromEntries(
    Object.entries(item).flatMap(([name, value]): [string, AttributeValue][] => {
      if (typeof value === 'string') return [[name, { S: value }]];
      if (typeof value === 'number') return [[name, { N: String(value) }]];
      return [];
    }),
  );
  return {
    eventName: 'REMOVE',
    eventSource: 'aws:dynamodb',
    userIdentity: { type: 'Service', principalId: 'dynamodb.amazonaws.com' },
    dynamodb: {
      Keys: { pk: { S: String(item.pk) }, sk: { S: String(item.sk) } },
      OldImage: image,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
  };
}

export const streamEvent = (...records: DynamoDBRecord[]): DynamoDBStreamEvent => ({ Records: records });

export interface ManagementStandIn extends StandIn {
  connections: LiveConnections;
  /** What was posted to a connection (answered or not), parsed. */
  posted(connectionId: string): unknown[];
}

/**
 * API Gateway's management API on localhost: accepts SigV4-signed `POST /@connections/{id}`,
 * answers 410 for the ids in `gone` and 500 for those in `broken`.
 */
export async function startManagementStandIn(
  gone: Set<string>,
  broken: Set<string> = new Set(),
): Promise<ManagementStandIn> {
  const idOf = (request: RecordedRequest) =>
    decodeURIComponent(/^\/@connections\/([^/?]+)$/.exec(request.path)?.[1] ?? '');
  const standIn = await startStandIn((request) => {
    const id = idOf(request);
    if (request.method !== 'POST' || !id) return { status: 404, body: { message: 'no such route' } };
    if (!String(request.headers.authorization).startsWith('AWS4-HMAC-SHA256 ')) {
      return { status: 403, body: { message: 'unsigned' } };
    }
    if (gone.has(id)) return { status: 410, body: {}, headers: { 'x-amzn-errortype': 'GoneException' } };
    if (broken.has(id)) return { status: 500, body: { message: 'internal failure' } };
    return { status: 200 };
  });
  const connections = new LiveConnections(standIn.url, { ...LOCAL_AWS, maxAttempts: 1 });
  return {
    ...standIn,
    connections,
    posted: (connectionId) =>
      standIn.requests
        .filter((request) => idOf(request) === connectionId)
        .map((request) => JSON.parse(request.body)),
    close: async () => {
      connections.destroy();
      await standIn.close();
    },
  };
}

/** A new connection of `listener`, subscribed to `topics`; answers its id. */
export async function listening(
  subscriptions: LiveSubscriptionsRepo,
  topics: string[],
  listener: Listener,
): Promise<string> {
  const connectionId = `c-${randomUUID()}`;
  await subscriptions.open(connectionId, listener);
  const connection = await subscriptions.get(connectionId);
  if (!connection) throw new Error('not opened');
  await subscriptions.replaceTopics(connection, topics);
  return connectionId;
}
