import { describe, expect, it, vi } from 'vitest';
import {
  conversationIdOf,
  customerIdOf,
  type FeedContact,
  popContact,
} from '../src/contact-feed/contact-feed.ts';
import { CONTACT_MESSAGE, parentFrameFeed, parseContactMessage } from '../src/contact-feed/message-feed.ts';
import { type Streams, streamsContactFeed } from '../src/contact-feed/streams-feed.ts';

const contact = (overrides: Partial<FeedContact> = {}): FeedContact => ({
  contactId: 'c1',
  channel: 'voice',
  phase: 'incoming',
  callerNumber: '+14155550100',
  attributes: {},
  ...overrides,
});

describe('the contact flow lookup’s attributes', () => {
  it('are read under the sample flow’s names, or the lookup’s own', () => {
    const sample = contact({
      attributes: { onethreadCustomerId: 'cust_1', onethreadConversationId: 'conv_1' },
    });
    expect([customerIdOf(sample), conversationIdOf(sample)]).toEqual(['cust_1', 'conv_1']);
    const own = contact({ attributes: { customerId: 'cust_2', openConversationId: 'conv_2' } });
    expect([customerIdOf(own), conversationIdOf(own)]).toEqual(['cust_2', 'conv_2']);
  });

  it('count as absent when empty, as the lookup answers on failure', () => {
    expect(
      customerIdOf(contact({ attributes: { onethreadCustomerId: ' ', customerId: '' } })),
    ).toBeUndefined();
  });
});

describe('which contact pops', () => {
  const first = contact({ contactId: 'c1', phase: 'connected', queue: 'Billing', attributes: { a: '1' } });

  it('pops the first contact, and a new one coming in over it', () => {
    expect(popContact(undefined, first)).toBe(first);
    const second = contact({ contactId: 'c2', phase: 'connecting' });
    expect(popContact(first, second)).toBe(second);
  });

  it('keeps a live contact when another one only changes state', () => {
    expect(popContact(first, contact({ contactId: 'c2', phase: 'connected' }))).toBe(first);
    expect(popContact(first, contact({ contactId: 'c2', phase: 'ended' }))).toBe(first);
    const ended = { ...first, phase: 'ended' as const };
    const other = contact({ contactId: 'c2', phase: 'connected' });
    expect(popContact(ended, other)).toBe(other);
  });

  it('updates the shown contact, keeping what the news leaves out', () => {
    const news: FeedContact = { contactId: 'c1', phase: 'ended', attributes: { b: '2' } };
    expect(popContact(first, news)).toEqual({ ...first, phase: 'ended', attributes: { a: '1', b: '2' } });
  });

  it('shows only the contact the page was opened for', () => {
    const other = contact({ contactId: 'c2' });
    expect(popContact(undefined, other, 'c1')).toBeUndefined();
    expect(popContact(undefined, first, 'c1')).toBe(first);
    expect(popContact(first, other, 'c1')).toBe(first);
  });
});

describe('contacts posted by the parent frame', () => {
  const message = (fields: Record<string, unknown>) => ({ type: CONTACT_MESSAGE, contact: fields });

  it('reads a contact, keeping string attributes only', () => {
    expect(
      parseContactMessage(
        message({
          contactId: ' c9 ',
          phase: 'connecting',
          channel: 'voice',
          callerNumber: '+14155550100',
          queue: 'Billing',
          attributes: { onethreadCustomerId: 'cust_1', n: 5 },
        }),
      ),
    ).toEqual({
      contactId: 'c9',
      phase: 'connecting',
      channel: 'voice',
      callerNumber: '+14155550100',
      queue: 'Billing',
      attributes: { onethreadCustomerId: 'cust_1' },
    });
  });

  it('ignores other messages and contacts without an id or a known phase', () => {
    for (const data of [
      null,
      'onethread:contact',
      { type: 'other', contact: { contactId: 'c1', phase: 'incoming' } },
      message({ phase: 'incoming' }),
      message({ contactId: 'c1', phase: 'ringing' }),
    ]) {
      expect(parseContactMessage(data)).toBeUndefined();
    }
  });

  it('listens to the parent only, and only from trusted origins', () => {
    const parent = {};
    const target = Object.assign(new EventTarget(), { parent }) as unknown as Window;
    const seen: string[] = [];
    const stop = parentFrameFeed(target, ['https://console.example.com']).subscribe((c) =>
      seen.push(c.contactId),
    );
    const post = (contactId: string, origin: string, source: unknown) =>
      target.dispatchEvent(
        Object.assign(new Event('message'), {
          data: message({ contactId, phase: 'incoming' }),
          origin,
          source,
        }),
      );

    post('from-parent', 'https://console.example.com', parent);
    post('other-origin', 'https://evil.example.net', parent);
    post('other-window', 'https://console.example.com', {});
    stop();
    post('after-stop', 'https://console.example.com', parent);
    expect(seen).toEqual(['from-parent']);
  });
});

/** A stand-in for Streams' global `connect`: records initCCP and lets the test play contacts. */
function fakeStreams() {
  const handlers: Record<string, (c: connect.Contact) => void> = {};
  let onContact: ((c: connect.Contact) => void) | undefined;
  const initCCP = vi.fn();
  const streams = {
    core: { initCCP, terminate: vi.fn() },
    contact: (callback: (c: connect.Contact) => void) => {
      onContact = callback;
      return { unsubscribe: vi.fn() };
    },
  } as unknown as Streams;
  const make = (data: {
    id: string;
    state: string;
    number: string;
    attributes: Record<string, string>;
    gone?: boolean;
  }) => {
    const read = <T,>(value: T) => {
      if (data.gone) throw new Error(`Contact ${data.id} no longer exists`);
      return value;
    };
    const on = (event: string) => (callback: (c: connect.Contact) => void) => {
      handlers[event] = callback;
    };
    return {
      getContactId: () => data.id,
      getType: () => read('voice'),
      getState: () => read({ type: data.state }),
      getQueue: () => read({ name: 'BillingQueue' }),
      getInitialConnection: () => read({ getEndpoint: () => ({ phoneNumber: data.number }) }),
      getAttributes: () =>
        read(
          Object.fromEntries(Object.entries(data.attributes).map(([name, value]) => [name, { name, value }])),
        ),
      onIncoming: on('incoming'),
      onConnecting: on('connecting'),
      onConnected: on('connected'),
      onEnded: on('ended'),
    } as unknown as connect.Contact;
  };
  return { streams, initCCP, handlers, make, arrive: (c: connect.Contact) => onContact?.(c) };
}

describe('the Streams feed', () => {
  it('embeds the instance’s CCP, with the softphone only when asked to', () => {
    const fake = fakeStreams();
    const container = {} as HTMLElement;
    streamsContactFeed(fake.streams, container, {
      instanceUrl: 'https://example.my.connect.aws/',
      softphone: false,
      region: 'eu-west-1',
    });
    expect(fake.initCCP).toHaveBeenCalledWith(
      container,
      expect.objectContaining({
        ccpUrl: 'https://example.my.connect.aws/ccp-v2/',
        loginPopup: true,
        loginPopupAutoClose: true,
        region: 'eu-west-1',
        softphone: { allowFramedSoftphone: false, disableRingtone: true },
      }),
    );
  });

  it('reports a contact from its first state to its end, with number, queue and attributes', () => {
    const fake = fakeStreams();
    const feed = streamsContactFeed(fake.streams, {} as HTMLElement, {
      instanceUrl: 'https://example.my.connect.aws',
      softphone: true,
    });
    const seen: FeedContact[] = [];
    feed.subscribe((c) => seen.push(c));
    const data = {
      id: 'c1',
      state: 'connecting',
      number: '+14155550100',
      attributes: { onethreadCustomerId: 'cust_1' },
      gone: false,
    };
    const call = fake.make(data);
    fake.arrive(call);
    fake.handlers.connected?.(call);
    // Streams has forgotten the contact by the time it reports the end.
    data.gone = true;
    fake.handlers.ended?.(call);

    expect(seen.map((c) => c.phase)).toEqual(['connecting', 'connected', 'ended']);
    expect(seen[0]).toEqual({
      contactId: 'c1',
      channel: 'voice',
      phase: 'connecting',
      callerNumber: '+14155550100',
      queue: 'BillingQueue',
      attributes: { onethreadCustomerId: 'cust_1' },
    });
    expect(seen[2]).toMatchObject({ contactId: 'c1', callerNumber: '+14155550100' });

    // Whoever subscribes later hears of the live contacts, not of ended ones.
    fake.arrive(fake.make({ id: 'c3', state: 'connected', number: '+14155550111', attributes: {} }));
    const late: FeedContact[] = [];
    feed.subscribe((c) => late.push(c));
    expect(late.map((c) => [c.contactId, c.phase])).toEqual([['c3', 'connected']]);
  });

  it('gives no number for an endpoint that is not one (a chat’s)', () => {
    const fake = fakeStreams();
    const feed = streamsContactFeed(fake.streams, {} as HTMLElement, {
      instanceUrl: 'https://example.my.connect.aws',
      softphone: true,
    });
    const seen: FeedContact[] = [];
    feed.subscribe((c) => seen.push(c));
    fake.arrive(fake.make({ id: 'c2', state: 'incoming', number: 'Ana', attributes: {} }));
    expect(seen[0]?.callerNumber).toBeUndefined();
  });
});
