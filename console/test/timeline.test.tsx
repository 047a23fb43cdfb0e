import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { Channel, TimelineItem } from '../src/api.ts';
import { CHANNEL_LABELS, dateTime, duration, identityParts, time } from '../src/format.ts';
import { Timeline, TimelineEntry } from '../src/Timeline.tsx';
import { callOf, emailOf, entryOf } from './wire.ts';

const NOW = new Date('2026-05-01T12:00:00.000Z');

function item(
  overrides: Partial<TimelineItem> & Pick<TimelineItem, 'interactionId' | 'channel'>,
): TimelineItem {
  return entryOf({
    customerId: 'cust_1',
    conversationId: 'conv_1',
    kind: 'message',
    direction: 'inbound',
    at: '2026-05-01T09:00:00.000Z',
    attachments: [],
    ...overrides,
  });
}

function html(entry: TimelineItem): string {
  return renderToStaticMarkup(<TimelineEntry item={entry} now={NOW} />);
}

/** The text a reader sees, tags and formatting removed. */
function text(markup: string): string {
  return markup
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

describe('timeline entries, per channel', () => {
  it.each<[Channel, string]>([
    ['chat', 'Chat'],
    ['email', 'Email'],
    ['voice', 'Phone'],
    ['sms', 'SMS'],
    ['whatsapp', 'WhatsApp'],
    ['messenger', 'Messenger'],
    ['instagram', 'Instagram'],
    ['x', 'X'],
  ])('labels %s entries with their channel, an icon, the direction and the time', (channel, label) => {
    const markup = html(item({ interactionId: `i-${channel}`, channel, text: 'Hello' }));
    expect(markup).toContain(`data-channel="${channel}"`);
    expect(markup).toContain('data-direction="inbound"');
    expect(markup).toMatch(/<svg/);
    expect(text(markup)).toContain(`${label} · Customer ·`);
    expect(markup).toContain('dateTime="2026-05-01T09:00:00.000Z"');
    expect(text(markup)).toContain('Hello');
    expect(CHANNEL_LABELS[channel]).toBe(label);
  });

  it('shows a chat message as the customer wrote it', () => {
    const markup = html(
      item({ interactionId: 'c1', channel: 'chat', text: 'Where is my refund?\nOrder 42' }),
    );
    expect(markup).toContain('Where is my refund?\nOrder 42');
    expect(markup).toContain('ot-inbound');
  });

  it('shows an email with its subject, sender and attachments', () => {
    const markup = html(
      item({
        interactionId: 'e1',
        channel: 'email',
        subject: 'Refund for order 42',
        text: 'Please refund me.',
        email: emailOf({ from: 'Ana <ana@example.com>' }),
        attachments: [{ ref: 'attachments/a1', name: 'receipt.pdf', contentType: 'application/pdf' }],
      }),
    );
    const seen = text(markup);
    expect(seen).toContain('Refund for order 42');
    expect(seen).toContain('From Ana <ana@example.com>');
    expect(seen).toContain('receipt.pdf');
    expect(seen).toContain('Please refund me.');
  });

  it('shows a phone call with its state, duration and wait', () => {
    const seen = text(
      html(
        item({
          interactionId: 'v1',
          channel: 'voice',
          call: callOf({
            state: 'completed',
            durationSeconds: 125,
            waitSeconds: 40,
            disconnectReason: 'CUSTOMER_DISCONNECT',
          }),
        }),
      ),
    );
    expect(seen).toContain('Call completed · duration 2 min 5 s · waited 40 s · customer disconnect');
  });

  it('shows an outbound SMS with the agent who sent it and its delivery status', () => {
    const markup = html(
      item({
        interactionId: 's1',
        channel: 'sms',
        direction: 'outbound',
        text: 'Your refund is on its way.',
        sentBy: 'agent-ana',
        deliveryStatus: 'delivered',
      }),
    );
    expect(markup).toContain('ot-outbound');
    expect(text(markup)).toContain('SMS · Agent agent-ana ·');
    expect(text(markup)).toContain('Delivered');
  });

  it('shows a WhatsApp or Messenger reply the customer read as read, with when', () => {
    for (const channel of ['whatsapp', 'messenger'] as const) {
      const seen = text(
        html(
          item({
            interactionId: `${channel}-1`,
            channel,
            direction: 'outbound',
            text: 'Your refund is on its way.',
            deliveryStatus: 'read',
            deliveryHistory: [
              { status: 'sent', at: '2026-05-01T09:00:01.000Z' },
              { status: 'delivered', at: '2026-05-01T09:00:02.000Z' },
              { status: 'read', at: '2026-05-01T09:05:00.000Z' },
            ],
          }),
        ),
      );
      expect(seen).toContain(`Read ${time('2026-05-01T09:05:00.000Z', NOW)}`);
    }
  });

  it('shows a read reply whose read time is not known as read alone', () => {
    const seen = text(
      html(
        item({ interactionId: 'm1', channel: 'messenger', direction: 'outbound', deliveryStatus: 'read' }),
      ),
    );
    expect(seen).toMatch(/Read$/);
  });

  it('shows a failed X reply with the provider’s reason', () => {
    const seen = text(
      html(
        item({
          interactionId: 'x1',
          channel: 'x',
          direction: 'outbound',
          text: 'Hi!',
          deliveryStatus: 'failed',
          deliveryReason: 'recipient does not accept DMs',
        }),
      ),
    );
    expect(seen).toContain('Failed: recipient does not accept DMs');
  });

  it('shows a WhatsApp location and image', () => {
    const seen = text(
      html(
        item({
          interactionId: 'w1',
          channel: 'whatsapp',
          location: { latitude: 38.72, longitude: -9.14, name: 'Lisbon store' },
          attachments: [{ ref: 'media/1', kind: 'image', contentType: 'image/jpeg' }],
        }),
      ),
    );
    expect(seen).toContain('Lisbon store (38.72, -9.14)');
    expect(seen).toContain('image');
  });

  it('shows a Messenger reaction and an Instagram story mention', () => {
    const reaction = text(
      html(
        item({
          interactionId: 'm1',
          channel: 'messenger',
          kind: 'reaction',
          reaction: { action: 'react', emoji: '👍', targetProviderMessageId: 'pm_m0' },
        }),
      ),
    );
    expect(reaction).toContain('Reacted 👍');
    const story = text(
      html(
        item({
          interactionId: 'ig1',
          channel: 'instagram',
          attachments: [{ ref: 'media/2', kind: 'story_mention' }],
        }),
      ),
    );
    expect(story).toContain('story_mention');
  });

  it('shows a merge as an internal entry naming the proving identity', () => {
    const markup = html(
      item({
        interactionId: 'merge1',
        channel: 'chat',
        kind: 'merge',
        direction: 'internal',
        merge: {
          identity: 'email:ana@example.com',
          absorbedCustomerId: 'cust_2',
          survivingCustomerId: 'cust_1',
        },
      }),
    );
    expect(markup).toContain('data-kind="merge"');
    expect(text(markup)).toContain(
      'Customer records merged: cust_2 → cust_1, proven by email ana@example.com',
    );
  });

  it("shows an agent's merge with the agent and their reason", () => {
    const markup = html(
      item({
        interactionId: 'merge2',
        channel: 'voice',
        kind: 'merge',
        direction: 'internal',
        merge: {
          absorbedCustomerId: 'cust_3',
          survivingCustomerId: 'cust_1',
          agentId: 'agent-ana',
          reason: 'Also emails from work',
        },
      }),
    );
    expect(text(markup)).toContain(
      'Customer records merged: cust_3 → cust_1, by agent agent-ana: Also emails from work',
    );
  });

  it('shows an entry retention removed as removed, greyed, with its channel and time but no body', () => {
    const markup = html(
      item({
        interactionId: 'gone1',
        channel: 'email',
        removed: { reason: 'retention', at: '2026-07-30T09:00:00.000Z' },
      }),
    );
    expect(markup).toContain('data-removed="retention"');
    expect(markup).toContain('ot-removed');
    expect(markup).toContain('dateTime="2026-05-01T09:00:00.000Z"');
    expect(text(markup)).toMatch(/^Email · .+ · Removed \(retention\)$/);
  });
});

describe('timeline', () => {
  it('lists the API’s newest-first items oldest first, as a conversation reads', () => {
    const markup = renderToStaticMarkup(
      <Timeline
        now={NOW}
        items={[
          item({
            interactionId: 'b',
            channel: 'sms',
            text: 'SECOND-MESSAGE',
            at: '2026-05-01T09:05:00.000Z',
          }),
          item({ interactionId: 'a', channel: 'chat', text: 'FIRST-MESSAGE' }),
        ]}
      />,
    );
    expect(markup).toContain('aria-label="Customer timeline"');
    expect(markup.indexOf('FIRST-MESSAGE')).toBeLessThan(markup.indexOf('SECOND-MESSAGE'));
  });

  it('says so when there is nothing yet', () => {
    expect(text(renderToStaticMarkup(<Timeline items={[]} />))).toContain('Nothing on this customer');
  });

  it('shows the date for entries from another day', () => {
    const seen = text(html(item({ interactionId: 'old', channel: 'chat', at: '2026-04-20T09:00:00.000Z' })));
    expect(seen).toMatch(/20 Apr/);
  });
});

describe('formatting', () => {
  it('formats durations and identities', () => {
    expect(duration(5)).toBe('5 s');
    expect(duration(125)).toBe('2 min 5 s');
    expect(duration(3720)).toBe('1 h 2 min');
    expect(identityParts('whatsapp:447700900123')).toEqual({ kind: 'WhatsApp', value: '447700900123' });
    expect(identityParts('chat:chat_1')).toEqual({ kind: 'Chat session', value: 'chat_1' });
  });

  it('names the time zone of every time and date, as the agent reads it', () => {
    const zone = new Intl.DateTimeFormat('en-GB', { timeZoneName: 'short' })
      .formatToParts(new Date('2026-05-01T09:00:00.000Z'))
      .find((part) => part.type === 'timeZoneName')?.value;
    expect(time('2026-05-01T09:00:00.000Z', NOW)).toMatch(new RegExp(`^\\d\\d:\\d\\d:\\d\\d ${zone}$`));
    expect(dateTime('2026-05-01T09:00:00.000Z')).toMatch(new RegExp(`^1 May 2026, \\d\\d:\\d\\d ${zone}$`));
  });

  it('shows each message as a chat bubble with an avatar naming who wrote it', () => {
    const markup = html(
      item({ interactionId: 'i1', channel: 'chat', direction: 'outbound', sentBy: 'agent-ana' }),
    );
    expect(markup).toContain('aria-label="Agent agent-ana"');
    expect(markup).toMatch(/aria-label="Agent agent-ana on Chat, [^"]+"/);
  });
});
