import { type BearerToken, bearer } from './api.ts';

export type LiveStatus = 'connecting' | 'open' | 'closed';

export interface LiveClientOptions {
  /** Pause before the first reconnect; it doubles per failed attempt. */
  baseDelayMs?: number;
  /** The longest pause between reconnects. */
  maxDelayMs?: number;
  /** The server's limit of topics per connection. */
  maxTopics?: number;
  /** For tests: a WebSocket implementation and a random source. */
  WebSocket?: typeof WebSocket;
  random?: () => number;
}

type Listener = () => void;

/**
 * The live-updates client: one WebSocket to the platform that says which topics changed
 * (`agent:{id}`, `customer:{id}`, `queues`, `agents`), never what changed; listeners refetch
 * over the HTTP API. It reconnects on its own (capped exponential backoff with jitter),
 * subscribes again, and tells every listener to refetch after a gap, in case it missed a notice.
 */
export class LiveClient {
  private socket: WebSocket | undefined;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private attempt = 0;
  private stopped = true;
  private hadConnection = false;
  private pendingSubscribe = false;
  private current: LiveStatus = 'closed';
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly statusListeners = new Set<(status: LiveStatus) => void>();
  private readonly options: Required<Omit<LiveClientOptions, 'WebSocket'>> & { WebSocket: typeof WebSocket };

  constructor(
    private readonly url: string,
    /** Read again on every connect, so a reconnect carries a current Cognito token. */
    private readonly token: BearerToken,
    options: LiveClientOptions = {},
  ) {
    this.options = {
      baseDelayMs: options.baseDelayMs ?? 1_000,
      maxDelayMs: options.maxDelayMs ?? 30_000,
      maxTopics: options.maxTopics ?? 50,
      WebSocket: options.WebSocket ?? globalThis.WebSocket,
      random: options.random ?? Math.random,
    };
  }

  get status(): LiveStatus {
    return this.current;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retry);
    this.socket?.close(1000, 'done');
    this.socket = undefined;
    this.setStatus('closed');
  }

  /** Calls `listener` whenever `topic` changes; the returned function stops listening. */
  listen(topic: string, listener: Listener): () => void {
    const known = this.listeners.has(topic);
    const set = this.listeners.get(topic) ?? new Set();
    set.add(listener);
    this.listeners.set(topic, set);
    if (!known) this.subscribeSoon();
    return () => {
      set.delete(listener);
      if (set.size > 0) return;
      this.listeners.delete(topic);
      this.subscribeSoon();
    };
  }

  onStatus(listener: (status: LiveStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  private async connect(): Promise<void> {
    this.setStatus('connecting');
    let token: string;
    try {
      token = await bearer(this.token);
    } catch {
      this.setStatus('closed');
      if (!this.stopped) this.scheduleReconnect();
      return;
    }
    if (this.stopped) return;
    const separator = this.url.includes('?') ? '&' : '?';
    const socket = new this.options.WebSocket(`${this.url}${separator}token=${encodeURIComponent(token)}`);
    this.socket = socket;
    socket.onopen = () => {
      this.attempt = 0;
      this.setStatus('open');
      this.sendSubscribe();
      // Changes made while we were away were never announced: everyone refetches once.
      if (this.hadConnection) this.notify([...this.listeners.keys()]);
      this.hadConnection = true;
    };
    socket.onmessage = (message) => {
      const notice = parseNotice(message.data);
      if (notice) this.notify(notice);
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      this.setStatus('closed');
      if (!this.stopped) this.scheduleReconnect();
    };
  }

  private scheduleReconnect(): void {
    const ceiling = Math.min(this.options.maxDelayMs, this.options.baseDelayMs * 2 ** this.attempt);
    this.attempt += 1;
    // Half to all of the ceiling, so consoles that lost the server together do not return together.
    const delay = ceiling * (0.5 + this.options.random() / 2);
    this.retry = setTimeout(() => void this.connect(), delay);
  }

  /** Listeners come and go within one render: one subscribe message covers them all. */
  private subscribeSoon(): void {
    if (this.pendingSubscribe) return;
    this.pendingSubscribe = true;
    queueMicrotask(() => {
      this.pendingSubscribe = false;
      this.sendSubscribe();
    });
  }

  private sendSubscribe(): void {
    if (this.socket?.readyState !== this.options.WebSocket.OPEN) return;
    const topics = [...this.listeners.keys()].slice(0, this.options.maxTopics);
    this.socket.send(JSON.stringify({ action: 'subscribe', topics }));
  }

  private notify(topics: readonly string[]): void {
    const called = new Set<Listener>();
    for (const topic of topics) {
      for (const listener of this.listeners.get(topic) ?? []) {
        if (called.has(listener)) continue;
        called.add(listener);
        listener();
      }
    }
  }

  private setStatus(status: LiveStatus): void {
    if (status === this.current) return;
    this.current = status;
    for (const listener of this.statusListeners) listener(status);
  }
}

/** The topics of a `changed` notice; anything else (answers, errors) names none. */
export function parseNotice(data: unknown): string[] | undefined {
  if (typeof data !== 'string') return undefined;
  try {
    const message = JSON.parse(data) as { type?: unknown; topics?: unknown };
    if (message.type !== 'changed' || !Array.isArray(message.topics)) return undefined;
    return message.topics.filter((topic): topic is string => typeof topic === 'string');
  } catch {
    return undefined;
  }
}
