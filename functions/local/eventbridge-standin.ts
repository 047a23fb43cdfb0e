import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as z from 'zod';
import { safeJson } from '#shared/json.ts';
import type { Emulator } from './emulators.ts';
import { readBody } from './translate-standin.ts';
import type { BusEvent, WebhookSender } from './webhooks.ts';

/** The JSON 1.1 target EventBridge's PutEvents is called by. */
export const PUT_EVENTS_TARGET = 'AWSEvents.PutEvents';
/** Where the gateway lists the bus's events (`?since=` a cursor, `&wait=` seconds to wait for one). */
export const LOCAL_EVENTS_PATH = '/local/events';
/** …and streams them as they come, as server-sent events. */
export const LOCAL_EVENTS_STREAM_PATH = '/local/events/stream';

/** An event on the local bus: as EventBridge hands it to a target, and the bus it was put on. */
export type LocalBusEvent = BusEvent & {
  version: '0';
  account: string;
  region: string;
  resources: string[];
  busName: string;
};

type LocalRoute = (request: IncomingMessage, body: Buffer) => Promise<{ status: number; body: unknown }>;
type StreamRoute = (request: IncomingMessage, response: ServerResponse) => void;

export interface EventBridgeStandIn extends Emulator {
  /** Events put after the cursor, oldest first, and the cursor of the last one (0 before any). */
  events(since?: number): { events: LocalBusEvent[]; cursor: number };
  /** Every PutEvents request body, parsed: what the real client sent. */
  readonly requests: ReadonlyArray<{ Entries: Array<Record<string, unknown>> }>;
  /** The next `entries` entries put are refused as throttled, as EventBridge may. */
  refuseNext(entries: number): void;
  /** `GET /local/events` for the gateway. */
  routes: Record<string, LocalRoute>;
  /** `GET /local/events/stream` for the gateway. */
  streams: Record<string, StreamRoute>;
}

export interface EventBridgeStandInOptions {
  host?: string;
  port?: number;
  /** Told of every event put (the local webhooks). */
  webhooks?: WebhookSender;
  /** How many recent events are kept to be listed. */
  keep?: number;
}

const EntrySchema = z.object({
  Source: z.string().min(1).max(256),
  DetailType: z.string().min(1).max(128),
  Detail: z.string().min(1),
  EventBusName: z.string().min(1).default('default'),
  Resources: z.array(z.string()).default([]),
  Time: z.union([z.number(), z.string()]).optional(),
});
const PutEventsSchema = z.object({ Entries: z.array(z.unknown()).min(1).max(10) });

/**
 * EventBridge's PutEvents, locally: the same AWS JSON 1.1 request and answer, so the real SDK
 * client is pointed at it by endpoint. It keeps the latest events for `GET /local/events`, and
 * hands each to the local webhooks, as rules with API destinations do on AWS.
 */
export async function startEventBridgeStandIn(
  options: EventBridgeStandInOptions = {},
): Promise<EventBridgeStandIn> {
  const kept: Array<{ cursor: number; event: LocalBusEvent }> = [];
  const requests: Array<{ Entries: Array<Record<string, unknown>> }> = [];
  const waiting = new Set<() => void>();
  const state = { cursor: 0, refuse: 0 };
  const keep = options.keep ?? 1000;

  const put = (entry: unknown) => {
    if (state.refuse > 0) {
      state.refuse--;
      return { ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' };
    }
    const parsed = EntrySchema.safeParse(entry);
    const detail = parsed.success ? safeJson(parsed.data.Detail) : undefined;
    if (!parsed.success || !detail || typeof detail !== 'object' || Array.isArray(detail)) {
      return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
    }
    const event = busEvent(parsed.data, detail as Record<string, unknown>);
    kept.push({ cursor: ++state.cursor, event });
    if (kept.length > keep) kept.shift();
    options.webhooks?.send(event);
    return { EventId: event.id };
  };

  const server = createServer((request, response) => {
    readBody(request).then(
      (raw) => {
        const body = PutEventsSchema.safeParse(safeJson(raw));
        if (request.method !== 'POST' || request.headers['x-amz-target'] !== PUT_EVENTS_TARGET) {
          return reply(response, 400, {
            __type: 'UnknownOperationException',
            message: 'only PutEvents is served here',
          });
        }
        if (!body.success) {
          return reply(response, 400, { __type: 'ValidationException', message: 'Entries: 1 to 10 entries' });
        }
        requests.push(body.data as { Entries: Array<Record<string, unknown>> });
        const Entries = body.data.Entries.map(put);
        for (const wake of waiting) wake();
        reply(response, 200, { FailedEntryCount: Entries.filter((e) => 'ErrorCode' in e).length, Entries });
      },
      () => response.destroy(),
    );
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((ready) => server.listen(options.port ?? 0, host, ready));
  const { port } = server.address() as AddressInfo;

  const events = (since = 0) => ({
    events: kept.filter((entry) => entry.cursor > since).map((entry) => entry.event),
    cursor: state.cursor,
  });
  return {
    endpoint: `http://${host}:${port}`,
    events,
    requests,
    refuseNext: (entries) => {
      state.refuse = entries;
    },
    routes: { [`GET ${LOCAL_EVENTS_PATH}`]: (request) => listEvents(request, events, waiting) },
    streams: {
      [`GET ${LOCAL_EVENTS_STREAM_PATH}`]: (request, response) =>
        streamEvents(request, response, events, waiting),
    },
    stop: async () => {
      for (const wake of waiting) wake();
      await options.webhooks?.stop();
      await new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      });
    },
  };
}

function busEvent(entry: z.infer<typeof EntrySchema>, detail: Record<string, unknown>): LocalBusEvent {
  // The SDK sends a time as epoch seconds.
  const time =
    entry.Time === undefined
      ? new Date()
      : new Date(typeof entry.Time === 'number' ? entry.Time * 1000 : entry.Time);
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': entry.DetailType,
    source: entry.Source,
    account: '000000000000',
    // EventBridge gives an event's time to the second.
    time: time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: 'us-east-1',
    resources: entry.Resources,
    detail,
    busName: entry.EventBusName,
  };
}

const ListQuerySchema = z.object({
  since: z.coerce.number().int().nonnegative().default(0),
  wait: z.coerce.number().int().min(0).max(25).default(0),
});

/** Lists events after `since`; with `wait`, an empty list waits up to that many seconds for one. */
async function listEvents(
  request: IncomingMessage,
  events: EventBridgeStandIn['events'],
  waiting: Set<() => void>,
): Promise<{ status: number; body: unknown }> {
  const params = Object.fromEntries(new URL(request.url ?? '/', 'http://localhost').searchParams);
  const query = ListQuerySchema.safeParse(params);
  if (!query.success) {
    const field = String(query.error.issues[0]?.path[0]);
    return { status: 400, body: { message: `${field}: ${query.error.issues[0]?.message}` } };
  }
  const { since, wait } = query.data;
  if (wait > 0 && events(since).events.length === 0) {
    await new Promise<void>((done) => {
      const wake = () => {
        clearTimeout(timer);
        waiting.delete(wake);
        done();
      };
      const timer = setTimeout(wake, wait * 1000);
      waiting.add(wake);
    });
  }
  return { status: 200, body: events(since) };
}

/**
 * Server-sent events: each event as it is put, its cursor as the SSE id, so a client that
 * reconnects with `Last-Event-ID` (or `?since=`) gets what it missed among the kept ones.
 */
function streamEvents(
  request: IncomingMessage,
  response: ServerResponse,
  events: EventBridgeStandIn['events'],
  waiting: Set<() => void>,
): void {
  const params = new URL(request.url ?? '/', 'http://localhost').searchParams;
  const from = z.coerce
    .number()
    .int()
    .nonnegative()
    .safeParse(request.headers['last-event-id'] ?? params.get('since') ?? events().cursor);
  if (!from.success) {
    response.writeHead(400, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ message: 'since: a cursor from an earlier answer' }));
    return;
  }
  let cursor = from.data;
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
  response.write(': onethread domain events\n\n');
  const flush = () => {
    const { events: next, cursor: last } = events(cursor);
    const first = last - next.length + 1;
    next.forEach((event, index) => {
      response.write(
        `id: ${first + index}\nevent: ${event['detail-type']}\ndata: ${JSON.stringify(event)}\n\n`,
      );
    });
    cursor = last;
  };
  flush();
  waiting.add(flush);
  response.on('close', () => waiting.delete(flush));
}

function reply(response: ServerResponse, status: number, body: Record<string, unknown>): void {
  const type = typeof body.__type === 'string' ? { 'x-amzn-errortype': body.__type } : {};
  response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', ...type });
  response.end(JSON.stringify(body));
}
