/// <reference types="amazon-connect-streams" />
import type { ContactFeed, ContactListener, ContactPhase, FeedContact } from './contact-feed.ts';

/** The part of Amazon Connect Streams' global `connect` the feed uses (a fake in tests). */
export type Streams = Pick<typeof connect, 'core' | 'contact'>;

export interface StreamsFeedOptions {
  /** e.g. `https://example.my.connect.aws`; the CCP is at `${instanceUrl}/ccp-v2/`. */
  instanceUrl: string;
  /**
   * Whether this window holds the softphone. A page of its own does; a page framed by another
   * agent desktop (the Connect agent workspace) must not, or the call's audio would move here.
   */
  softphone: boolean;
  /** The instance's region; Streams needs it for chat contacts only. */
  region?: string | undefined;
}

export function ccpUrl(instanceUrl: string): string {
  return `${instanceUrl.replace(/\/+$/, '')}/ccp-v2/`;
}

const PHASES: Record<string, ContactPhase> = {
  init: 'incoming',
  incoming: 'incoming',
  pending: 'incoming',
  connecting: 'connecting',
  connected: 'connected',
  ended: 'ended',
  missed: 'ended',
  rejected: 'ended',
  error: 'ended',
};

function callerNumberOf(contact: connect.Contact): string | undefined {
  const number = contact.getInitialConnection()?.getEndpoint()?.phoneNumber;
  // Chats and tasks have endpoints too, whose "number" is not one.
  return number && /^\+\d{6,15}$/.test(number) ? number : undefined;
}

function attributesOf(contact: connect.Contact): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const [key, attribute] of Object.entries(contact.getAttributes())) {
    if (attribute) attributes[key] = attribute.value;
  }
  return attributes;
}

function toFeedContact(contact: connect.Contact, phase: ContactPhase): FeedContact {
  return {
    contactId: contact.getContactId(),
    channel: String(contact.getType()),
    phase,
    callerNumber: callerNumberOf(contact),
    queue: contact.getQueue()?.name || undefined,
    attributes: attributesOf(contact),
  };
}

/**
 * Embeds the CCP of `options.instanceUrl` in `container` and reports the agent's contacts,
 * including one already in progress when the page opens.
 */
export function streamsContactFeed(
  streams: Streams,
  container: HTMLElement,
  options: StreamsFeedOptions,
): ContactFeed {
  streams.core.initCCP(container, {
    ccpUrl: ccpUrl(options.instanceUrl),
    // The Connect sign-in page refuses to be framed: Streams opens it in a window instead.
    loginPopup: true,
    loginPopupAutoClose: true,
    softphone: { allowFramedSoftphone: options.softphone, disableRingtone: !options.softphone },
    pageOptions: { enableAudioDeviceSettings: options.softphone, enablePhoneTypeSettings: true },
    iframeTitle: 'Amazon Connect Contact Control Panel',
    ...(options.region ? { region: options.region } : {}),
  });

  const listeners = new Set<ContactListener>();
  // A contact's data is gone once Streams destroys it: its end is told with what was last seen.
  const lastSeen = new Map<string, FeedContact>();
  const report = (contact: connect.Contact, phase: ContactPhase) => {
    const id = contact.getContactId();
    let seen: FeedContact;
    try {
      seen = toFeedContact(contact, phase);
    } catch {
      const known = lastSeen.get(id);
      if (!known) return;
      seen = { ...known, phase };
    }
    if (phase === 'ended') lastSeen.delete(id);
    else lastSeen.set(id, seen);
    for (const listener of listeners) listener(seen);
  };

  streams.contact((contact) => {
    report(contact, PHASES[String(contact.getState().type)] ?? 'incoming');
    contact.onIncoming((c) => report(c, 'incoming'));
    contact.onConnecting((c) => report(c, 'connecting'));
    contact.onConnected((c) => report(c, 'connected'));
    contact.onEnded((c) => report(c, 'ended'));
  });

  return {
    subscribe(listener) {
      // A page that subscribes late (the agent came back to the screen pop) still sees the call.
      for (const seen of lastSeen.values()) listener(seen);
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

let started: Promise<ContactFeed> | undefined;

/**
 * Loads Streams (a large script, in a chunk of its own that only this loads) and starts the
 * feed, once per page: Streams cannot be started twice. Streams defines the global `connect`
 * when it runs.
 */
export function loadStreamsFeed(container: HTMLElement, options: StreamsFeedOptions): Promise<ContactFeed> {
  started ??= import('amazon-connect-streams').then(
    () => streamsContactFeed(globalThis.connect, container, options),
    (error: unknown) => {
      started = undefined;
      throw error;
    },
  );
  return started;
}
