import { appDeps } from '#app/create-deps.ts';
import { loadConnectConfig } from '#channels/connect/config.ts';
import { webCallStarterFrom } from '#channels/connect/web-call-client.ts';
import { makeHandler } from '#handlers/web-calls.ts';
import { loadConfig } from '#shared/config.ts';
import { requireEnv } from '#shared/env.ts';
import { WebCallsRepo } from '#store/web-calls-repo.ts';
import { FUNCTIONS } from '../routes.ts';

const env = requireEnv(process.env, FUNCTIONS.webCalls.requires);
const base = appDeps(loadConfig(env));
export const handler = makeHandler({
  ...base,
  webCalls: new WebCallsRepo(base.table),
  starter: webCallStarterFrom(loadConnectConfig(env)),
});
