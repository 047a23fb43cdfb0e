import { metaSignature } from '#channels/meta/signature.ts';
import type { IdentityKey } from '#core/model.ts';
import type { PlannedConversation } from './plan.ts';

/** The Meta app secret the chaos platform is started with, to sign its webhooks. */
export const META_APP_SECRET = 'chaos-meta-app-secret';
const PAGE_ID = '104857392013846';
/** A client gives up on one message after this long. */
const GIVE_UP_MS = 300_000;

export interface Delivery {
  ok: boolean;
  /** Answers that said "try again" (503, other 5xx, no connection) before the last one. */
  retries: number;
  /** Status of a final refusal (a 4xx): the platform rejected what it should take. */
  refused?: number | undefined;
}

/** Where a conversation's messages go, and how each is sent. */
export interface Channel {
  /** Opens whatever the conversation needs before its first message (a chat session). */
  open(): Promise<void>;
  send(seq: number): Promise<Delivery>;
  /** The identity the conversation's customer is found by. */
  identity(): IdentityKey;
}

export function channelFor(
  base: string,
  run: string,
  conversation: PlannedConversation,
  index: number,
): Channel {
  return conversation.kind === 'chat'
    ? chatChannel(base, run, conversation)
    : messengerChannel(base, run, conversation, index);
}

/** The text of a message, which the count finds again on the timeline. */
export function messageText(run: string, conversation: string, seq: number): string {
  return `chaos ${run} ${conversation}#${seq}: where is my parcel?`;
}

function chatChannel(base: string, run: string, conversation: PlannedConversation): Channel {
  let session: { sessionId: string; token: string } | undefined;
  return {
    open: async () => {
      const opened = await deliver(() =>
        post(
          `${base}/chat/sessions`,
          JSON.stringify({ name: `Chaos ${conversation.key}`, topic: 'billing' }),
          {
            'content-type': 'application/json',
          },
        ),
      );
      if (!opened.response)
        throw new Error(`could not open a chat session: ${opened.refused ?? 'no answer'}`);
      session = (await opened.response.json()) as { sessionId: string; token: string };
    },
    send: async (seq) => {
      const current = session as { sessionId: string; token: string };
      const body = JSON.stringify({
        text: messageText(run, conversation.key, seq),
        clientMessageId: `m${seq}`,
      });
      return summary(
        await deliver(() =>
          post(`${base}/chat/sessions/${current.sessionId}/messages`, body, {
            'content-type': 'application/json',
            authorization: `Bearer ${current.token}`,
          }),
        ),
      );
    },
    identity: () => `chat:${session?.sessionId}` as IdentityKey,
  };
}

function messengerChannel(
  base: string,
  run: string,
  conversation: PlannedConversation,
  index: number,
): Channel {
  const psid = `7${run}${String(index).padStart(6, '0')}`;
  // Written a second apart, an hour ago: the timeline orders them by these times.
  const writtenAt = Date.now() - 3_600_000;
  return {
    open: async () => undefined,
    send: async (seq) => {
      const timestamp = writtenAt + seq * 1000;
      const body = JSON.stringify({
        object: 'page',
        entry: [
          {
            id: PAGE_ID,
            time: timestamp,
            messaging: [
              {
                sender: { id: psid },
                recipient: { id: PAGE_ID },
                timestamp,
                message: { mid: `m_chaos_${psid}_${seq}`, text: messageText(run, conversation.key, seq) },
              },
            ],
          },
        ],
      });
      return summary(
        await deliver(() =>
          post(`${base}/webhooks/meta`, body, {
            'content-type': 'application/json',
            'x-hub-signature-256': metaSignature(Buffer.from(body), META_APP_SECRET),
          }),
        ),
      );
    },
    identity: () => `messenger:${psid}` as IdentityKey,
  };
}

function post(url: string, body: string, headers: Record<string, string>): Promise<Response> {
  return fetch(url, { method: 'POST', headers, body });
}

interface Attempted {
  response?: Response | undefined;
  retries: number;
  refused?: number | undefined;
}

/**
 * Sends until the platform takes it, as a well-behaved client does: after a 503 it waits the
 * Retry-After it was given, after other 5xx or no connection a second; a 4xx is final.
 */
async function deliver(attempt: () => Promise<Response>): Promise<Attempted> {
  const deadline = Date.now() + GIVE_UP_MS;
  for (let retries = 0; ; retries++) {
    let waitMs = 1000;
    try {
      const response = await attempt();
      if (response.ok) return { response, retries };
      await response.arrayBuffer();
      if (response.status < 500) return { retries, refused: response.status };
      waitMs = 1000 * Number(response.headers.get('retry-after') ?? 1);
    } catch {
      // No connection: the gateway itself is restarting or overloaded.
    }
    if (Date.now() + waitMs > deadline) return { retries };
    await new Promise((done) => setTimeout(done, waitMs));
  }
}

async function summary(attempted: Attempted): Promise<Delivery> {
  await attempted.response?.arrayBuffer();
  return { ok: Boolean(attempted.response), retries: attempted.retries, refused: attempted.refused };
}
