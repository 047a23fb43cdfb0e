import { EventBus } from '#shared/event-bus.ts';
import { localClientConfig } from './emulators.ts';
import { type EventBridgeStandIn, startEventBridgeStandIn } from './eventbridge-standin.ts';
import { createWebhookSender, parseLocalWebhooks } from './webhooks.ts';

const EVENT_BUS = 'onethread-events';

export interface LocalDomainEvents {
  bridge: EventBridgeStandIn;
  /** How many webhooks of ONETHREAD_WEBHOOKS the events are posted to. */
  webhooks: number;
  /** A publisher to the bus, as the live-updates function has on AWS. */
  publisher(): EventBus;
  stop(): Promise<void>;
}

/**
 * Domain events (lib/domain-events.ts): they go to a stand-in of EventBridge, which lists them
 * and posts them to the webhooks of ONETHREAD_WEBHOOKS, as rules with API destinations do on AWS.
 */
export async function startDomainEvents(
  env: Record<string, string | undefined> = {},
): Promise<LocalDomainEvents> {
  const webhooks = parseLocalWebhooks(env.ONETHREAD_WEBHOOKS);
  const bridge = await startEventBridgeStandIn({
    webhooks: createWebhookSender({
      webhooks,
      onGiveUp: (url, event, reason) => console.warn(`webhook ${url} did not take ${event.id}: ${reason}`),
    }),
  });
  return {
    bridge,
    webhooks: webhooks.length,
    publisher: () => new EventBus({ busName: EVENT_BUS, client: localClientConfig(bridge.endpoint) }),
    stop: () => bridge.stop(),
  };
}
