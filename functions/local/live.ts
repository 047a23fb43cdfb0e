import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ApiGatewayManagementApiClientConfig } from '@aws-sdk/client-apigatewaymanagementapi';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { WebSocket, WebSocketServer } from 'ws';
import { visitorSession } from '#channels/chat/session-token.ts';
import type { ChatSession } from '#core/chat-session.ts';
import { chatTopic } from '#core/live-topics.ts';
import type { LiveSocketEvent } from '#handlers/live-socket.ts';
import { originAllowed } from '#http/origin.ts';
import { decodePathSegment } from '#http/request.ts';
import { lambdaContext } from './api-gateway-event.ts';
import { LOCAL_AWS } from './emulators.ts';
import { devTokenClaims } from './gateway.ts';

export type LiveSocketFunction = (
  event: LiveSocketEvent,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

export interface LocalLiveOptions {
  devToken: string;
  handler: LiveSocketFunction;
  /** Origins of consoles served elsewhere (a dev server); this server's own are always allowed. */
  consoleOrigins?: readonly string[];
  /** Chat sessions, whose visitors connect with their session token (from any page); without it, none do. */
  chatSessions?: { get(sessionId: string): Promise<ChatSession | undefined> };
}

/** What the authorizer hands the live socket: a token's claims, or the visitor's session. */
type Claims = Record<string, string>;

const NO_SESSIONS = { get: async () => undefined };

type LocalRoute = (request: IncomingMessage, body: Buffer) => Promise<{ status: number; body: unknown }>;

export interface LocalLive {
  /** The management API (`POST /local/live/@connections/{connectionId}`) for the gateway. */
  routes: Record<string, LocalRoute>;
  /** Serves the socket on the gateway's HTTP server, at `/live`. */
  attach(server: Server): void;
  /** Closes every connection (each gets its `$disconnect`) and stops serving. */
  stop(): Promise<void>;
}

export const LIVE_PATH = '/live';
/** API Gateway's WebSocket frame limit; larger frames close the connection (1009). */
export const LIVE_MAX_PAYLOAD_BYTES = 32 * 1024;
/** Where the live-updates function's management API client points locally. */
export const LIVE_MANAGEMENT_PATH = '/local/live';
const CONNECTIONS = `${LIVE_MANAGEMENT_PATH}/@connections/`;

/**
 * The management API client's settings, locally: the gateway lets only the dev token through to
 * `/local/`, where API Gateway's management API takes a SigV4 signature by an allowed role.
 */
export function localManagementConfig(devToken: string): ApiGatewayManagementApiClientConfig {
  return {
    ...LOCAL_AWS,
    signer: {
      sign: async (request) => {
        request.headers.authorization = `Bearer ${devToken}`;
        return request;
      },
    },
  };
}

/**
 * API Gateway's WebSocket API, locally: the `$connect` authorizer (the console's origins, and the
 * dev token in the `token` query parameter in place of a Cognito JWT), the routes `$connect`, `$disconnect`,
 * `subscribe` (by the message's `action`) and `$default` driving the same handler, and the
 * management API that posts to a connection or answers 410 when it is gone.
 */
export function createLocalLive(options: LocalLiveOptions): LocalLive {
  let attached: Server | undefined;
  const live: LiveState = {
    sockets: new Map(),
    disconnects: new Set(),
    wss: new WebSocketServer({ noServer: true, maxPayload: LIVE_MAX_PAYLOAD_BYTES }),
    invoke: (event) => options.handler(event, lambdaContext('liveSocket')),
  };
  // The console this server serves, by either name of this machine, and those configured.
  const consoleOrigins = (request: IncomingMessage) => {
    const port = request.socket.localPort;
    return [`http://localhost:${port}`, `http://127.0.0.1:${port}`, ...(options.consoleOrigins ?? [])];
  };

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    // The HTTP server stops handling this socket's errors once it is handed over: a client gone
    // before the handshake is answered would otherwise stop the whole process.
    socket.on('error', () => socket.destroy());
    const url = new URL(request.url ?? '/', `http://${request.headers.host ?? 'localhost'}`);
    if (url.pathname !== LIVE_PATH) return refuse(socket, 404, 'Not Found');
    // In API Gateway's order: no token is refused before the authorizer runs, which refuses a
    // page of another site whatever its token (but a chat visitor's, from any site), then checks
    // the token.
    const token = url.searchParams.get('token');
    if (!token) return refuse(socket, 401, 'Unauthorized');
    const chatSessionId = url.searchParams.get('chatSession');
    if (chatSessionId === null && !originAllowed(request.headers.origin, consoleOrigins(request)))
      return refuse(socket, 403, 'Forbidden');
    const admitted =
      chatSessionId === null
        ? Promise.resolve(devTokenClaims(token, options.devToken))
        : visitorSession(options.chatSessions ?? NO_SESSIONS, chatSessionId, token).then((session) =>
            session ? { sub: chatTopic(session.sessionId), chatSessionId: session.sessionId } : undefined,
          );
    admitted.then(
      (claims) =>
        claims ? connect(live, request, socket, head, claims) : refuse(socket, 401, 'Unauthorized'),
      (error: unknown) => {
        reportFailure(error);
        refuse(socket, 500, 'Internal Server Error');
      },
    );
  };

  return {
    routes: { [`POST ${CONNECTIONS}*`]: postToConnection(live.sockets) },
    attach: (server) => {
      attached = server;
      server.on('upgrade', onUpgrade);
    },
    stop: async () => {
      attached?.off('upgrade', onUpgrade);
      await closeAll(live);
    },
  };
}

/** The open connections, the `$disconnect`s still running, and the route handler they drive. */
interface LiveState {
  sockets: Map<string, WebSocket>;
  disconnects: Set<Promise<unknown>>;
  wss: WebSocketServer;
  invoke: (event: LiveSocketEvent) => Promise<APIGatewayProxyStructuredResultV2>;
}

/** `$connect` with the authorizer's claims; the upgrade only when the handler admits it. */
function connect(live: LiveState, request: IncomingMessage, socket: Duplex, head: Buffer, claims: Claims) {
  const url = new URL(request.url ?? '/', `http://${request.headers.host ?? 'localhost'}`);
  const connectionId = randomBytes(12).toString('base64url');
  const query = Object.fromEntries(url.searchParams);
  const connected = Date.now();
  const event = (routeKey: string, body?: string): LiveSocketEvent => ({
    requestContext: {
      ...requestContext(routeKey, connectionId, connected, request),
      ...(routeKey === '$connect' ? { authorizer: { principalId: claims.sub, ...claims } } : {}),
    },
    ...(routeKey === '$connect' ? { queryStringParameters: query } : {}),
    ...(body === undefined ? {} : { body }),
    isBase64Encoded: false,
  });
  live.invoke(event('$connect')).then(
    (result) => {
      if ((result.statusCode ?? 200) >= 300) return refuse(socket, 403, 'Forbidden');
      live.wss.handleUpgrade(request, socket, head, (ws) => serve(live, ws, connectionId, event));
    },
    (error: unknown) => {
      reportFailure(error);
      refuse(socket, 500, 'Internal Server Error');
    },
  );
}

/** An admitted connection: its messages to the routes, and its `$disconnect` once closed. */
function serve(
  live: LiveState,
  ws: WebSocket,
  connectionId: string,
  event: (routeKey: string, body?: string) => LiveSocketEvent,
) {
  live.sockets.set(connectionId, ws);
  // A bad frame (invalid UTF-8, over the size limit) is an error of this socket only: ws
  // closes it (1007, 1009), and without a listener the error would stop the process.
  ws.on('error', (error) => console.warn(`live socket ${connectionId}:`, error.message));
  // One message at a time per connection, so answers keep the order of questions.
  let queue = Promise.resolve();
  ws.on('message', (data) => {
    const body = data.toString();
    queue = queue.then(async () => {
      const result = await live.invoke(event(routeOf(body), body));
      if (result.body && ws.readyState === WebSocket.OPEN) ws.send(result.body);
    }, reportFailure);
  });
  ws.on('close', () => {
    live.sockets.delete(connectionId);
    queue = queue.then(() => live.invoke(event('$disconnect')).then(() => undefined), reportFailure);
    const disconnected = queue;
    live.disconnects.add(disconnected);
    void disconnected.finally(() => live.disconnects.delete(disconnected));
  });
}

/** The management API's `PostToConnection`: 410 when the connection is gone. */
function postToConnection(sockets: Map<string, WebSocket>): LocalRoute {
  return async (request, body) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const connectionId = decodePathSegment(path.slice(CONNECTIONS.length));
    if (connectionId === undefined) {
      return {
        status: 400,
        body: { __type: 'BadRequestException', message: 'connectionId: malformed percent-encoding' },
      };
    }
    const ws = sockets.get(connectionId);
    if (!ws || ws.readyState !== WebSocket.OPEN) {
      return { status: 410, body: { __type: 'GoneException', message: 'the connection is gone' } };
    }
    ws.send(body.toString('utf8'));
    return { status: 200, body: {} };
  };
}

/** Closes every connection (cut after a second), lets their `$disconnect`s finish, then stops serving. */
async function closeAll({ sockets, disconnects, wss }: LiveState): Promise<void> {
  const closed = [...sockets.values()].map(
    (ws) => new Promise((done) => ws.once('close', done).close(1001, 'server stopping')),
  );
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([Promise.all(closed), new Promise((done) => (timer = setTimeout(done, 1_000)))]);
  clearTimeout(timer);
  for (const ws of sockets.values()) ws.terminate();
  await Promise.allSettled([...disconnects]);
  await new Promise((done) => wss.close(done));
}

/** API Gateway picks the route by `$request.body.action`; anything else is `$default`. */
function routeOf(body: string): string {
  try {
    const action = (JSON.parse(body) as { action?: unknown } | null)?.action;
    return action === 'subscribe' ? action : '$default';
  } catch {
    return '$default';
  }
}

function requestContext(
  routeKey: string,
  connectionId: string,
  connectedAt: number,
  request: IncomingMessage,
) {
  const now = new Date();
  const eventType = { $connect: 'CONNECT', $disconnect: 'DISCONNECT' }[routeKey] ?? 'MESSAGE';
  return {
    routeKey,
    eventType: eventType as 'CONNECT' | 'DISCONNECT' | 'MESSAGE',
    messageId: randomUUID(),
    extendedRequestId: randomUUID(),
    requestTime: now.toUTCString(),
    messageDirection: 'IN' as const,
    stage: 'local',
    connectedAt,
    requestTimeEpoch: now.getTime(),
    requestId: randomUUID(),
    domainName: request.headers.host ?? 'localhost',
    connectionId,
    apiId: 'local',
  };
}

function refuse(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

function reportFailure(error: unknown): void {
  console.error('live socket:', (error as Error).message);
}
