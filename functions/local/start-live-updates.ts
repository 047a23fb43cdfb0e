import { makeHandler as makeLiveSocket } from '#handlers/live-socket.ts';
import { makeHandler as makeLiveUpdates } from '#handlers/live-updates.ts';
import { OriginListSchema } from '#http/origin.ts';
import type { RoutingDeps } from '#routing/deps.ts';
import { envSchema, parseEnv } from '#shared/env.ts';
import type { EventBus } from '#shared/event-bus.ts';
import { LiveConnections } from '#shared/live-connections.ts';
import { ChatThreads } from '#store/chat-threads.ts';
import { LiveSubscriptionsRepo } from '#store/live-subscriptions-repo.ts';
import { RetentionMarkers } from '#store/retention-markers.ts';
import type { localClientConfig } from './emulators.ts';
import { createLocalLive, LIVE_MANAGEMENT_PATH, type LocalLive, localManagementConfig } from './live.ts';
import { TABLE_NAME } from './start-data.ts';
import { startStreamReader } from './stream-reader.ts';

/** Consoles served from elsewhere than this gateway (a dev server) that may open the live socket. */
const LocalLiveEnvSchema = envSchema({ ONETHREAD_CONSOLE_ORIGINS: OriginListSchema });

export interface LiveUpdatesInputs {
  /** The gateway's URL: the management API the updates post through is served there. */
  url: string;
  dynamo: ReturnType<typeof localClientConfig>;
  /** The domain events' publisher, which the same consumer of the stream feeds. */
  events: EventBus;
}

export interface LocalLiveUpdates {
  /** The socket (its routes and the upgrade of the gateway's server); `stop` closes every connection. */
  socket: LocalLive;
  /** The reader of the table's stream, once the gateway listens; its stop comes before the socket's. */
  startUpdates(inputs: LiveUpdatesInputs): Promise<{ stop(): Promise<void> }>;
}

/**
 * Live updates (lib/live-updates.ts): the WebSocket API driving `liveSocket`, and the consumer of
 * the table's stream (`liveUpdates`) reaching the console through the same management API as on AWS.
 */
export function startLiveUpdates(
  deps: RoutingDeps,
  devToken: string,
  env: Record<string, string | undefined> = {},
): LocalLiveUpdates {
  const subscriptions = new LiveSubscriptionsRepo(deps.table, deps.clock.now);
  const socket = createLocalLive({
    devToken,
    handler: makeLiveSocket({ subscriptions }),
    chatSessions: deps.chatSessions,
    consoleOrigins: parseEnv(LocalLiveEnvSchema, env).ONETHREAD_CONSOLE_ORIGINS,
  });
  return {
    socket,
    startUpdates: async ({ url, dynamo, events }) => {
      const connections = new LiveConnections(
        `${url}${LIVE_MANAGEMENT_PATH}`,
        localManagementConfig(devToken),
      );
      const reader = await startStreamReader({
        dynamo,
        tableName: TABLE_NAME,
        handler: makeLiveUpdates({
          subscriptions,
          connections,
          markers: new RetentionMarkers(deps.table),
          events,
          chat: { threads: new ChatThreads(deps.table), now: deps.clock.now },
        }),
        functionName: 'liveUpdates',
        onError: (error) => console.error('live updates:', (error as Error).message),
      });
      return {
        stop: () =>
          reader.stop().finally(() => {
            connections.destroy();
            events.destroy();
          }),
      };
    },
  };
}
