import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidCursorError } from '#core/errors.ts';
import type { Channel, Interaction } from '#core/model.ts';
import { keys } from '#store/table.ts';
import { TimelineRepo } from '#store/timeline-repo.ts';
import { createTestStack, type TestStack } from '../support/local-aws.ts';

function entry(customerId: string, second: number, channel: Channel = 'chat'): Interaction {
  const at = new Date(Date.UTC(2026, 4, 1, 9, 0, second)).toISOString();
  return {
    interactionId: `int_${customerId}_${second}`,
    customerId,
    conversationId: 'conv_1',
    channel,
    direction: 'inbound',
    kind: 'message',
    at,
    providerMessageId: `${customerId}:${second}`,
    text: `at ${second}`,
    attachments: [],
    recordedAt: at,
  };
}

describe('the timeline in DynamoDB', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await createTestStack();
    // Two customers later merged: their entries interleave in time.
    for (let s = 0; s < 12; s++)
      await stack.timeline.append(
        entry(s % 3 === 0 ? 'cust_b' : 'cust_a', s, s % 4 === 0 ? 'email' : 'chat'),
      );
  });

  it('stores an interaction once: a second append is a no-op', async () => {
    const again = await stack.timeline.append({ ...entry('cust_a', 1), text: 'changed' });
    expect(again).toBe('exists');
    expect((await stack.timeline.get('int_cust_a_1'))?.text).toBe('at 1');
  });

  it('refuses a write for a customer as it was before an unmerge split it, and stores nothing', async () => {
    await stack.customers.resolve(['email:split@example.com'], {
      at: '2026-05-01T00:00:00.000Z',
      channel: 'email',
    });
    const customer = await stack.customers.findByIdentity('email:split@example.com');
    const id = customer?.customerId ?? '';
    const guard = { customerId: id, splitVersion: 0 };
    expect(await stack.timeline.append({ ...entry(id, 90), interactionId: 'int_guard_1' }, guard)).toBe(
      'appended',
    );
    expect(await stack.timeline.append({ ...entry(id, 91), interactionId: 'int_guard_1' }, guard)).toBe(
      'exists',
    );
    const stale = { customerId: id, splitVersion: 7 };
    expect(await stack.timeline.append({ ...entry(id, 92), interactionId: 'int_guard_2' }, stale)).toBe(
      'split',
    );
    expect(await stack.timeline.get('int_guard_2')).toBeUndefined();
  });

  it('reads newest first across merged customers, page by page, without repeats or gaps', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await stack.timeline.query(['cust_a', 'cust_b'], { limit: 5, cursor });
      seen.push(...page.items.map((item) => item.text ?? ''));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(Array.from({ length: 12 }, (_, i) => `at ${11 - i}`));
  });

  it('filters by channel and still fills each page', async () => {
    const page = await stack.timeline.query(['cust_a', 'cust_b'], { limit: 2, channel: 'email' });
    expect(page.items.map((item) => item.text)).toEqual(['at 8', 'at 4']);
    const rest = await stack.timeline.query(['cust_a', 'cust_b'], {
      limit: 2,
      channel: 'email',
      cursor: page.nextCursor,
    });
    expect(rest.items.map((item) => item.text)).toEqual(['at 0']);
    expect(rest.nextCursor).toBeUndefined();
  });

  it('rejects a cursor it did not hand out', async () => {
    await expect(stack.timeline.query(['cust_a'], { limit: 5, cursor: 'bogus' })).rejects.toThrow(
      InvalidCursorError,
    );
  });
});

describe('timeline entries under a retention policy', () => {
  const written = Date.UTC(2026, 4, 1, 9, 0, 0) / 1000;
  const DAY = 86_400;
  let stack: TestStack;
  beforeAll(async () => {
    stack = await createTestStack();
  });
  const repoAt = (seconds: number) =>
    new TimelineRepo(stack.table, { messages: 30, channels: { chat: 1 } }, () => new Date(seconds * 1000));

  it('writes when a chat message expires, one day after it was written', async () => {
    await repoAt(written).append(entry('cust_ttl', 0, 'chat'));
    const { Item } = await stack.table.doc.send(
      new GetCommand({ TableName: stack.table.tableName, Key: keys.interaction('int_cust_ttl_0') }),
    );
    expect(Item?.expiresAt).toBe(written + DAY);
  });

  it('writes no expiry when no policy is set', async () => {
    await stack.timeline.append(entry('cust_ttl', 1, 'chat'));
    const { Item } = await stack.table.doc.send(
      new GetCommand({ TableName: stack.table.tableName, Key: keys.interaction('int_cust_ttl_1') }),
    );
    expect(Item).not.toHaveProperty('expiresAt');
  });

  it('shows an entry past its expiry as removed before DynamoDB gets round to deleting it', async () => {
    await repoAt(written).append(entry('cust_lag', 0, 'chat'));
    await repoAt(written).append(entry('cust_lag', 1, 'email'));
    const timeline = repoAt(written + 2 * DAY);
    const { items } = await timeline.query(['cust_lag'], { limit: 10 });
    expect(items).toEqual([
      expect.objectContaining({ interactionId: 'int_cust_lag_1', text: 'at 1' }),
      {
        interactionId: 'int_cust_lag_0',
        customerId: 'cust_lag',
        conversationId: 'conv_1',
        channel: 'chat',
        direction: 'inbound',
        kind: 'message',
        at: entry('cust_lag', 0).at,
        providerMessageId: 'cust_lag:0',
        attachments: [],
        recordedAt: entry('cust_lag', 0).at,
        removed: { reason: 'retention', at: new Date((written + DAY) * 1000).toISOString() },
      },
    ]);
    expect((await timeline.get('int_cust_lag_0'))?.removed).toEqual({
      reason: 'retention',
      at: new Date((written + DAY) * 1000).toISOString(),
    });
  });

  it('still knows a removed entry, so a redelivery of the message is not stored again', async () => {
    const timeline = repoAt(written + 2 * DAY);
    expect(await timeline.append({ ...entry('cust_lag', 0, 'chat'), text: 'again' })).toBe('exists');
  });
});
