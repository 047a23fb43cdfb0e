import { appDeps } from '#app/create-deps.ts';
import { loadConnectConfig } from '#channels/connect/config.ts';
import { makeHandler } from '#handlers/connect-events.ts';
import { connectTasks } from '#routing/connect-tasks.ts';
import { loadConfig } from '#shared/config.ts';
import { requireEnv } from '#shared/env.ts';
import { FUNCTIONS } from '../routes.ts';

const env = requireEnv(process.env, FUNCTIONS.connectEvents.requires);
const deps = appDeps(loadConfig(env));
export const handler = makeHandler(deps, loadConnectConfig(env), connectTasks(deps.sqs, env, deps.table));
