import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DomainEvent, domainEventsOf } from '#core/domain-events.ts';
import { localClientConfig } from '#local/emulators.ts';
import { type EventBridgeStandIn, startEventBridgeStandIn } from '#local/eventbridge-standin.ts';
import { createGateway } from '#local/gateway.ts';
import { createWebhookSender, parseLocalWebhooks, webhookSignature } from '#local/webhooks.ts';
import { EventBus } from '#shared/event-bus.ts';
import { type StandIn, startStandIn } from '../support/channels.ts';
import { conversationItem, customerItem, erasureItem } from '../support/domain-events.ts';

const TOKEN = 'events-test-token';
const SECRET = 'a-webhook-secret-of-some-length';
const at = new Date('2026-05-01T10:00:05.000Z');

const opened = (conversationId: string): DomainEvent[] =>
  domainEventsOf({ newImage: conversationItem({ conversationId }) }, at);

async function until(done: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!done() && Date.now() < deadline) await new Promise((next) => setTimeout(next, 20));
}

describe('the local event bus', () => {
  let bridge: EventBridgeStandIn;
  let bus: EventBus;
  let everything: StandIn;
  let erasures: StandIn;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    // The first request about one conversation fails, as a company system may, and is tried again.
    let failed = false;
    everything = await startStandIn((request) => {
      if (failed || !request.body.includes('conv_local_hook')) return { status: 204 };
      failed = true;
      return { status: 503 };
    });
    erasures = await startStandIn(() => ({ status: 200 }));
    const webhooks = parseLocalWebhooks(
      JSON.stringify([
        { url: `${everything.url}/all`, secret: SECRET },
        { url: `${erasures.url}/erasures`, eventTypes: ['customer.erased'] },
      ]),
    );
    bridge = await startEventBridgeStandIn({ webhooks: createWebhookSender({ webhooks, pauseMs: () => 5 }) });
    bus = new EventBus({ busName: 'onethread-local', client: localClientConfig(bridge.endpoint) });
    server = createGateway({
      functions: {},
      devToken: TOKEN,
      staticSites: {},
      localRoutes: bridge.routes,
      streams: bridge.streams,
    });
    await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    bus?.destroy();
    await bridge?.stop();
    await new Promise((done) => server?.close(done));
    await everything?.close();
    await erasures?.close();
  });

  const list = (query = '') =>
    fetch(`${base}/local/events${query}`, { headers: { authorization: `Bearer ${TOKEN}` } });

  it('takes PutEvents from the real client and lists the events as EventBridge delivers them', async () => {
    const { cursor: before } = bridge.events();
    await bus.put(opened('conv_local_1'));
    const response = await list(`?since=${before}`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { events: Array<Record<string, unknown>>; cursor: number };
    expect(body.cursor).toBe(before + 1);
    expect(body.events).toEqual([
      expect.objectContaining({
        version: '0',
        source: 'onethread',
        'detail-type': 'conversation.opened',
        time: '2026-05-01T10:00:05Z',
        busName: 'onethread-local',
        detail: expect.objectContaining({ conversationId: 'conv_local_1', schemaVersion: 1 }),
      }),
    ]);
    const later = (await (await list(`?since=${body.cursor}`)).json()) as { events: unknown[] };
    expect(later.events).toEqual([]);
  });

  it('lists events only for the agent token, and names a bad cursor', async () => {
    expect((await fetch(`${base}/local/events`)).status).toBe(401);
    const bad = await list('?since=yesterday');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toMatch(/^since: /);
  });

  it('answers a waiting listener as soon as an event arrives', async () => {
    const { cursor } = bridge.events();
    const waiting = list(`?since=${cursor}&wait=20`);
    await bus.put(opened('conv_local_waited'));
    const body = (await (await waiting).json()) as { events: Array<{ detail: { conversationId: string } }> };
    expect(body.events.map((event) => event.detail.conversationId)).toEqual(['conv_local_waited']);
  });

  it('streams events as server-sent events to the agent token, from the cursor given', async () => {
    expect((await fetch(`${base}/local/events/stream`)).status).toBe(401);
    const { cursor } = bridge.events();
    await bus.put(opened('conv_streamed_1'));
    const controller = new AbortController();
    const response = await fetch(`${base}/local/events/stream?since=${cursor}`, {
      headers: { authorization: `Bearer ${TOKEN}` },
      signal: controller.signal,
    });
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    let text = '';
    const read = async (until: string) => {
      while (!text.includes(until)) text += new TextDecoder().decode((await reader.read()).value);
    };
    await read('conv_streamed_1');
    await bus.put(opened('conv_streamed_2'));
    await read('conv_streamed_2');
    controller.abort();
    const messages = text.split('\n\n').filter((message) => message.startsWith('id: '));
    expect(messages.map((message) => message.split('\n').slice(0, 2))).toEqual([
      [`id: ${cursor + 1}`, 'event: conversation.opened'],
      [`id: ${cursor + 2}`, 'event: conversation.opened'],
    ]);
    const [, , data] = messages[1]?.split('\n') ?? [];
    expect(JSON.parse(data?.slice('data: '.length) ?? '{}')).toMatchObject({
      detail: { conversationId: 'conv_streamed_2' },
    });
  });

  it('posts every event to a webhook, signed with its secret, and tries again after a failure', async () => {
    await bus.put(opened('conv_local_hook'));
    const deliveries = () =>
      everything.requests.filter((request) => request.body.includes('conv_local_hook'));
    await until(() => deliveries().length >= 2);
    const [failed, delivered] = deliveries();
    expect(delivered?.body).toBe(failed?.body);
    expect(delivered?.headers['x-onethread-signature']).toBe(webhookSignature(SECRET, delivered?.body ?? ''));
    expect(JSON.parse(delivered?.body ?? '{}')).toMatchObject({
      'detail-type': 'conversation.opened',
      detail: { conversationId: 'conv_local_hook' },
    });
  });

  it('posts to a webhook only the event types it asked for, unsigned without a secret', async () => {
    const erased = domainEventsOf(
      { oldImage: erasureItem({ phase: 'customers' }), newImage: erasureItem({ phase: 'done' }) },
      at,
    );
    const merged = domainEventsOf(
      { oldImage: customerItem(), newImage: customerItem({ version: 2, mergedInto: 'cust_0' }) },
      at,
    );
    await bus.put([...merged, ...erased]);
    await until(() => erasures.requests.length >= 1);
    expect(erasures.requests.map((request) => JSON.parse(request.body)['detail-type'])).toEqual([
      'customer.erased',
    ]);
    expect(erasures.requests[0]?.headers['x-onethread-signature']).toBeUndefined();
  });

  it('refuses a webhook list that names an unknown event type or a short secret', () => {
    expect(() =>
      parseLocalWebhooks('[{"url":"http://127.0.0.1:9/x","eventTypes":["customer.created"]}]'),
    ).toThrow(/ONETHREAD_WEBHOOKS: 0\.eventTypes\.0/);
    expect(() => parseLocalWebhooks('[{"url":"http://127.0.0.1:9/x","secret":"short"}]')).toThrow(
      /0\.secret/,
    );
    expect(parseLocalWebhooks(undefined)).toEqual([]);
  });
});
