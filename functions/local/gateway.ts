import { timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize } from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { type FunctionName, MAX_BODY_BYTES, ROUTES } from '../routes.ts';
import { lambdaContext, matchRoute, toApiGatewayEvent } from './api-gateway-event.ts';
import { receiveUpload, UPLOADS_PATH, type UploadReceiver } from './uploads.ts';

export type HttpFunction = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

export interface GatewayOptions {
  functions: Partial<Record<FunctionName, HttpFunction>>;
  devToken: string;
  /** Folders of static pages: URL prefix → directory (the chat widget lives at `/chat`). */
  staticSites: Record<string, string>;
  /**
   * Extra routes of the local runtime only (`POST /local/x/*` takes a prefix). Those under
   * `/local/` need the dev token, as they reach past the API (queues, sockets, Connect).
   */
  localRoutes?: Record<
    string,
    (request: IncomingMessage, body: Buffer) => Promise<{ status: number; body: unknown }>
  >;
  /** Local routes that answer with a stream (`GET /local/events/stream`); they need the dev token. */
  streams?: Record<string, (request: IncomingMessage, response: ServerResponse) => void>;
  /**
   * Where attachment upload grants lead (`PUT /uploads/{token}`): bodies up to the attachment
   * limit, authorised by the signed token alone, as a presigned S3 PUT is.
   */
  uploads?: UploadReceiver;
}

const LOCAL_PREFIX = '/local/';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/**
 * The local stand-in for API Gateway: the same routes, the same event format, the same
 * authorizer decision (the dev token stands in for a Cognito JWT), and the same handlers.
 */
export function createGateway(options: GatewayOptions): Server {
  return createServer((request, response) => {
    handle(request, response, options).catch((error: unknown) => {
      console.error('local gateway failure', error);
      if (!response.headersSent) send(response, 500, { message: 'Internal Server Error' });
      else response.end();
    });
  });
}

async function handle(
  request: IncomingMessage,
  response: ServerResponse,
  options: GatewayOptions,
): Promise<void> {
  const url = new URL(request.url ?? '/', `http://${request.headers.host ?? 'localhost'}`);
  const method = (request.method ?? 'GET').toUpperCase();
  if (method === 'OPTIONS') return preflight(response);
  const stream = options.streams?.[`${method} ${url.pathname}`];
  if (stream) {
    if (!authorize(request, options.devToken)) return send(response, 401, { message: 'Unauthorized' });
    return stream(request, response);
  }

  if (method === 'GET' && options.uploads && url.pathname.startsWith(`${UPLOADS_PATH}/`)) {
    const file = await options.uploads.serve(url.pathname.slice(UPLOADS_PATH.length + 1));
    response.writeHead(file.status, { ...corsHeaders(), ...file.headers });
    return void response.end(file.body);
  }
  if (method === 'PUT' && options.uploads && url.pathname.startsWith(`${UPLOADS_PATH}/`)) {
    const result = await receiveUpload(request, url.pathname.slice(UPLOADS_PATH.length + 1), options.uploads);
    return send(response, result.status, result.body);
  }
  const body = await readBody(request);
  if (body === 'too-large') return send(response, 413, { message: 'Request Entity Too Large' });

  const local = localRoute(options.localRoutes, `${method} ${url.pathname}`);
  if (local) {
    if (url.pathname.startsWith(LOCAL_PREFIX) && !authorize(request, options.devToken)) {
      return send(response, 401, { message: 'Unauthorized' });
    }
    const result = await local(request, body);
    return send(response, result.status, result.body);
  }
  const matched = matchRoute(ROUTES, method, url.pathname);
  if (!matched) return serveStatic(response, method, url.pathname, options.staticSites);

  let claims: Record<string, string> | undefined;
  if (matched.route.auth === 'agent') {
    claims = authorize(request, options.devToken);
    if (!claims) return send(response, 401, { message: 'Unauthorized' });
  }
  const fn = options.functions[matched.route.function];
  if (!fn) return send(response, 503, { message: `${matched.route.function} is not running locally` });
  const event = toApiGatewayEvent(request, url, body, matched, claims);
  const result = await fn(event, lambdaContext(matched.route.function));
  const payload = result.body
    ? Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8')
    : undefined;
  response.writeHead(result.statusCode ?? 200, { ...corsHeaders(), ...stringHeaders(result.headers) });
  response.end(payload);
}

function authorize(request: IncomingMessage, devToken: string): Record<string, string> | undefined {
  return devTokenClaims(/^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1], devToken);
}

/** The dev token plays the part of a supervisor's Cognito JWT: these are its claims. */
export function devTokenClaims(
  presented: string | null | undefined,
  devToken: string,
): Record<string, string> | undefined {
  if (!presented) return undefined;
  const a = Buffer.from(presented);
  const b = Buffer.from(devToken);
  if (a.length !== b.length || !timingSafeEqual(a, b)) return undefined;
  return { sub: 'local-supervisor', 'cognito:username': 'supervisor', 'cognito:groups': 'supervisors' };
}

/** Exact keys first; a key ending in `/*` serves every path under it. */
function localRoute(routes: GatewayOptions['localRoutes'], key: string) {
  if (!routes) return undefined;
  return (
    routes[key] ??
    Object.entries(routes).find(
      ([pattern]) => pattern.endsWith('/*') && key.startsWith(pattern.slice(0, -1)),
    )?.[1]
  );
}

async function readBody(request: IncomingMessage): Promise<Buffer | 'too-large'> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) {
    request.resume();
    return 'too-large';
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return 'too-large';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

async function serveStatic(
  response: ServerResponse,
  method: string,
  pathname: string,
  sites: Record<string, string>,
): Promise<void> {
  const prefix = Object.keys(sites).find((p) => pathname === p || pathname.startsWith(`${p}/`));
  if (method !== 'GET' || !prefix) return send(response, 404, { message: 'Not Found' });
  // A site's pages load their files relative to the folder, so the folder needs its slash.
  if (pathname === prefix) {
    response.writeHead(301, { location: `${prefix}/` });
    response.end();
    return;
  }
  const relative = normalize(pathname.slice(prefix.length) || '/').replace(/^(\.\.[/\\])+/, '');
  const file = join(sites[prefix] as string, relative.endsWith('/') ? `${relative}index.html` : relative);
  try {
    const content = await readFile(file);
    response.writeHead(200, {
      'content-type': MIME[extname(file)] ?? 'application/octet-stream',
      ...corsHeaders(),
    });
    response.end(content);
  } catch {
    send(response, 404, { message: 'Not Found' });
  }
}

/** Mirrors the HTTP API's CORS settings so the chat widget can be embedded on any site. */
function corsHeaders(): Record<string, string> {
  return { 'access-control-allow-origin': '*' };
}

function preflight(response: ServerResponse): void {
  response.writeHead(204, {
    ...corsHeaders(),
    'access-control-allow-methods': 'GET,POST,PUT,DELETE,OPTIONS',
    'access-control-allow-headers': 'authorization,content-type,x-amz-checksum-sha256',
    'access-control-max-age': '600',
  });
  response.end();
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...corsHeaders() });
  response.end(JSON.stringify(body));
}

function stringHeaders(headers: APIGatewayProxyStructuredResultV2['headers']): Record<string, string> {
  return Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k, String(v)]));
}
