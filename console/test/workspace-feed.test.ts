import type { ContactChannelType } from '@amazon-connect/contact';
import { describe, expect, it } from 'vitest';
import type { FeedContact } from '../src/contact-feed/contact-feed.ts';
import {
  inAgentWorkspace,
  type WorkspaceContacts,
  workspaceContactFeed,
} from '../src/contact-feed/workspace-feed.ts';

type Handler = (event: { contactId: string; type: ContactChannelType['type'] }) => Promise<void>;

/** A stand-in for the workspace SDK's contact client: the test plays its events and data. */
function fakeWorkspace(options: { inHand?: string[] } = {}) {
  const handlers = new Map<string, Handler>();
  const attributes = new Map<string, Record<string, string>>();
  const cleared = new Set<string>();
  const on = (event: string) => (handler: Handler) => {
    handlers.set(event, handler);
  };
  const known = (contactId: string) => {
    if (cleared.has(contactId)) return Promise.reject(new Error(`no contact ${contactId}`));
    return Promise.resolve();
  };
  const client = {
    listContacts: async () =>
      (options.inHand ?? []).map((contactId) => ({ contactId, type: 'voice', subtype: 'connect:Telephony' })),
    getAttributes: async (contactId: string, filter: unknown) => {
      await known(contactId);
      expect(filter).toBe('*');
      return attributes.get(contactId) ?? {};
    },
    getQueue: async (contactId: string) => {
      await known(contactId);
      return { name: 'BillingQueue', queueARN: 'arn:queue', queueId: 'q1' };
    },
    onIncoming: on('incoming'),
    onConnecting: on('connecting'),
    onConnected: on('connected'),
    onMissed: on('missed'),
    onStartingAcw: on('acw'),
    onCleared: on('cleared'),
  } as unknown as WorkspaceContacts;
  const play = (event: string, contactId: string, type: ContactChannelType['type'] = 'voice') =>
    handlers.get(event)?.({ contactId, type });
  return { client, handlers, attributes, cleared, play };
}

const settle = () => new Promise((done) => setTimeout(done, 0));

describe('the agent-workspace feed', () => {
  it('runs only when the access URL says the page is a workspace app', () => {
    expect(inAgentWorkspace({ search: '?host=workspace' })).toBe(true);
    expect(inAgentWorkspace({ search: '' })).toBe(false);
    expect(inAgentWorkspace({ search: '?host=desktop' })).toBe(false);
  });

  it('listens to every lifecycle event the screen pop needs', () => {
    const fake = fakeWorkspace();
    workspaceContactFeed(fake.client);
    expect([...fake.handlers.keys()].sort()).toEqual(
      ['acw', 'cleared', 'connected', 'connecting', 'incoming', 'missed'].sort(),
    );
  });

  it('reports a contact at once, then with its attributes and queue, through to its end', async () => {
    const fake = fakeWorkspace();
    fake.attributes.set('c1', { onethreadCustomerId: 'cust_1', onethreadConversationId: 'conv_1' });
    const seen: FeedContact[] = [];
    workspaceContactFeed(fake.client).subscribe((contact) => seen.push(contact));

    await fake.play('incoming', 'c1');
    expect(seen).toEqual([{ contactId: 'c1', channel: 'voice', phase: 'incoming', attributes: {} }]);
    await settle();
    expect(seen.at(-1)).toEqual({
      contactId: 'c1',
      channel: 'voice',
      phase: 'incoming',
      queue: 'BillingQueue',
      attributes: { onethreadCustomerId: 'cust_1', onethreadConversationId: 'conv_1' },
    });

    await fake.play('connected', 'c1');
    expect(seen.at(-1)).toMatchObject({ phase: 'connected', attributes: { onethreadCustomerId: 'cust_1' } });
    await settle();
    fake.cleared.add('c1');
    await fake.play('acw', 'c1');
    expect(seen.at(-1)).toMatchObject({ phase: 'ended', queue: 'BillingQueue' });
    const count = seen.length;
    await fake.play('cleared', 'c1');
    await settle();
    // Already over: the clear that follows after-contact work is not news.
    expect(seen).toHaveLength(count);
  });

  it('does not bring back a contact whose details arrive after it ended', async () => {
    const fake = fakeWorkspace();
    const seen: FeedContact[] = [];
    workspaceContactFeed(fake.client).subscribe((contact) => seen.push(contact));
    await fake.play('incoming', 'c2', 'chat');
    await fake.play('missed', 'c2', 'chat');
    await settle();
    expect(seen.map(({ phase }) => phase)).toEqual(['incoming', 'ended']);
    expect(seen.at(-1)?.channel).toBe('chat');
  });

  it('tells who is calling on a voice contact, and asks nothing of other channels', async () => {
    const fake = fakeWorkspace();
    const asked: string[] = [];
    const voice = {
      getInitialCustomerPhoneNumber: async (contactId: string) => {
        asked.push(contactId);
        return '+14155550100';
      },
    };
    const seen: FeedContact[] = [];
    workspaceContactFeed(fake.client, voice).subscribe((contact) => seen.push(contact));
    await fake.play('incoming', 'call');
    await settle();
    expect(seen.at(-1)).toMatchObject({ contactId: 'call', callerNumber: '+14155550100' });
    await fake.play('incoming', 'chat', 'chat');
    await settle();
    expect(seen.at(-1)).toMatchObject({ contactId: 'chat', callerNumber: undefined });
    expect(asked).toEqual(['call']);
  });

  it('ignores the end of a contact it never heard of', async () => {
    const fake = fakeWorkspace();
    const seen: FeedContact[] = [];
    workspaceContactFeed(fake.client).subscribe((contact) => seen.push(contact));
    await fake.play('cleared', 'unknown');
    expect(seen).toEqual([]);
  });

  it('reports the contact the agent already has, also to a page that subscribes late', async () => {
    const fake = fakeWorkspace({ inHand: ['c3'] });
    fake.attributes.set('c3', { customerId: 'cust_3' });
    const feed = workspaceContactFeed(fake.client);
    await settle();
    await settle();
    const seen: FeedContact[] = [];
    const stop = feed.subscribe((contact) => seen.push(contact));
    expect(seen).toEqual([
      {
        contactId: 'c3',
        channel: 'voice',
        phase: 'connected',
        queue: 'BillingQueue',
        attributes: { customerId: 'cust_3' },
      },
    ]);
    stop();
    await fake.play('incoming', 'c4');
    expect(seen).toHaveLength(1);
  });
});
