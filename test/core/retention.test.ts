import { describe, expect, it } from 'vitest';
import type { Interaction } from '#core/model.ts';
import {
  entryExpiresAt,
  expiresAtFor,
  isExpired,
  parseRetentionPolicy,
  type RetentionPolicy,
  removedEntry,
} from '#core/retention.ts';
import { loadConfig } from '#shared/config.ts';

const at = '2026-05-01T09:00:00.000Z';
const atSeconds = Date.parse(at) / 1000;
const DAY = 86_400;

const policy: RetentionPolicy = {
  messages: 730,
  channels: { chat: 365, voice: null },
  events: 1_825,
  emailRaw: 90,
};

function entry(overrides: Partial<Interaction> = {}): Interaction {
  return {
    interactionId: 'int_1',
    customerId: 'cust_1',
    conversationId: 'conv_1',
    channel: 'email',
    direction: 'inbound',
    kind: 'message',
    at,
    providerMessageId: '<m1@example.com>',
    text: 'my card number is …',
    subject: 'Refund',
    attachments: [{ ref: 'attachments/m1/1-invoice.pdf', name: 'invoice.pdf' }],
    recordedAt: at,
    ...overrides,
  };
}

describe('retention policy', () => {
  it('counts a chat message’s days from when it was written, in epoch seconds', () => {
    expect(expiresAtFor(policy, 'messages', 'chat', at)).toBe(atSeconds + 365 * DAY);
  });

  it('gives channels the policy does not name the messages default', () => {
    expect(expiresAtFor(policy, 'messages', 'sms', at)).toBe(atSeconds + 730 * DAY);
  });

  it('keeps a channel set to null forever, whatever the default', () => {
    expect(expiresAtFor(policy, 'messages', 'voice', at)).toBeUndefined();
  });

  it('gives each kind its own days: raw email, and nothing for attachments left unset', () => {
    expect(expiresAtFor(policy, 'emailRaw', 'email', at)).toBe(atSeconds + 90 * DAY);
    expect(expiresAtFor(policy, 'attachments', 'email', at)).toBeUndefined();
  });

  it('keeps everything when no policy is set', () => {
    expect(expiresAtFor({}, 'messages', 'chat', at)).toBeUndefined();
  });

  it('expires messages and reactions as messages, business events as events, merges never', () => {
    expect(entryExpiresAt(policy, entry({ kind: 'reaction', channel: 'chat' }))).toBe(atSeconds + 365 * DAY);
    expect(entryExpiresAt(policy, entry({ kind: 'event', channel: 'store' }))).toBe(atSeconds + 1_825 * DAY);
    expect(entryExpiresAt(policy, entry({ kind: 'merge' }))).toBeUndefined();
  });

  it('calls an item expired once its TTL has passed, and one without a TTL never', () => {
    const now = new Date((atSeconds + 10) * 1000);
    expect(isExpired(atSeconds + 10, now)).toBe(true);
    expect(isExpired(atSeconds + 11, now)).toBe(false);
    expect(isExpired(undefined, now)).toBe(false);
  });

  it('shows a removed entry with where and when it was, and nothing it said', () => {
    const removed = removedEntry(entry(), (atSeconds + 90 * DAY) * 1000);
    expect(removed).toEqual({
      interactionId: 'int_1',
      customerId: 'cust_1',
      conversationId: 'conv_1',
      channel: 'email',
      direction: 'inbound',
      kind: 'message',
      at,
      providerMessageId: '<m1@example.com>',
      attachments: [],
      recordedAt: at,
      removed: { reason: 'retention', at: '2026-07-30T09:00:00.000Z' },
    });
  });
});

describe('retention policy as configured', () => {
  it('reads the policy from ONETHREAD_RETENTION', () => {
    const config = loadConfig({ TABLE_NAME: 't', ONETHREAD_RETENTION: '{"channels":{"chat":365}}' });
    expect(config.retention).toEqual({ channels: { chat: 365 } });
  });

  it('keeps everything when ONETHREAD_RETENTION is unset', () => {
    expect(loadConfig({ TABLE_NAME: 't' }).retention).toBeUndefined();
  });

  it('refuses to start on a policy that is not JSON, naming the variable', () => {
    expect(() => loadConfig({ TABLE_NAME: 't', ONETHREAD_RETENTION: '{chat: 365}' })).toThrow(
      /ONETHREAD_RETENTION: not valid JSON/,
    );
  });

  it('refuses negative days, an unknown channel and an unknown kind, saying where', () => {
    expect(() => parseRetentionPolicy('{"messages":-1}')).toThrow(/at messages/);
    expect(() => parseRetentionPolicy('{"channels":{"fax":30}}')).toThrow(/channels/);
    expect(() => parseRetentionPolicy('{"recordings":30}')).toThrow(/recordings/);
    expect(() => loadConfig({ TABLE_NAME: 't', ONETHREAD_RETENTION: '{"emailRaw":-5}' })).toThrow(
      /ONETHREAD_RETENTION: .*at emailRaw/,
    );
  });
});
