import { beforeEach, describe, expect, it } from 'vitest';
import { timelineOwners } from '#core/resolution.ts';
import { createTestStack, type TestStack } from '../support/local-aws.ts';

const at = '2026-05-01T09:00:00.000Z';

describe('customers in DynamoDB', () => {
  let stack: TestStack;
  beforeEach(async () => {
    stack = await createTestStack();
  });

  it('creates one customer when ten first contacts with the same email race', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        stack.customers.resolve(['email:race@example.com', `chat:s${i}`], { at, channel: 'chat' }),
      ),
    );
    const ids = new Set(results.map((customer) => customer.customerId));
    expect(ids.size).toBe(1);
    const [id] = ids;
    const stored = await stack.customers.get(id as string);
    expect(stored?.identities).toHaveLength(11);
  });

  it('keeps identity keys unique: a known identity always resolves to its owner', async () => {
    const first = await stack.customers.resolve(['phone:+14155550100'], { at, channel: 'voice' });
    const again = await stack.customers.resolve(['phone:+14155550100'], { at, channel: 'sms' });
    expect(again.customerId).toBe(first.customerId);
  });

  it('merges two customers when one contact carries both their identities', async () => {
    const byEmail = await stack.customers.resolve(['email:zoe@example.net'], { at, channel: 'email' });
    const byPhone = await stack.customers.resolve(['phone:+14155550111'], { at, channel: 'voice' });
    const merged = await stack.customers.resolve(['phone:+14155550111', 'email:zoe@example.net'], {
      at,
      channel: 'whatsapp',
      sourceInteractionId: 'int_proof',
    });

    expect(merged.customerId).toBe(byEmail.customerId);
    expect(timelineOwners(merged)).toEqual([byEmail.customerId, byPhone.customerId]);
    expect((await stack.customers.get(byPhone.customerId))?.customerId).toBe(byEmail.customerId);
    expect((await stack.customers.findByIdentity('phone:+14155550111'))?.customerId).toBe(byEmail.customerId);

    const page = await stack.timeline.query(timelineOwners(merged), { limit: 10 });
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({
      kind: 'merge',
      direction: 'internal',
      channel: 'whatsapp',
      merge: {
        identity: 'phone:+14155550111',
        absorbedCustomerId: byPhone.customerId,
        survivingCustomerId: byEmail.customerId,
        interactionId: 'int_proof',
      },
    });
  });

  it('follows merges transitively when a survivor is later merged again', async () => {
    const a = await stack.customers.resolve(['email:a@example.com'], { at, channel: 'email' });
    const b = await stack.customers.resolve(['phone:+14155550122'], { at, channel: 'voice' });
    const c = await stack.customers.resolve(['x:998877'], { at, channel: 'x' });
    await stack.customers.resolve(['phone:+14155550122', 'x:998877'], { at, channel: 'sms' });
    const final = await stack.customers.resolve(['email:a@example.com', 'x:998877'], {
      at,
      channel: 'email',
    });
    expect(final.customerId).toBe(a.customerId);
    expect(new Set(timelineOwners(final))).toEqual(new Set([a.customerId, b.customerId, c.customerId]));
    expect((await stack.customers.get(c.customerId))?.customerId).toBe(a.customerId);
  });

  it('keeps a conversation opened while a merge was being decided', async () => {
    const survivor = await stack.customers.resolve(['email:kai@example.com'], { at, channel: 'email' });
    const absorbed = await stack.customers.resolve(['phone:+14155550133'], { at, channel: 'voice' });
    await stack.conversations.markLatest(survivor.customerId, 'conv_before');
    // Just before the merge's write, a message elsewhere opens a new conversation for the survivor.
    let interleaved = false;
    stack.table.doc.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'TransactWriteItemsCommand' && !interleaved) {
          interleaved = true;
          await stack.conversations.markLatest(survivor.customerId, 'conv_opened_meanwhile');
        }
        return next(args);
      },
      { step: 'initialize', name: 'openConversationBeforeMerge' },
    );
    await stack.customers.resolve(['email:kai@example.com', 'phone:+14155550133'], { at, channel: 'sms' });
    stack.table.doc.middlewareStack.remove('openConversationBeforeMerge');

    expect(interleaved).toBe(true);
    const merged = await stack.customers.get(absorbed.customerId);
    expect(merged?.customerId).toBe(survivor.customerId);
    expect(merged?.lastConversationId).toBe('conv_opened_meanwhile');
    expect(merged?.identities).toEqual(
      expect.arrayContaining(['email:kai@example.com', 'phone:+14155550133']),
    );
  });
});
