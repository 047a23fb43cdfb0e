import { describe, expect, it } from 'vitest';
import type { FlowAnswer } from '#channels/connect/flow-lookup.ts';
import { callInteractionId } from '#core/calls.ts';
import type { Agent, WorkItem } from '#core/model.ts';
import type { RoutableItem } from '#core/routing/index.ts';
import { makeHandler as makeFlowLookup } from '#handlers/connect-flow.ts';
import { PartitionMap } from '#routing/partitions.ts';
import { drainIngestQueue } from '../support/channels.ts';
import { CONNECT_CONFIG, flowEvent, ingest } from '../support/connect.ts';
import { chatMessage, context } from '../support/events.ts';
import type { TestStack } from '../support/local-aws.ts';
import { createRoutingTestStack, type RoutingTestStack } from '../support/routing-stack.ts';

/** The routing stack is built on a plain test stack and keeps all of it. */
type Stack = RoutingTestStack & TestStack;

const ANA_PHONE = '+14155550111';
const BEA_PHONE = '+14155550122';
const NEW_CALLER = '+14155550133';

const agent = (agentId: string, capacity: Agent['capacity'], connectAgentId?: string): Agent => ({
  agentId,
  name: agentId,
  skills: {},
  capacity,
  status: 'available',
  load: {},
  ...(connectAgentId ? { connectAgentId } : {}),
});

/** Asks again until the answer holds: the wait board is refreshed at most once a second. */
async function eventually<T>(ask: () => Promise<T>, holds: (value: T) => boolean): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const value = await ask();
    if (holds(value) || attempt > 50) return value;
    await new Promise((done) => setTimeout(done, 100));
  }
}

/** A customer chats in with a verified number; their work item is routed. */
async function chatIn(stack: Stack, phone: string): Promise<WorkItem> {
  await ingest(
    stack,
    chatMessage({ identities: [`phone:${phone}`], at: new Date().toISOString(), text: 'Where is my order?' }),
  );
  const customer = await stack.customers.findByIdentity(`phone:${phone}`);
  const conversation = await stack.conversations.get(customer?.lastConversationId ?? '');
  const item = (await stack.workItems.get(conversation?.openWorkItemId ?? '')) as WorkItem;
  await stack.routing.dispatch([{ type: 'itemEnqueued', item }]);
  return item;
}

/** A floor where Ana's agent holds her chat, Bea's chat waits behind it, and one call waits for Ben. */
async function floor() {
  const stack = (await createRoutingTestStack()) as Stack;
  const queue = {
    queueId: 'general',
    name: 'General',
    steps: [{}],
    serviceLevel: { seconds: 60, target: 0.8 },
  };
  const sam = agent('sam', { chat: 1 }, 'connect-user-sam');
  await stack.agents.put(sam);
  await stack.routing.dispatch([
    { type: 'queueUpserted', queue },
    { type: 'agentUpserted', agent: sam },
    { type: 'agentUpserted', agent: agent('ben', { voice: 1 }) },
  ]);
  const anas = await chatIn(stack, ANA_PHONE);
  const [offer] = await stack.routing.read((state) => [...state.offers.values()].map((o) => o.offer));
  await stack.routing.dispatch([{ type: 'offerAccepted', offerId: offer?.offerId as string }]);
  const beas = await chatIn(stack, BEA_PHONE);
  // Voice work the router knows of: Ben is on one call and another waits for him.
  const call = (workItemId: string): RoutableItem => ({
    workItemId,
    conversationId: `conv-${workItemId}`,
    customerId: `cust-${workItemId}`,
    channel: 'voice',
    queueId: 'general',
    priority: 5,
    enqueuedAt: new Date().toISOString(),
  });
  await stack.routing.dispatch([{ type: 'itemEnqueued', item: call('voice-busy') }]);
  const [voiceOffer] = await stack.routing.read((state) =>
    [...state.offers.values()].map((o) => o.offer).filter((o) => o.agentId === 'ben'),
  );
  await stack.routing.dispatch([
    { type: 'offerAccepted', offerId: voiceOffer?.offerId as string },
    { type: 'itemEnqueued', item: call('voice-waiting') },
  ]);
  const lookup = makeFlowLookup(stack, CONNECT_CONFIG, new PartitionMap(stack.routingPartition));
  const ask = (from: string, contactId: string) =>
    lookup(flowEvent({ from, contactId }), context) as Promise<FlowAnswer>;
  return { stack, anas, beas, ask };
}

describe('a call about an open issue', () => {
  it('is sent to the agent holding the item, and the call is recorded on that item', async () => {
    const { stack, anas, ask } = await floor();
    const contactId = 'c0a1b2c3-0000-4000-8000-00000000a001';

    const answer = await ask(ANA_PHONE, contactId);

    expect(answer).toMatchObject({
      openConversationId: anas.conversationId,
      openWorkItemId: anas.workItemId,
      holdingAgentId: 'sam',
      holdingConnectAgentId: 'connect-user-sam',
      toHoldingAgent: 'true',
      preferredAgentId: 'connect-user-sam',
      position: '0',
      estimatedWaitSeconds: '0',
      queueHint: 'general',
      lookupStatus: 'ok',
    });
    await drainIngestQueue(stack);
    const interactionId = callInteractionId(contactId);
    const call = await stack.timeline.get(interactionId);
    expect(call?.conversationId).toBe(anas.conversationId);
    expect(call?.call?.workItemId).toBe(anas.workItemId);
    expect((await stack.workItems.get(anas.workItemId))?.callInteractionIds).toEqual([interactionId]);

    // Connect retries the lookup: the item still lists the call once.
    await ask(ANA_PHONE, contactId);
    await drainIngestQueue(stack);
    const item = await stack.workItems.get(anas.workItemId);
    expect(item?.callInteractionIds).toEqual([interactionId]);
    // The item stays the one open item of the conversation, with its agent.
    expect(item).toMatchObject({ state: 'assigned', agentId: 'sam' });
  });

  it("tells a caller whose chat waits their place and estimated wait, from the item's line", async () => {
    const { beas, ask } = await floor();

    const answer = await eventually(
      () => ask(BEA_PHONE, 'c0a1b2c3-0000-4000-8000-00000000b001'),
      (a) => a.position === '1',
    );

    // Sam is busy with Ana's chat and nothing finished yet: one chat slot at the default 300 s.
    expect(answer).toMatchObject({
      openWorkItemId: beas.workItemId,
      holdingAgentId: '',
      holdingConnectAgentId: '',
      toHoldingAgent: 'false',
      position: '1',
      estimatedWaitMinutes: '5',
    });
    // The board's figure ticks down from when it was written: a slow machine may read it a second later.
    expect(Number(answer.estimatedWaitSeconds)).toBeGreaterThanOrEqual(295);
    expect(Number(answer.estimatedWaitSeconds)).toBeLessThanOrEqual(300);
  });

  it('tells a new caller what a newcomer to the queue would be told', async () => {
    const { stack, ask } = await floor();

    const answer = await eventually(
      () => ask(NEW_CALLER, 'c0a1b2c3-0000-4000-8000-00000000c001'),
      // The board catches up with the last call enqueued within a second.
      (a) => a.position === '2',
    );

    // One call ahead for Ben's one voice slot, busy: two handle times.
    expect(answer).toMatchObject({
      knownCustomer: 'false',
      openWorkItemId: '',
      position: '2',
      estimatedWaitSeconds: '600',
      estimatedWaitMinutes: '10',
    });
    await drainIngestQueue(stack);
  });
});
