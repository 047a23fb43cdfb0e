import { createDeps } from '#app/create-deps.ts';
import { loadConnectConfig } from '#channels/connect/config.ts';
import { ConnectRequestsQueue } from '#channels/connect/requests.ts';
import { makeHandler } from '#handlers/connect-callback.ts';
import { loadConfig } from '#shared/config.ts';
import { requireEnv } from '#shared/env.ts';
import { FUNCTIONS } from '../routes.ts';

const env = requireEnv(process.env, FUNCTIONS.connectCallback.requires);
const base = createDeps(loadConfig(env));
const connect = loadConnectConfig(env);
export const handler = makeHandler({
  ...base,
  connectRequests: new ConnectRequestsQueue(base.sqs, connect.requestsQueueUrl),
});
