import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { IdentityKey } from '#core/model.ts';
import { timelineOwners } from '#core/resolution.ts';
import { customerSplitter } from '#deps/app.ts';
import { makeHandler as makeIngest } from '#handlers/ingest.ts';
import { chatMessage, context, sqsEvent } from '../support/events.ts';
import { createTestStack, type TestStack } from '../support/local-aws.ts';

type Step =
  | { kind: 'ingest'; who: number }
  | { kind: 'merge'; who: number; into: number }
  | { kind: 'unmerge'; who: number }
  | { kind: 'race'; who: number; other: number };

const PEOPLE = 4;
const person = fc.integer({ min: 0, max: PEOPLE - 1 });
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('ingest' as const), who: person }),
  fc.record({ kind: fc.constant('merge' as const), who: person, into: person }),
  fc.record({ kind: fc.constant('unmerge' as const), who: person }),
  fc.record({ kind: fc.constant('race' as const), who: person, other: person }),
);

describe('unmerge against merges and ingest in any order', () => {
  let stack: TestStack;
  let ingest: ReturnType<typeof makeIngest>;
  beforeAll(async () => {
    stack = await createTestStack();
    ingest = makeIngest(stack);
  });

  // Each run has numbers of its own: six digits from a random start, then the person.
  const base = 100_000 + Math.floor(Math.random() * 800_000);
  let runs = 0;

  it('leaves every contact on exactly one customer: the one its identity leads to', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 4, maxLength: 12 }), async (steps) => {
        const run = randomUUID().slice(0, 6);
        runs += 1;
        const phones = Array.from(
          { length: PEOPLE },
          (_, i) => `phone:+1415${base + runs}${i}` as IdentityKey,
        );
        const sent = new Map<string, IdentityKey>();
        const say = async (who: number) => {
          const providerMessageId = `${run}-${sent.size}-${randomUUID().slice(0, 4)}`;
          sent.set(providerMessageId, phones[who] as IdentityKey);
          const result = await ingest(
            sqsEvent([
              chatMessage({ channel: 'sms', providerMessageId, identities: [phones[who] as string] }),
            ]),
            context,
          );
          expect(result.batchItemFailures).toEqual([]);
        };
        const unmerge = async (who: number) => {
          const owner = await stack.customers.identityOwner(phones[who] as IdentityKey);
          const raw = owner ? await stack.customers.getRaw(owner) : undefined;
          if (!raw?.mergedInto) return;
          const root = await stack.customers.get(raw.mergedInto);
          await customerSplitter(stack).unmerge(root?.customerId ?? '', raw.customerId, { agentId: 'sam' });
        };
        for (const who of phones.keys()) await say(who);
        for (const s of steps) {
          if (s.kind === 'ingest') await say(s.who);
          if (s.kind === 'unmerge') await unmerge(s.who);
          if (s.kind === 'race') await Promise.all([unmerge(s.who), say(s.who), say(s.other)]);
          if (s.kind === 'merge') {
            const [a, b] = await Promise.all(
              [s.who, s.into].map((i) => stack.customers.findByIdentity(phones[i] as IdentityKey)),
            );
            if (a && b) await stack.customers.mergeByAgent(b, a, { agentId: 'ana', channel: 'sms' });
          }
        }

        const seen = new Map<string, number>();
        for (const phone of phones) {
          const customer = await stack.customers.findByIdentity(phone);
          if (!customer) throw new Error(`nobody has ${phone}`);
          const { items } = await stack.timeline.query(timelineOwners(customer), { limit: 100 });
          for (const item of items.filter((i) => i.kind === 'message')) {
            expect((await stack.customers.findByIdentity(item.identity as IdentityKey))?.customerId).toBe(
              customer.customerId,
            );
            if (item.identity === phone)
              seen.set(item.providerMessageId, (seen.get(item.providerMessageId) ?? 0) + 1);
          }
        }
        expect([...seen.keys()].sort()).toEqual([...sent.keys()].sort());
        expect([...seen.values()].every((count) => count === 1)).toBe(true);
      }),
      { numRuns: 12 },
    );
    // Twelve runs of up to sixteen steps against the emulator: minutes on a busy machine.
  }, 240_000);
});
