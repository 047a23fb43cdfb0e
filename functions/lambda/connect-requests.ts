import { SQSClient } from '@aws-sdk/client-sqs';
import { connectWork } from '#channels/connect/client.ts';
import { loadConnectConfig } from '#channels/connect/config.ts';
import { makeHandler } from '#handlers/connect-requests.ts';
import { connectTasks } from '#routing/connect-tasks.ts';
import { loadTableName } from '#shared/config.ts';
import { requireEnv } from '#shared/env.ts';
import { createTableClient } from '#store/dynamo.ts';
import { PlacedCallsRepo } from '#store/placed-calls-repo.ts';
import { FUNCTIONS } from '../routes.ts';

const env = requireEnv(process.env, FUNCTIONS.connectRequests.requires);
const config = loadConnectConfig(env);
const sqs = new SQSClient({});
export const handler = makeHandler({
  sqs,
  work: connectWork(config),
  config,
  tasks: connectTasks(sqs, env),
  placedCalls: new PlacedCallsRepo(createTableClient(loadTableName(env))),
});
