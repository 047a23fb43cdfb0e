import type { WebSocketLike } from './types.js';

/** What the platform sends on a session's topic (see docs/chat-client.md). */
export type LiveFrame =
  | { type: 'message'; sessionId: string; message: Record<string, unknown> }
  | { type: 'typing'; sessionId: string; agentTypingForMs: number }
  | { type: 'queue'; sessionId: string; state: string }
  | { type: 'changed'; sessionId: string };

export interface LiveLinkOptions {
  WebSocket: WebSocketLike;
  baseMs: number;
  maxMs: number;
  random: () => number;
  /** Called once the socket listens to the session: a good moment to catch up. */
  onLive(): void;
  /** Called when the socket is lost or could not open; a reconnect is already planned. */
  onDown(): void;
  onFrame(frame: LiveFrame): void;
}

/** API Gateway closes a connection idle for 10 minutes; a ping well before keeps it. */
const PING_MS = 5 * 60_000;
const OPEN = 1;

/**
 * The pause before reconnect attempt `attempt` (0 first): exponential from `baseMs`, capped at
 * `maxMs`, and between half and all of that at random, so pages that lost the socket together
 * do not all come back in the same instant.
 */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
  return ceiling / 2 + (random() * ceiling) / 2;
}

/** One session's WebSocket, kept open: it reconnects with backoff until stopped. */
export class LiveLink {
  private socket: InstanceType<WebSocketLike> | undefined;
  private attempt = 0;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private ping: ReturnType<typeof setInterval> | undefined;
  private stopped = false;

  constructor(
    private readonly url: string,
    private readonly topic: string,
    private readonly options: LiveLinkOptions,
  ) {}

  /** Attempts since the socket last listened; 0 while it does. */
  get failures(): number {
    return this.attempt;
  }

  start(): void {
    this.stopped = false;
    if (!this.socket && this.retry === undefined) this.open();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retry);
    this.retry = undefined;
    clearInterval(this.ping);
    const socket = this.socket;
    this.socket = undefined;
    socket?.close(1000, 'done');
  }

  private open(): void {
    this.retry = undefined;
    let socket: InstanceType<WebSocketLike>;
    try {
      socket = new this.options.WebSocket(this.url);
    } catch {
      this.lost();
      return;
    }
    this.socket = socket;
    socket.onopen = () => socket.send(JSON.stringify({ action: 'subscribe', topics: [this.topic] }));
    socket.onmessage = (event) => this.receive(socket, event.data);
    // A failed handshake or a dropped connection both end in a close.
    socket.onerror = () => undefined;
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      this.lost();
    };
  }

  private receive(socket: InstanceType<WebSocketLike>, data: unknown): void {
    let frame: { type?: unknown };
    try {
      frame = JSON.parse(String(data)) as { type?: unknown };
    } catch {
      return;
    }
    if (frame.type === 'subscribed') {
      this.attempt = 0;
      clearInterval(this.ping);
      this.ping = setInterval(() => {
        if (socket.readyState === OPEN) socket.send(JSON.stringify({ action: 'ping' }));
      }, PING_MS);
      this.options.onLive();
    } else if (frame.type === 'error') {
      // A refused subscription (a session gone, say): start again after the usual pause.
      socket.close(4000, 'refused');
    } else if (frame.type !== 'pong') {
      this.options.onFrame(frame as LiveFrame);
    }
  }

  private lost(): void {
    clearInterval(this.ping);
    if (this.stopped) return;
    const { baseMs, maxMs, random } = this.options;
    const wait = backoffDelay(this.attempt, baseMs, maxMs, random);
    this.attempt += 1;
    this.retry = setTimeout(() => this.open(), wait);
    this.options.onDown();
  }
}
