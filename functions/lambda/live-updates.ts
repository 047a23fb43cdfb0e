import * as z from 'zod';
import { makeHandler } from '#handlers/live-updates.ts';
import { loadTableName } from '#shared/config.ts';
import { envSchema, parseEnv, requireEnv } from '#shared/env.ts';
import { eventBusFromEnv } from '#shared/event-bus.ts';
import { LiveConnections } from '#shared/live-connections.ts';
import { ChatThreads } from '#store/chat-threads.ts';
import { createTableClient } from '#store/dynamo.ts';
import { LiveSubscriptionsRepo } from '#store/live-subscriptions-repo.ts';
import { RetentionMarkers } from '#store/retention-markers.ts';
import { FUNCTIONS } from '../routes.ts';

const LiveEnvSchema = envSchema({
  /** The WebSocket API's management endpoint: `https://{apiId}.execute-api.{region}.amazonaws.com/{stage}`. */
  ONETHREAD_LIVE_ENDPOINT: z.url(),
});

const env = requireEnv(process.env, FUNCTIONS.liveUpdates.requires);
const table = createTableClient(loadTableName(env));
const { ONETHREAD_LIVE_ENDPOINT } = parseEnv(LiveEnvSchema, env);
export const handler = makeHandler({
  subscriptions: new LiveSubscriptionsRepo(table, () => new Date()),
  connections: new LiveConnections(ONETHREAD_LIVE_ENDPOINT),
  markers: new RetentionMarkers(table),
  events: eventBusFromEnv(env),
  chat: { threads: new ChatThreads(table), now: () => new Date() },
});
