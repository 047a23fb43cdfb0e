import { Random } from '../sim/random.ts';

export type ChannelKind = 'chat' | 'messenger';

/** One customer's conversation: its messages are numbered 0…size-1 in the order they were written. */
export interface PlannedConversation {
  key: string;
  kind: ChannelKind;
  size: number;
  /** The messages in the order they are delivered: with some redeliveries and, on Messenger, swaps. */
  deliveries: number[];
}

export interface TrafficPlan {
  conversations: PlannedConversation[];
  messages: number;
  deliveries: number;
}

export const PLAN_SHAPE = {
  messagesPerConversation: 20,
  /** Three in five conversations are web chats, the rest Messenger (signed webhooks). */
  chatShare: 0.6,
  redelivered: 0.1,
  swapped: 0.1,
} as const;

/**
 * The messages a chaos run sends, the same for the same seed: conversations of twenty messages,
 * a tenth of the messages delivered twice (the copy a few deliveries later), and on Messenger,
 * whose webhooks carry the provider's timestamp, a tenth of neighbours delivered swapped.
 */
export function planTraffic(messages: number, seed = 1): TrafficPlan {
  const random = new Random(seed);
  const conversations: PlannedConversation[] = [];
  for (let first = 0; first < messages; first += PLAN_SHAPE.messagesPerConversation) {
    const index = conversations.length;
    const kind: ChannelKind = index % 5 < PLAN_SHAPE.chatShare * 5 ? 'chat' : 'messenger';
    const size = Math.min(PLAN_SHAPE.messagesPerConversation, messages - first);
    conversations.push({ key: `c${index}`, kind, size, deliveries: deliveryOrder(kind, size, random) });
  }
  return {
    conversations,
    messages,
    deliveries: conversations.reduce((sum, conversation) => sum + conversation.deliveries.length, 0),
  };
}

function deliveryOrder(kind: ChannelKind, size: number, random: Random): number[] {
  const order = Array.from({ length: size }, (_, seq) => seq);
  if (kind === 'messenger') {
    for (let i = 0; i + 1 < size; i++) {
      if (random.next() >= PLAN_SHAPE.swapped) continue;
      [order[i], order[i + 1]] = [order[i + 1] as number, order[i] as number];
      i++;
    }
  }
  for (let seq = 0; seq < size; seq++) {
    if (random.next() >= PLAN_SHAPE.redelivered) continue;
    const at = Math.min(order.indexOf(seq) + 2 + random.int(3), order.length);
    order.splice(at, 0, seq);
  }
  return order;
}
