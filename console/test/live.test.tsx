import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LiveClient, parseNotice } from '../src/live.ts';

/** Just enough of a browser WebSocket to play the server's part by hand. */
class FakeSocket {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 3;
  static opened: FakeSocket[] = [];
  readyState = FakeSocket.CONNECTING;
  sent: unknown[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((message: { data: unknown }) => void) | null = null;
  onclose: (() => void) | null = null;

  constructor(readonly url: string) {
    FakeSocket.opened.push(this);
  }
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close() {
    this.drop();
  }
  accept() {
    this.readyState = FakeSocket.OPEN;
    this.onopen?.();
  }
  push(message: unknown) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
  drop() {
    this.readyState = FakeSocket.CLOSED;
    this.onclose?.();
  }
}

const latest = () => FakeSocket.opened.at(-1) as FakeSocket;
const settle = () => vi.advanceTimersByTimeAsync(0);

function client(random = () => 1) {
  return new LiveClient('ws://127.0.0.1:3000/live', async () => 'tok en', {
    WebSocket: FakeSocket as unknown as typeof WebSocket,
    random,
    baseDelayMs: 1_000,
    maxDelayMs: 8_000,
  });
}

describe('the live-updates client', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    FakeSocket.opened = [];
  });
  afterEach(() => vi.useRealTimers());

  it('connects with the token, subscribes to what is listened to, and calls listeners per topic', async () => {
    const live = client();
    const agent = vi.fn();
    const customer = vi.fn();
    live.listen('agent:agent-ana', agent);
    live.listen('customer:cust_1', customer);
    live.start();
    await settle();
    expect(latest().url).toBe('ws://127.0.0.1:3000/live?token=tok%20en');
    latest().accept();
    expect(live.status).toBe('open');
    expect(latest().sent).toEqual([{ action: 'subscribe', topics: ['agent:agent-ana', 'customer:cust_1'] }]);

    latest().push({ type: 'changed', topics: ['customer:cust_1'] });
    expect(customer).toHaveBeenCalledTimes(1);
    expect(agent).not.toHaveBeenCalled();
    live.stop();
  });

  it('sends one subscribe for listeners that come and go together, and drops unheard topics', async () => {
    const live = client();
    live.start();
    await settle();
    latest().accept();
    const stopA = live.listen('customer:a', () => undefined);
    live.listen('customer:b', () => undefined);
    await settle();
    stopA();
    await settle();
    expect(latest().sent).toEqual([
      { action: 'subscribe', topics: [] },
      { action: 'subscribe', topics: ['customer:a', 'customer:b'] },
      { action: 'subscribe', topics: ['customer:b'] },
    ]);
    live.stop();
  });

  it('reconnects with a capped, jittered backoff, subscribes again and has everyone refetch', async () => {
    const live = client(() => 0);
    const listener = vi.fn();
    live.listen('queues', listener);
    live.start();
    await settle();
    latest().accept();
    const statuses: string[] = [];
    live.onStatus((status) => statuses.push(status));

    // The pause doubles per failed attempt up to the 8 s cap; this jitter takes half of it.
    for (const ceiling of [1_000, 2_000, 4_000, 8_000, 8_000]) {
      latest().drop();
      const before = FakeSocket.opened.length;
      await vi.advanceTimersByTimeAsync(ceiling / 2 - 1);
      expect(FakeSocket.opened.length).toBe(before);
      await vi.advanceTimersByTimeAsync(1);
      expect(FakeSocket.opened.length).toBe(before + 1);
    }
    latest().accept();
    expect(statuses).toContain('closed');
    expect(live.status).toBe('open');
    expect(latest().sent).toEqual([{ action: 'subscribe', topics: ['queues'] }]);
    // A notice may have been missed while it was down.
    expect(listener).toHaveBeenCalledTimes(1);
    live.stop();
  });

  it('stops for good: no reconnect after stop', async () => {
    const live = client();
    live.start();
    await settle();
    latest().accept();
    live.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeSocket.opened).toHaveLength(1);
    expect(live.status).toBe('closed');
  });

  it('reads only change notices', () => {
    expect(parseNotice('{"type":"changed","topics":["queues",3]}')).toEqual(['queues']);
    expect(parseNotice('{"type":"subscribed","topics":["queues"]}')).toBeUndefined();
    expect(parseNotice('not json')).toBeUndefined();
    expect(parseNotice(new ArrayBuffer(2))).toBeUndefined();
  });
});
