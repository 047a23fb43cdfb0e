import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { SIMULATED_INSTANCE_ARN, simulatedCall } from '#channels/connect/simulate.ts';
import type { Call } from '#core/call-model.ts';
import { callInteractionId } from '#core/calls.ts';
import { makeHandler } from '#handlers/connect-events.ts';
import { makeHandler as makeFlow } from '#handlers/connect-flow.ts';
import { makeHandler as makeIngest } from '#handlers/ingest.ts';
import { receiveIngestBodies } from '../support/channels.ts';
import { CALLER, CONNECT_CONFIG, CONNECT_ROUTING, connectFixture, ingest } from '../support/connect.ts';
import { chatMessage, context, sqsEvent } from '../support/events.ts';
import { createTestStack, type TestStack } from '../support/local-aws.ts';

const START = new Date('2026-05-01T10:12:03.117Z');

/** The call as an agent would read it, without what differs between two runs of the same call. */
const comparable = ({
  contactId: _c,
  initialContactId: _i,
  previousContactId: _p,
  events,
  ...call
}: Call) => ({
  ...call,
  // The flow's lookup is stamped with the time it ran, not the simulated time.
  events: events.map((event) => (event.type === 'CONTACT_FLOW' ? event.type : `${event.type}@${event.at}`)),
});

describe('Amazon Connect contact events', () => {
  let stack: TestStack;
  let events: ReturnType<typeof makeHandler>;
  let flow: ReturnType<typeof makeFlow>;
  let consume: ReturnType<typeof makeIngest>;
  beforeEach(async () => {
    stack = await createTestStack({ routingRules: CONNECT_ROUTING });
    events = makeHandler(stack, CONNECT_CONFIG);
    flow = makeFlow(stack, CONNECT_CONFIG);
    consume = makeIngest(stack);
  });

  /** Runs a call's payloads through the edges, then feeds the queued reports in the given order. */
  async function runCall(call: ReturnType<typeof simulatedCall>, order: (bodies: string[]) => string[]) {
    await flow(call.flowEvent, context);
    for (const event of call.contactEvents) expect(await events(event, context)).toEqual({ enqueued: true });
    const bodies = order(await receiveIngestBodies(stack));
    for (const body of bodies) {
      const result = await consume(sqsEvent([body]), context);
      expect(result.batchItemFailures).toEqual([]);
    }
    return stack.timeline.get(callInteractionId(call.contactId));
  }

  it('records a whole call as one interaction that ends with its queue, agent, duration and reason', async () => {
    const call = simulatedCall({
      from: CALLER,
      queue: 'billing',
      agent: 'agent-ana',
      durationSeconds: 120,
      start: START,
    });
    const interaction = await runCall(call, (bodies) => bodies);

    expect(interaction).toMatchObject({
      channel: 'voice',
      direction: 'inbound',
      providerMessageId: call.contactId,
      call: {
        contactId: call.contactId,
        state: 'ended',
        initiationMethod: 'INBOUND',
        queueId: 'billing',
        agentId: 'agent-ana',
        startedAt: START.toISOString(),
        endedAt: '2026-05-01T10:14:48.117Z',
        durationSeconds: 165,
        waitSeconds: 25,
        disconnectReason: 'CUSTOMER_DISCONNECT',
        customerNumber: CALLER,
        instanceArn: SIMULATED_INSTANCE_ARN,
      },
    });
    const reported = interaction?.call?.events.map((event) => event.type) ?? [];
    expect(reported).toContain('CONTACT_FLOW');
    expect(reported.filter((type) => type !== 'CONTACT_FLOW')).toEqual([
      'INITIATED',
      'CONNECTED_TO_SYSTEM',
      'QUEUED',
      'CONNECTED_TO_AGENT',
      'DISCONNECTED',
    ]);
    const customer = await stack.customers.findByIdentity(`phone:${CALLER}`);
    const timeline = await stack.timeline.query([customer?.customerId ?? ''], { limit: 10 });
    expect(timeline.items).toHaveLength(1);
    const conversation = await stack.conversations.get(interaction?.conversationId ?? '');
    expect(conversation?.openWorkItemId).toBeUndefined();
  });

  it('ends in the same state whatever order the reports arrive in, and however often', async () => {
    const reference = await runCall(simulatedCall({ from: CALLER, start: START }), (bodies) => bodies);
    const expected = comparable(reference?.call as Call);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.nat(), { minLength: 6, maxLength: 6 }),
        fc.array(fc.nat({ max: 5 }), { maxLength: 4 }),
        async (keys, repeats) => {
          const call = simulatedCall({ from: CALLER, start: START });
          const interaction = await runCall(call, (bodies) => {
            const shuffled = bodies
              .map((body, index) => ({ body, key: keys[index] ?? 0 }))
              .sort((a, b) => a.key - b.key)
              .map((entry) => entry.body);
            return [...shuffled, ...repeats.map((index) => shuffled[index] ?? '')].filter(Boolean);
          });
          expect(comparable(interaction?.call as Call)).toEqual(expected);
        },
      ),
      { numRuns: 8 },
    );
  }, 120_000);

  it('applies a batch of reports delivered all at once, duplicates included', async () => {
    const call = simulatedCall({ from: CALLER, start: START, durationSeconds: 60 });
    await flow(call.flowEvent, context);
    for (const event of [...call.contactEvents].reverse()) await events(event, context);
    await events(call.contactEvents[3], context);
    const bodies = await receiveIngestBodies(stack);
    const result = await consume(sqsEvent(bodies), context);
    expect(result.batchItemFailures).toEqual([]);
    const interaction = await stack.timeline.get(callInteractionId(call.contactId));
    expect(interaction?.call).toMatchObject({ state: 'ended', durationSeconds: 105 });
    expect(interaction?.call?.events).toHaveLength(6);
  });

  it('joins the call to the conversation the caller has open on another channel', async () => {
    await ingest(
      stack,
      chatMessage({
        channel: 'sms',
        identities: [`phone:${CALLER}`],
        at: new Date(Date.now() - 3_600_000).toISOString(),
      }),
    );
    const customer = await stack.customers.findByIdentity(`phone:${CALLER}`);
    const interaction = await runCall(simulatedCall({ from: CALLER }), (bodies) => bodies);
    expect(interaction?.conversationId).toBe(customer?.lastConversationId);
    expect(interaction?.customerId).toBe(customer?.customerId);
  });

  it('offers the agent of the last answered call for sticky routing on the next call', async () => {
    await runCall(
      simulatedCall({ from: CALLER, queue: 'billing', agent: 'agent-ben', durationSeconds: 240 }),
      (b) => b,
    );
    const answer = await flow(simulatedCall({ from: CALLER }).flowEvent, context);
    expect(answer).toMatchObject({
      knownCustomer: 'true',
      lastChannel: 'voice',
      lastContactSummary: 'Inbound call, queue billing, agent agent-ben, 5 min, ended',
      preferredAgentId: 'agent-ben',
      priority: '5',
    });
  });

  it('records a call from the caller number on the event itself, without a flow lookup', async () => {
    const event = connectFixture('contact-event-connected') as { detail: Record<string, unknown> };
    event.detail.customerEndpoint = { address: '+1 (415) 555-0177', type: 'TELEPHONE_NUMBER' };
    await events(event, context);
    for (const body of await receiveIngestBodies(stack)) await consume(sqsEvent([body]), context);
    const interaction = await stack.timeline.get(callInteractionId(String(event.detail.contactId)));
    expect(interaction?.call).toMatchObject({
      state: 'connected',
      customerNumber: '+14155550177',
      agentId: '9a8b7c6d-1e2f-4a3b-8c4d-5e6f7a8b9c0d',
      queueId: '3f8e2d1c-6b5a-4a97-8e0d-1c2b3a4d5e6f',
    });
  });

  it('puts a transferred contact on the same customer and conversation as the call it came from', async () => {
    const first = simulatedCall({ from: CALLER, start: START });
    const original = await runCall(first, (bodies) => bodies);
    const transferred = simulatedCall({ from: CALLER, start: new Date(START.getTime() + 300_000) });
    const withoutNumber = transferred.contactEvents.map((event) => {
      const copy = structuredClone(event) as { detail: Record<string, unknown> };
      copy.detail.initiationMethod = 'TRANSFER';
      copy.detail.previousContactId = first.contactId;
      copy.detail.initialContactId = first.contactId;
      return copy;
    });
    for (const event of withoutNumber) await events(event, context);
    for (const body of await receiveIngestBodies(stack)) await consume(sqsEvent([body]), context);
    const second = await stack.timeline.get(callInteractionId(transferred.contactId));
    expect(second).toMatchObject({
      customerId: original?.customerId,
      conversationId: original?.conversationId,
      direction: 'inbound',
      call: { state: 'ended', initiationMethod: 'TRANSFER', previousContactId: first.contactId },
    });
  });

  it('parses keys and values whatever their casing', async () => {
    const event = connectFixture('contact-event-connected') as Record<string, unknown> & {
      detail: Record<string, unknown>;
    };
    const { agentInfo, instanceArn, ...detail } = event.detail;
    event.detail = {
      ...detail,
      AgentInfo: agentInfo,
      instanceARN: instanceArn,
      channel: 'Voice',
      eventType: 'connected_to_agent',
    };
    expect(await events(event, context)).toEqual({ enqueued: true });
    const [body] = await receiveIngestBodies(stack);
    expect(JSON.parse(body ?? '{}')).toMatchObject({
      type: 'call',
      event: {
        type: 'CONNECTED_TO_AGENT',
        at: '2026-05-01T10:14:04.330Z',
        agentArn: expect.stringContaining('/agent/'),
      },
    });
  });

  it('ignores unknown event types, other channels, other instances and malformed events', async () => {
    const strict = makeHandler(stack, {
      ...CONNECT_CONFIG,
      instanceArn: 'arn:aws:connect:eu-west-1:111122223333:instance/11111111-2222-4333-8444-555555555555',
    });
    const base = connectFixture('contact-event-connected') as { detail: Record<string, unknown> };
    const variant = (detail: Record<string, unknown>) => ({ ...base, detail: { ...base.detail, ...detail } });
    expect(await events(variant({ eventType: 'CONTACT_DATA_UPDATED' }), context)).toEqual({
      enqueued: false,
      ignored: 'unknown-event-type',
    });
    expect(await events(variant({ channel: 'CHAT' }), context)).toMatchObject({ ignored: 'other-channel' });
    expect(await strict(base, context)).toMatchObject({ ignored: 'other-instance' });
    expect(await events({ source: 'aws.connect', detail: {} }, context)).toMatchObject({
      ignored: 'malformed',
    });
    expect(await receiveIngestBodies(stack)).toEqual([]);
  });
});
