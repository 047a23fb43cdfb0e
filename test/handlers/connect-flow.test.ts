import { beforeEach, describe, expect, it } from 'vitest';
import { BusinessHoursSchema } from '#core/business-hours.ts';
import { callInteractionId } from '#core/calls.ts';
import { makeHandler } from '#handlers/connect-flow.ts';
import type { CustomersRepo } from '#store/customers-repo.ts';
import { QueueHoursRepo } from '#store/queue-hours-repo.ts';
import { drainIngestQueue, queueDepth } from '../support/channels.ts';
import { CALLER, CONNECT_CONFIG, CONNECT_ROUTING, flowEvent, ingest } from '../support/connect.ts';
import { chatMessage, context } from '../support/events.ts';
import { createTestStack, type TestStack } from '../support/local-aws.ts';

const CONTACT_ID = 'b3e1c7a2-4d9f-4e61-9a2b-7c5d3e1f0a98';
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

describe('contact flow lookup', () => {
  let stack: TestStack;
  let lookup: ReturnType<typeof makeHandler>;
  beforeEach(async () => {
    stack = await createTestStack({ routingRules: CONNECT_ROUTING });
    lookup = makeHandler(stack, CONNECT_CONFIG);
  });

  it('names a caller who texted an hour ago, with their open conversation, and raises the priority', async () => {
    await ingest(
      stack,
      chatMessage({
        channel: 'sms',
        identities: [`phone:${CALLER}`],
        entryPoint: '+15550001111',
        profile: { name: 'Ana Silva' },
        text: 'My refund for order 48213 has not arrived.\nCan you check?',
        at: minutesAgo(60),
      }),
    );
    const customer = await stack.customers.findByIdentity(`phone:${CALLER}`);

    const answer = await lookup(flowEvent(), context);

    expect(answer).toEqual({
      customerId: customer?.customerId,
      customerName: 'Ana Silva',
      knownCustomer: 'true',
      openConversationId: customer?.lastConversationId,
      lastChannel: 'sms',
      lastContactSummary: 'My refund for order 48213 has not arrived. Can you check?',
      preferredAgentId: '',
      openWorkItemId: (await stack.conversations.get(customer?.lastConversationId ?? ''))?.openWorkItemId,
      holdingAgentId: '',
      holdingConnectAgentId: '',
      toHoldingAgent: 'false',
      // Nothing routes here, so the wait board has no figure for the item.
      position: '',
      estimatedWaitSeconds: '',
      estimatedWaitMinutes: '',
      priority: '2',
      queueHint: 'billing',
      open: 'true',
      nextOpening: '',
      nextOpeningSpoken: '',
      lookupStatus: 'ok',
    });
    expect(Object.values(answer).every((value) => typeof value === 'string')).toBe(true);
  });

  it('never names a customer on a caller id the flow did not verify: the caller gets a record of their own', async () => {
    await ingest(
      stack,
      chatMessage({ channel: 'sms', identities: [`phone:${CALLER}`], profile: { name: 'Ana Silva' } }),
    );
    const ana = await stack.customers.findByIdentity(`phone:${CALLER}`);

    const answer = await lookup(flowEvent({ callerVerified: false }), context);

    expect(answer).toMatchObject({ knownCustomer: 'false', customerName: '', lastContactSummary: '' });
    expect(answer.customerId).not.toBe(ana?.customerId);
    const caller = await stack.customers.get(answer.customerId);
    expect(caller?.claims).toMatchObject([{ identity: `phone:${CALLER}`, evidence: 'connect:caller-id' }]);
    expect((await stack.customers.findByIdentity(`phone:${CALLER}`))?.customerId).toBe(ana?.customerId);
  });

  it('keeps the normal priority when the last contact on another channel is older than a day', async () => {
    await ingest(
      stack,
      chatMessage({ channel: 'sms', identities: [`phone:${CALLER}`], at: minutesAgo(26 * 60) }),
    );
    const answer = await lookup(flowEvent(), context);
    expect(answer).toMatchObject({ knownCustomer: 'true', priority: '5', lookupStatus: 'ok' });
  });

  it('makes an unknown caller a new customer and records the call on their timeline', async () => {
    const answer = await lookup(flowEvent({ from: '(415) 555-0199' }), context);

    const customer = await stack.customers.findByIdentity('phone:+14155550199');
    expect(answer).toEqual({
      customerId: customer?.customerId,
      customerName: '',
      knownCustomer: 'false',
      openConversationId: '',
      lastChannel: '',
      lastContactSummary: '',
      preferredAgentId: '',
      openWorkItemId: '',
      holdingAgentId: '',
      holdingConnectAgentId: '',
      toHoldingAgent: 'false',
      position: '',
      estimatedWaitSeconds: '',
      estimatedWaitMinutes: '',
      priority: '5',
      queueHint: 'phone-support',
      open: 'true',
      nextOpening: '',
      nextOpeningSpoken: '',
      lookupStatus: 'ok',
    });
    expect(await queueDepth(stack)).toBe(1);
    await drainIngestQueue(stack);
    const call = await stack.timeline.get(callInteractionId(CONTACT_ID));
    expect(call).toMatchObject({
      customerId: customer?.customerId,
      channel: 'voice',
      direction: 'inbound',
      call: { contactId: CONTACT_ID, state: 'in-flow', customerNumber: '+14155550199' },
    });
    expect(await stack.conversations.get(call?.conversationId ?? '')).not.toHaveProperty('openWorkItemId');
  });

  it('answers the same on a retry of the same lookup, and records the call once', async () => {
    const first = await lookup(flowEvent({ from: '+14155550123' }), context);
    const again = await lookup(flowEvent({ from: '+14155550123' }), context);
    expect(again).toEqual(first);
    await drainIngestQueue(stack);
    const customer = await stack.customers.findByIdentity('phone:+14155550123');
    const page = await stack.timeline.query([customer?.customerId ?? ''], { limit: 10 });
    expect(page.items).toHaveLength(1);
  });

  it('finds the surviving customer when the caller was merged, with the history of both', async () => {
    await ingest(
      stack,
      chatMessage({ identities: ['email:ana@example.com'], text: 'hello by chat', at: minutesAgo(30) }),
    );
    await ingest(
      stack,
      chatMessage({ channel: 'sms', identities: [`phone:${CALLER}`], text: 'by sms', at: minutesAgo(20) }),
    );
    // A message that carries both proves they are one person.
    await ingest(
      stack,
      chatMessage({
        channel: 'email',
        identities: ['email:ana@example.com', `phone:${CALLER}`],
        text: 'my number is +1 415 555 0100',
        at: minutesAgo(10),
      }),
    );
    const survivor = await stack.customers.findByIdentity('email:ana@example.com');
    expect(survivor?.mergedFrom).toHaveLength(1);

    const answer = await lookup(flowEvent(), context);
    expect(answer).toMatchObject({
      customerId: survivor?.customerId,
      knownCustomer: 'true',
      lastChannel: 'email',
      lastContactSummary: 'my number is +1 415 555 0100',
      priority: '2',
      lookupStatus: 'ok',
    });
  });

  it('answers anonymous defaults when the number is withheld', async () => {
    const answer = await lookup(flowEvent({ from: null }), context);
    expect(answer).toMatchObject({ customerId: '', knownCustomer: 'false', lookupStatus: 'anonymous' });
    expect(await queueDepth(stack)).toBe(0);
  });

  describe('outside business hours', () => {
    const saturdayNoon = new Date('2026-12-05T12:00:00Z');
    const lookupAt = (now: Date) => makeHandler({ ...stack, clock: { now: () => now } }, CONNECT_CONFIG);
    beforeEach(async () => {
      await new QueueHoursRepo(stack.table).put(
        'phone-support',
        BusinessHoursSchema.parse({
          timeZone: 'Europe/Lisbon',
          weekly: (['mon', 'tue', 'wed', 'thu', 'fri'] as const).map((day) => ({
            day,
            open: '09:00',
            close: '18:00',
          })),
        }),
        saturdayNoon.toISOString(),
      );
    });

    it('says the dialled queue is closed and when it opens, for the closed prompt', async () => {
      const answer = await lookupAt(saturdayNoon)(flowEvent(), context);
      expect(answer).toMatchObject({
        queueHint: 'phone-support',
        open: 'false',
        nextOpening: '2026-12-07T09:00:00.000Z',
        nextOpeningSpoken: 'Monday at 09:00',
        lookupStatus: 'ok',
      });
      await drainIngestQueue(stack);
    });

    it('tells a caller with a withheld number the same about the number they dialled', async () => {
      const answer = await lookupAt(saturdayNoon)(flowEvent({ from: null }), context);
      expect(answer).toMatchObject({
        queueHint: 'phone-support',
        open: 'false',
        nextOpeningSpoken: 'Monday at 09:00',
        lookupStatus: 'anonymous',
      });
    });

    it('says open inside the hours', async () => {
      const answer = await lookupAt(new Date('2026-12-07T10:00:00Z'))(flowEvent(), context);
      expect(answer).toMatchObject({ open: 'true', nextOpening: '', nextOpeningSpoken: '' });
      await drainIngestQueue(stack);
    });
  });

  it('answers safe defaults instead of failing when the table is unreachable', async () => {
    const broken = await createTestStack({
      tableName: 'onethread-no-such-table',
      routingRules: CONNECT_ROUTING,
    });
    const answer = await makeHandler(broken, CONNECT_CONFIG)(flowEvent(), context);
    expect(answer).toEqual({
      customerId: '',
      customerName: '',
      knownCustomer: 'false',
      openConversationId: '',
      lastChannel: '',
      lastContactSummary: '',
      preferredAgentId: '',
      openWorkItemId: '',
      holdingAgentId: '',
      holdingConnectAgentId: '',
      toHoldingAgent: 'false',
      position: '',
      estimatedWaitSeconds: '',
      estimatedWaitMinutes: '',
      priority: '5',
      queueHint: 'general',
      open: 'true',
      nextOpening: '',
      nextOpeningSpoken: '',
      lookupStatus: 'error',
    });
  });

  it('answers safe defaults for an event that is not a contact flow event', async () => {
    const answer = await lookup({ Name: 'SomethingElse' }, context);
    expect(answer.lookupStatus).toBe('error');
  });

  it('answers within its budget even when storage is slow', async () => {
    const slow: CustomersRepo = Object.create(stack.customers);
    slow.resolve = async (...args) => {
      await new Promise((done) => setTimeout(done, 2_000));
      return stack.customers.resolve(...args);
    };
    const impatient = makeHandler({ ...stack, customers: slow }, { ...CONNECT_CONFIG, lookupBudgetMs: 200 });
    const started = Date.now();
    const answer = await impatient(flowEvent(), context);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(answer.lookupStatus).toBe('error');
  });
});
