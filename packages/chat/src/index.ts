import { answered, bearer, type ChatApi, ChatApiError, chatApi, retryable, untypedRequest } from './http.js';
import { type LiveFrame, LiveLink } from './live.js';
import type {
  ChatAttachment,
  ChatClientOptions,
  ChatEvents,
  ChatMessage,
  ChatSession,
  ConnectionState,
  QueueStatus,
  SendOptions,
  StartOptions,
} from './types.js';

export type { LiveFrame } from './live.js';
export { backoffDelay } from './live.js';
export type * from './types.js';
export { ChatApiError };

type Handler<K extends keyof ChatEvents> = (value: ChatEvents[K]) => void;
type Handlers = { [K in keyof ChatEvents]: Set<Handler<K>> };

/** Sends are tried this many times, with the same `clientMessageId`: the server keeps one. */
const SEND_ATTEMPTS = 5;
const WAITING = new Set(['waiting', 'offered']);

/** A chat on a OneThread platform. See docs/chat-client.md. */
export class Chat {
  private current: ChatSession | undefined;
  private link: LiveLink | undefined;
  private poller: ReturnType<typeof setInterval> | undefined;
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  private typingTimer: ReturnType<typeof setTimeout> | undefined;
  private placeTimer: ReturnType<typeof setTimeout> | undefined;
  private state: ConnectionState = 'idle';
  private agentTyping = false;
  private lastQueue: QueueStatus | undefined;
  private readonly known = new Map<string, ChatMessage>();
  private readonly pending = new Map<string, ChatMessage>();
  /** Files uploaded by `attach`, shown on a pending message that names them. */
  private readonly attached = new Map<string, ChatAttachment>();
  private readonly handlers = Object.fromEntries(
    ['messages', 'message', 'typing', 'queue', 'ended', 'connection', 'error'].map((name) => [
      name,
      new Set(),
    ]),
  ) as unknown as Handlers;
  private readonly fetcher: typeof fetch;
  private readonly api: ChatApi;

  constructor(private readonly options: ChatClientOptions) {
    this.fetcher = options.fetch ?? ((...args) => globalThis.fetch(...args));
    this.api = chatApi((...args) => this.fetcher(...args), options.baseUrl.replace(/\/$/, ''));
    if (options.session) this.resume(options.session);
  }

  get session(): ChatSession | undefined {
    return this.current;
  }
  get connection(): ConnectionState {
    return this.state;
  }
  /** The session's messages as last seen, oldest first, pending ones last. */
  get messages(): ChatMessage[] {
    const confirmed = [...this.known.values()].sort(
      (a, b) => a.at.localeCompare(b.at) || String(a.messageId).localeCompare(String(b.messageId)),
    );
    return [...confirmed, ...this.pending.values()];
  }
  get queue(): QueueStatus | undefined {
    return this.lastQueue;
  }

  /** Listens to one kind of event; the returned function stops listening. */
  on<K extends keyof ChatEvents>(event: K, handler: Handler<K>): () => void {
    this.handlers[event].add(handler);
    return () => this.handlers[event].delete(handler);
  }

  /** Opens a new session and starts listening to it. */
  async start(details: StartOptions = {}): Promise<ChatSession> {
    const session = await answered(this.api.POST('/chat/sessions', { body: definedOnly(details) }));
    this.resume(session);
    return session;
  }

  /** Continues a session opened earlier (on another page of the site, say). */
  resume(session: ChatSession): void {
    this.stopListening();
    this.current = session;
    this.known.clear();
    this.pending.clear();
    const liveUrl = this.options.liveUrl ?? session.liveUrl;
    const WebSocketImpl = this.options.WebSocket ?? (globalThis.WebSocket as ChatClientOptions['WebSocket']);
    if (liveUrl && WebSocketImpl) {
      const url = new URL(liveUrl);
      url.searchParams.set('chatSession', session.sessionId);
      url.searchParams.set('token', session.token);
      this.link = new LiveLink(url.toString(), `chat:${session.sessionId}`, {
        WebSocket: WebSocketImpl,
        baseMs: this.options.backoff?.baseMs ?? 500,
        maxMs: this.options.backoff?.maxMs ?? 30_000,
        random: this.options.random ?? Math.random,
        onLive: () => this.wentLive(),
        onDown: () => this.fellBack(),
        onFrame: (frame) => this.apply(frame),
      });
      this.setState('connecting');
      this.link.start();
    } else {
      this.fellBack();
    }
    void this.refresh();
  }

  /**
   * Sends a message; on a network or server failure it is tried again with the same
   * `clientMessageId`, which the platform stores once. It shows as pending until it is on the session.
   */
  async send(text: string, options: SendOptions = {}): Promise<{ clientMessageId: string }> {
    const session = this.required();
    const clientMessageId = options.clientMessageId ?? crypto.randomUUID();
    const attachmentIds = options.attachmentIds ?? [];
    const body = {
      text,
      clientMessageId,
      ...(options.deflection ? { deflection: options.deflection } : {}),
      ...(attachmentIds.length ? { attachmentIds: [...attachmentIds] } : {}),
    };
    const attachments = attachmentIds.flatMap((id) => {
      const file = this.attached.get(id);
      return file ? [file] : [];
    });
    this.pending.set(clientMessageId, {
      direction: 'inbound',
      text,
      at: new Date().toISOString(),
      clientMessageId,
      ...(attachments.length ? { attachments } : {}),
      pending: true,
    });
    this.emit('messages', this.messages);
    await this.retrying(() =>
      answered(this.api.POST('/chat/sessions/{sessionId}/messages', { ...this.as(session), body })),
    );
    return { clientMessageId };
  }

  /**
   * Uploads one file for the next message and answers its attachment id, to name in `send`'s
   * `attachmentIds`. The platform grants exactly these bytes (type, size and SHA-256), so the
   * digest is taken here first; a type it does not take or a file over its limit is a
   * ChatApiError naming `contentType` or `size`, before any byte is sent.
   */
  async attach(file: Blob & { name: string }): Promise<string> {
    const session = this.required();
    const bytes = await file.arrayBuffer();
    const body = { name: file.name, contentType: file.type, size: file.size, sha256: await sha256(bytes) };
    const grant = await answered(
      this.api.POST('/chat/sessions/{sessionId}/attachments', { ...this.as(session), body }),
    );
    const { method, url, headers } = grant.upload;
    // Straight to the store the grant names (S3 on AWS): not an API route, and no token.
    const put = await this.fetcher(url, { method, headers, body: bytes });
    if (!put.ok)
      throw new ChatApiError(`the upload was refused (${put.status})`, put.status, 'upload_refused');
    this.attached.set(grant.attachmentId, {
      attachmentId: grant.attachmentId,
      name: body.name,
      contentType: body.contentType,
      size: body.size,
    });
    return grant.attachmentId;
  }

  /** Tells the agent the visitor is typing; call it while they type (at most every few seconds). */
  async typing(): Promise<void> {
    await answered(this.api.POST('/chat/sessions/{sessionId}/typing', this.as(this.required())));
  }

  /** Ends the chat: a visitor still in line leaves it. `leaving` says only the page went away. */
  async end(options: { leaving?: boolean } = {}): Promise<void> {
    const session = this.required();
    const body = options.leaving ? { leaving: true } : {};
    await answered(this.api.POST('/chat/sessions/{sessionId}/end', { ...this.as(session), body }));
    if (options.leaving) return;
    this.close();
    this.setState('closed');
    this.emit('ended', { reason: 'visitor' });
  }

  /**
   * Any other route of the session, `/chat/sessions/{id}{suffix}` (callback, survey, transcript,
   * deflection, email verification, and those the platform adds), with the session's token.
   */
  sessionRequest<T = Record<string, unknown>>(
    method: string,
    suffix: string,
    body?: unknown,
    session = this.required(),
  ): Promise<T> {
    const path = `/chat/sessions/${encodeURIComponent(session.sessionId)}${suffix}`;
    return untypedRequest<T>(this.api, method, path, body, session);
  }

  /** A route outside the session (help articles, say), with the session's token when there is one. */
  request<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> {
    return untypedRequest<T>(this.api, method, path, body, this.current);
  }

  /** Reads the session's messages and place in line now; missed messages appear, none twice. */
  async refresh(): Promise<void> {
    const session = this.current;
    if (!session) return;
    try {
      const [read] = await Promise.all([
        answered(this.api.GET('/chat/sessions/{sessionId}/messages', this.as(session))),
        this.refreshQueue(),
      ]);
      if (session !== this.current) return;
      this.merge(read.messages);
      const until = read.agentTypingUntil ? Date.parse(read.agentTypingUntil) - Date.now() : 0;
      this.setTyping(until);
    } catch (error) {
      this.emit('error', error as Error);
    }
  }

  /** Stops listening (the session stays open: `resume` it later); `end` ends it. */
  close(): void {
    this.stopListening();
    if (this.current) this.setState('closed');
  }

  private stopListening(): void {
    this.link?.stop();
    this.link = undefined;
    clearInterval(this.poller);
    clearInterval(this.heartbeat);
    clearTimeout(this.typingTimer);
    clearTimeout(this.placeTimer);
    this.poller = this.heartbeat = undefined;
  }

  /** A session route's path parameter and credentials. */
  private as(session: ChatSession) {
    return { params: { path: { sessionId: session.sessionId } }, headers: bearer(session) };
  }

  private required(): ChatSession {
    if (!this.current) throw new Error('no chat session: call start() or resume() first');
    return this.current;
  }

  private async refreshQueue(): Promise<void> {
    const session = this.current;
    if (!session) return;
    const queue = await answered(this.api.GET('/chat/sessions/{sessionId}/queue', this.as(session))).catch(
      () => undefined,
    );
    if (!queue || session !== this.current) return;
    this.lastQueue = queue;
    this.emit('queue', queue);
    this.keepReportingIn(WAITING.has(queue.state));
    // The queue's board lags the work item by a moment: its place is read again soon after.
    clearTimeout(this.placeTimer);
    if (queue.state === 'waiting' && queue.open !== false && queue.position === null && !this.poller) {
      this.placeTimer = setTimeout(() => void this.refreshQueue(), this.options.pollIntervalMs ?? 2_000);
    }
  }

  /**
   * While in line the page reports in now and then (routing takes a visitor not seen for a
   * while as gone), which also brings their place up to date; the socket says when it changes
   * otherwise.
   */
  private keepReportingIn(waiting: boolean): void {
    if (!waiting || this.poller) {
      clearInterval(this.heartbeat);
      this.heartbeat = undefined;
      return;
    }
    this.heartbeat ??= setInterval(() => void this.refreshQueue(), this.options.queueRefreshMs ?? 15_000);
  }

  private wentLive(): void {
    clearInterval(this.poller);
    this.poller = undefined;
    this.setState('live');
    // Whatever happened while the socket was away is read once, now that nothing more is missed.
    void this.refresh();
  }

  private fellBack(): void {
    if (!this.current) return;
    this.setState('polling');
    clearInterval(this.heartbeat);
    this.heartbeat = undefined;
    this.poller ??= setInterval(() => void this.refresh(), this.options.pollIntervalMs ?? 2_000);
  }

  private apply(frame: LiveFrame): void {
    if (frame.sessionId !== this.current?.sessionId) return;
    switch (frame.type) {
      case 'message':
        this.merge([frame.message as unknown as ChatMessage]);
        break;
      case 'typing':
        this.setTyping(frame.agentTypingForMs);
        break;
      case 'queue':
        void this.refreshQueue();
        if (frame.state === 'wrapped') this.emit('ended', { reason: 'completed' });
        if (frame.state === 'abandoned') this.emit('ended', { reason: 'abandoned' });
        break;
      default:
        void this.refresh();
    }
  }

  private merge(messages: readonly ChatMessage[]): void {
    let changed = false;
    for (const message of messages) {
      if (!message.messageId) continue;
      const before = this.known.get(message.messageId);
      if (message.clientMessageId && this.pending.delete(message.clientMessageId)) changed = true;
      if (before && JSON.stringify(before) === JSON.stringify(message)) continue;
      this.known.set(message.messageId, message);
      changed = true;
      if (!before) this.emit('message', message);
      // The agent's message ends their typing.
      if (message.direction === 'outbound') this.setTyping(0);
    }
    if (changed) this.emit('messages', this.messages);
  }

  private setTyping(forMs: number): void {
    clearTimeout(this.typingTimer);
    const typing = forMs > 0;
    if (typing) this.typingTimer = setTimeout(() => this.setTyping(0), Math.min(forMs, 30_000));
    if (typing === this.agentTyping) return;
    this.agentTyping = typing;
    this.emit('typing', { agentTyping: typing });
  }

  private setState(state: ConnectionState): void {
    if (state === this.state) return;
    this.state = state;
    this.emit('connection', state);
  }

  private emit<K extends keyof ChatEvents>(event: K, value: ChatEvents[K]): void {
    for (const handler of this.handlers[event]) {
      try {
        handler(value);
      } catch (error) {
        // One listener's failure must not keep the others from hearing.
        if (event !== 'error') this.emit('error', error as Error);
      }
    }
  }

  private async retrying<T>(attempt: () => Promise<T>): Promise<T> {
    for (let tries = 1; ; tries++) {
      try {
        return await attempt();
      } catch (error) {
        if (tries >= SEND_ATTEMPTS || !retryable(error)) throw error;
        await new Promise((done) => setTimeout(done, 500 * 2 ** (tries - 1)));
      }
    }
  }
}

/** A chat client for the OneThread API at `baseUrl`. */
export function createChat(options: ChatClientOptions): Chat {
  return new Chat(options);
}

/** The SHA-256 of the bytes, base64, as the platform's grant (and S3's checksum header) takes it. */
async function sha256(bytes: ArrayBuffer): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return btoa(String.fromCharCode(...digest));
}

function definedOnly(value: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== ''));
}
