import { summaryOf } from '#channels/connect/flow-lookup.ts';
import type { ConnectRequestInput } from '#channels/connect/requests.ts';
import type { Channel, Customer, Interaction, WorkItem } from '#core/model.ts';
import type { RoutingDecision } from '#core/routing/index.ts';

export type Handoff = Extract<RoutingDecision, { type: 'handoff' }>;

const CHANNEL_NAMES: Record<Channel, string> = {
  chat: 'Chat',
  email: 'Email',
  voice: 'Call',
  sms: 'SMS',
  whatsapp: 'WhatsApp',
  messenger: 'Messenger',
  instagram: 'Instagram',
  x: 'X',
  store: 'Store',
};

export interface HandoffDeps {
  customers: { get(customerId: string): Promise<Customer | undefined> };
  workItems: { get(workItemId: string): Promise<WorkItem | undefined> };
  timeline: { get(interactionId: string): Promise<Interaction | undefined> };
  /** Queues the request; Connect is only ever called from the paced requests queue. */
  requests: { send(request: ConnectRequestInput): Promise<void> };
  /** The agent console's base URL; the task links to the customer's timeline there. */
  consoleUrl?: string | undefined;
}

/** The client token of an item's task: the same item never becomes two tasks, however often asked. */
const taskClientToken = (workItemId: string) => `onethread-task-${workItemId}`;

/**
 * Hands a work item to Amazon Connect: one `startTask` request on the Connect requests queue.
 * The task names the channel and the customer and carries a one-line summary of the contact
 * that opened the item (never the conversation itself: that is what the timeline link is for).
 */
export async function handOffToConnect(handoff: Handoff, deps: HandoffDeps): Promise<void> {
  const [customer, item] = await Promise.all([
    deps.customers.get(handoff.customerId),
    deps.workItems.get(handoff.workItemId),
  ]);
  const opening = item ? await deps.timeline.get(item.createdFromInteractionId) : undefined;
  const who = customer?.name ?? handoff.customerId;
  const name = `${CHANNEL_NAMES[handoff.channel]} from ${who}`.slice(0, 512);
  const summary = opening ? summaryOf(opening) : '';
  const description = [
    `${name}, routed by OneThread (queue ${handoff.queueId}).`,
    summary && `It began with: ${summary}`,
    'The whole conversation is on the customer timeline (reference "Timeline").',
  ]
    .filter(Boolean)
    .join('\n');
  await deps.requests.send({
    operation: 'startTask',
    clientToken: taskClientToken(handoff.workItemId),
    conversationId: handoff.conversationId,
    customerId: handoff.customerId,
    workItemId: handoff.workItemId,
    name,
    description,
    timelineUrl: deps.consoleUrl ? timelineLink(deps.consoleUrl, handoff.customerId) : undefined,
    contactFlowId: handoff.contactFlowId,
    attributes: {
      onethreadWorkItemId: handoff.workItemId,
      onethreadChannel: handoff.channel,
      onethreadQueueId: handoff.queueId,
      // The task flow's "Set working queue" block reads this.
      onethreadConnectQueueId: handoff.connectQueueId,
    },
  });
}

/** The customer's card and timeline in the console: its screen pop, for this customer. */
function timelineLink(consoleUrl: string, customerId: string): string {
  const url = new URL(consoleUrl);
  url.hash = `/screen-pop?customer=${encodeURIComponent(customerId)}`;
  return url.toString();
}
