import type { ContactClient } from '@amazon-connect/contact';
import type { VoiceClient } from '@amazon-connect/voice';
import type { ContactFeed, ContactListener, ContactPhase, FeedContact } from './contact-feed.ts';

/**
 * Contacts from the Amazon Connect agent workspace, when the console runs there as a
 * third-party application: the workspace's app SDK tells it about the agent's contacts, so no
 * second Contact Control Panel is needed.
 */

/** The query parameter the app's access URL carries (`/console/?host=workspace#/screen-pop`). */
export const WORKSPACE_HOST = 'workspace';

/**
 * Whether the page runs as an agent-workspace app. The access URL says so: a frame alone does not,
 * since an agent desktop that posts contacts frames the console too.
 */
export function inAgentWorkspace(location: Pick<Location, 'search'>): boolean {
  return new URLSearchParams(location.search).get('host') === WORKSPACE_HOST;
}

/** The part of the SDK's `ContactClient` the feed uses (a fake in tests). */
export type WorkspaceContacts = Pick<
  ContactClient,
  | 'listContacts'
  | 'getAttributes'
  | 'getQueue'
  | 'onIncoming'
  | 'onConnecting'
  | 'onConnected'
  | 'onMissed'
  | 'onStartingAcw'
  | 'onCleared'
>;

/** The part of the SDK's `VoiceClient` the feed uses: who is calling. */
export type WorkspaceVoice = Pick<VoiceClient, 'getInitialCustomerPhoneNumber'>;

/** Lifecycle events, by the phase they mean for the agent. */
const EVENTS: ReadonlyArray<[keyof WorkspaceContacts & `on${string}`, ContactPhase]> = [
  ['onIncoming', 'incoming'],
  ['onConnecting', 'connecting'],
  ['onConnected', 'connected'],
  // After-contact work begins once the customer is gone: for the screen pop the contact is over.
  ['onStartingAcw', 'ended'],
  ['onMissed', 'ended'],
  ['onCleared', 'ended'],
];

/**
 * What the workspace knows of a contact besides its lifecycle: the flow's attributes, the queue
 * and, on a call, the caller's number (the customer is found by it when the flow named nobody).
 */
async function detailsOf(
  client: WorkspaceContacts,
  voice: WorkspaceVoice | undefined,
  contact: Pick<FeedContact, 'contactId' | 'channel'>,
): Promise<Pick<FeedContact, 'queue' | 'attributes' | 'callerNumber'>> {
  const { contactId } = contact;
  const [attributes, queue, callerNumber] = await Promise.all([
    client.getAttributes(contactId, '*'),
    client.getQueue(contactId).catch(() => undefined),
    contact.channel === 'voice' && voice
      ? voice.getInitialCustomerPhoneNumber(contactId).catch(() => undefined)
      : undefined,
  ]);
  return {
    attributes: { ...attributes },
    queue: queue?.name || undefined,
    callerNumber: callerNumber || undefined,
  };
}

/**
 * Reports the agent's contacts from the workspace SDK: those the agent already has when the app
 * starts, then each lifecycle event. An event is reported at once, then again with the contact's
 * attributes and queue once the workspace has answered for them.
 */
export function workspaceContactFeed(client: WorkspaceContacts, voice?: WorkspaceVoice): ContactFeed {
  const listeners = new Set<ContactListener>();
  const known = new Map<string, FeedContact>();

  const report = (contact: FeedContact) => {
    if (contact.phase === 'ended') known.delete(contact.contactId);
    else known.set(contact.contactId, contact);
    for (const listener of listeners) listener(contact);
  };

  const enrich = (contact: FeedContact) => {
    const { contactId } = contact;
    detailsOf(client, voice, contact).then(
      (details) => {
        // An answer that arrives after the contact ended must not bring it back.
        const current = known.get(contactId);
        if (current) report({ ...current, ...details });
      },
      // The workspace keeps no data of a contact it has cleared; what was reported stands.
      () => undefined,
    );
  };

  const on = (contactId: string, channel: string, phase: ContactPhase) => {
    const current = known.get(contactId);
    // An end is told only of a contact the page has heard of.
    if (phase === 'ended' && !current) return;
    const contact: FeedContact = { ...(current ?? { contactId, attributes: {} }), channel, phase };
    report(contact);
    if (phase !== 'ended') enrich(contact);
  };

  for (const [event, phase] of EVENTS) {
    client[event](async ({ contactId, type }) => on(contactId, type, phase));
  }
  // A contact in hand when the app opens is one the agent is on.
  client.listContacts().then(
    (contacts) => {
      for (const { contactId, type } of contacts) {
        if (!known.has(contactId)) on(contactId, type, 'connected');
      }
    },
    () => undefined,
  );

  return {
    subscribe(listener) {
      // A page that subscribes late (the agent came back to the screen pop) still sees the contact.
      for (const contact of known.values()) listener(contact);
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

let started: Promise<ContactFeed> | undefined;

/**
 * Loads the workspace SDK (in a chunk of its own that only this loads) and connects to the
 * workspace, once per page: the SDK's app starts once.
 */
export function loadWorkspaceFeed(): Promise<ContactFeed> {
  started ??= import('./workspace-sdk.ts').then(
    ({ connectToWorkspace }) => {
      const { contacts, voice } = connectToWorkspace();
      return workspaceContactFeed(contacts, voice);
    },
    (error: unknown) => {
      started = undefined;
      throw error;
    },
  );
  return started;
}
