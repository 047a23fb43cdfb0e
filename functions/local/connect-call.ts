import { type SimulatedCallOptions, simulatedCall } from '#channels/connect/simulate.ts';

export interface CallRun {
  contactId: string;
  /** What the contact flow's lookup answered. */
  answer: Record<string, string>;
  /** The contact events posted, in order. */
  events: string[];
}

/** A running local platform: where it is, and the dev token its `/local/` routes take. */
export interface LocalPlatform {
  url: string;
  devToken: string;
}

/**
 * Plays one whole inbound call against a running local platform, as Amazon Connect would: the
 * flow's lookup, then INITIATED, CONNECTED_TO_SYSTEM, QUEUED, CONNECTED_TO_AGENT and DISCONNECTED.
 */
export async function playCall(
  platform: LocalPlatform,
  options: SimulatedCallOptions & { paceMs?: number },
  onStep: (step: string) => void = () => undefined,
): Promise<CallRun> {
  const call = simulatedCall(options);
  const post = (path: string, body: unknown) => postJson(platform, path, body);
  const answer = (await post('/local/connect/contact-flow', call.flowEvent)) as Record<string, string>;
  onStep(`contact flow lookup → ${JSON.stringify(answer)}`);
  const events: string[] = [];
  for (const event of call.contactEvents) {
    if (options.paceMs) await new Promise((done) => setTimeout(done, options.paceMs));
    await post('/local/connect/events', event);
    const type = String((event.detail as { eventType: string }).eventType);
    events.push(type);
    onStep(`contact event ${type}`);
  }
  return { contactId: call.contactId, answer, events };
}

async function postJson(platform: LocalPlatform, path: string, body: unknown): Promise<unknown> {
  const url = `${platform.url}${path}`;
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${platform.devToken}` },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${url} answered ${response.status}: ${text}`);
  return JSON.parse(text);
}

export interface WebCallRun {
  contactId: string;
  /** What the route answered the app, and what the flow's lookup answered Connect. */
  started: Record<string, unknown>;
  answer: Record<string, string>;
  events: string[];
}

/**
 * Plays one in-app or web call against a running local platform: the chat session asks for it
 * (as the app would, with the session's token), then the local Connect plays the call through.
 */
export async function playWebCall(
  platform: LocalPlatform,
  options: { sessionId: string; sessionToken: string; video?: boolean | undefined },
  onStep: (step: string) => void = () => undefined,
): Promise<WebCallRun> {
  const url = `${platform.url}/chat/sessions/${encodeURIComponent(options.sessionId)}/calls`;
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${options.sessionToken}` },
    body: JSON.stringify({ video: options.video ?? false }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${url} answered ${response.status}: ${text}`);
  const started = JSON.parse(text) as Record<string, unknown> & { contactId: string };
  onStep(`web call started → contact ${started.contactId}`);
  const played = (await postJson(platform, '/local/connect/web-calls/play', {
    contactId: started.contactId,
  })) as { answer: Record<string, string>; events: string[] };
  onStep(`contact flow lookup → ${JSON.stringify(played.answer)}`);
  for (const event of played.events) onStep(`contact event ${event}`);
  return { contactId: started.contactId, started, answer: played.answer, events: played.events };
}
