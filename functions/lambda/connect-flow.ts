import { appDeps } from '#app/create-deps.ts';
import { loadConnectConfig } from '#channels/connect/config.ts';
import { makeHandler } from '#handlers/connect-flow.ts';
import { loadRoutingSettings } from '#routing/config.ts';
import { RoutingQueues } from '#routing/routing-queue.ts';
import { loadConfig } from '#shared/config.ts';
import { requireEnv } from '#shared/env.ts';
import { FUNCTIONS } from '../routes.ts';

const env = requireEnv(process.env, FUNCTIONS.connectFlow.requires);
const deps = appDeps(loadConfig(env));
const events = loadRoutingSettings(env).eventsQueueUrl;
export const handler = makeHandler(
  { ...deps, routingQueues: events ? new RoutingQueues(deps.sqs, { events }) : undefined },
  loadConnectConfig(env),
);
