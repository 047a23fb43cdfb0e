import type { components, paths } from './api-paths.js';

type Wire = components['schemas'];
/** The JSON body a route takes. */
type BodyOf<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  requestBody?: { content: { 'application/json': infer T } };
}
  ? T
  : never;

/**
 * A chat session: what `POST /chat/sessions` answers, and what resumes one later. `token` is the
 * session's secret: keep it as the page keeps the session (sessionStorage, say); `liveUrl` is
 * the platform's live-updates WebSocket, when it has one.
 */
export type ChatSession = Wire['ChatSessionOpened'];

/**
 * What `start` sends: all optional. `topic` picks the queue through the platform's routing
 * rules; `identityToken` is a signed-in user's identity token, signed by the company's backend.
 */
export type StartOptions = {
  [K in keyof BodyOf<'/chat/sessions', 'post'>]?: BodyOf<'/chat/sessions', 'post'>[K] | undefined;
};

type ThreadMessage = Wire['ChatThreadMessage'];

/** A survey card a completed chat sends: the queue's own questions beside the 1–5 rating. */
export type SurveyCard = NonNullable<ThreadMessage['survey']>;

/** A file that goes with a message: its name, type and size (only agents read the file itself). */
export type ChatAttachment = NonNullable<ThreadMessage['attachments']>[number];

/**
 * A message of the session as `GET /chat/sessions/{id}/messages` lists it: `inbound` is the
 * visitor's, `outbound` the agent's (or an automatic message).
 */
export type ChatMessage = Omit<ThreadMessage, 'messageId'> & {
  /** Absent on a message still on its way (`pending`). */
  messageId?: string | undefined;
  /** Sent by this client and not yet on the session. */
  pending?: boolean | undefined;
};

/** How `send` sends: its idempotency key, an offered deflection, the files `attach` uploaded. */
export type SendOptions = {
  /** Made up when absent; the platform keeps one message per key. */
  clientMessageId?: string | undefined;
  deflection?: BodyOf<'/chat/sessions/{sessionId}/messages', 'post'>['deflection'] | undefined;
  attachmentIds?: readonly string[] | undefined;
};

/** Where the session's work stands in its queue (`GET /chat/sessions/{id}/queue`). */
export type QueueStatus = Wire['ChatQueueStatus'];

/** What `POST /chat/sessions/{id}/attachments` answers: the pending file and where its bytes go. */
export type UploadGrant = Wire['AttachmentUploadGrant'];

/**
 * How updates arrive: `live` over the WebSocket; `polling` while it is unavailable (with
 * reconnects going on); `idle` with no session; `closed` once closed or ended.
 */
export type ConnectionState = 'idle' | 'connecting' | 'live' | 'polling' | 'closed';

export interface ChatEvents {
  /** Every message of the session, oldest first, pending ones last; after any change. */
  messages: ChatMessage[];
  /** Each message the first time this client sees it. */
  message: ChatMessage;
  /** Whether the agent is typing now. */
  typing: { agentTyping: boolean };
  queue: QueueStatus;
  /** The chat's work is done (`completed`), the visitor left the line (`abandoned`), or ended it here. */
  ended: { reason: 'completed' | 'abandoned' | 'visitor' };
  connection: ConnectionState;
  error: Error;
}

export interface ChatClientOptions {
  /** Base URL of the OneThread API, such as `https://api.example.com`. */
  baseUrl: string;
  /** The live-updates WebSocket; by default the one the session names. */
  liveUrl?: string | undefined;
  /** A session to resume, as `start` answered it. */
  session?: ChatSession | undefined;
  /** How often to read the session while the socket is unavailable (default 2 s). */
  pollIntervalMs?: number | undefined;
  /** While in line, how often the client reports in and re-reads its place (default 15 s). */
  queueRefreshMs?: number | undefined;
  /** Reconnects wait about `baseMs` × 2ⁿ (with jitter), at most `maxMs` (defaults 500 ms, 30 s). */
  backoff?: { baseMs?: number | undefined; maxMs?: number | undefined } | undefined;
  /** Implementations to use instead of the globals (other runtimes, tests). */
  fetch?: typeof fetch | undefined;
  WebSocket?: WebSocketLike | undefined;
  random?: (() => number) | undefined;
}

/** The part of the WebSocket constructor the client uses (the browser's, or the `ws` package's). */
export type WebSocketLike = new (
  url: string,
) => {
  readyState: number;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
};
