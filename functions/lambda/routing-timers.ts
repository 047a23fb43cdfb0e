import { appDeps } from '#app/create-deps.ts';
import { makeHandler } from '#handlers/routing-timers.ts';
import { loadRoutingSettings } from '#routing/config.ts';
import { withRouting } from '#routing/deps.ts';
import { loadConfig } from '#shared/config.ts';
import { requireEnv } from '#shared/env.ts';
import { FUNCTIONS } from '../routes.ts';

const env = requireEnv(process.env, FUNCTIONS.routingTimers.requires);
export const handler = makeHandler(withRouting(appDeps(loadConfig(env)), loadRoutingSettings(env)));
