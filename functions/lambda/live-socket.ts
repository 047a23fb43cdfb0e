import { makeHandler } from '#handlers/live-socket.ts';
import { loadTableName } from '#shared/config.ts';
import { requireEnv } from '#shared/env.ts';
import { createTableClient } from '#store/dynamo.ts';
import { LiveSubscriptionsRepo } from '#store/live-subscriptions-repo.ts';
import { FUNCTIONS } from '../routes.ts';

const env = requireEnv(process.env, FUNCTIONS.liveSocket.requires);
const table = createTableClient(loadTableName(env));
export const handler = makeHandler({ subscriptions: new LiveSubscriptionsRepo(table, () => new Date()) });
