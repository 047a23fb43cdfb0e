import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { makeHandler as makeAgentApi } from '#handlers/agent-api.ts';
import { makeHandler as makeChatApi } from '#handlers/chat-api.ts';
import { makeHandler as makeHealth } from '#handlers/health.ts';
import { makeHandler as makeIngest } from '#handlers/ingest.ts';
import { queueDepth, redrive } from '#queue/redrive.ts';
import { loadConfig } from '#shared/config.ts';
import { type AppDeps, createDeps } from '#shared/deps.ts';
import { AgentsRepo } from '#store/agents-repo.ts';
import type { CapacityMeter } from '#store/dynamo.ts';
import { DEMO_AGENTS } from './demo-agents.ts';
import {
  type Emulator,
  localClientConfig,
  localSqsConfig,
  startDynamoLocal,
  startSqsEmulator,
} from './emulators.ts';
import { createGateway } from './gateway.ts';
import { ensureQueueWithDlq, ensureTable } from './provision.ts';
import { type Poller, startPoller } from './sqs-poller.ts';

export interface LocalRuntimeOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  devToken?: string | undefined;
  /** When set, DynamoDB data survives restarts in this folder. */
  dataDir?: string | undefined;
  /** The rest of the environment (ONETHREAD_* settings) as the functions would see it. */
  env?: Record<string, string | undefined>;
  meter?: CapacityMeter;
  onProgress?: (step: string) => void;
}

export interface LocalRuntime {
  url: string;
  devToken: string;
  deps: AppDeps;
  endpoints: { dynamodb: string; sqs: string };
  queues: { ingest: string; ingestDeadLetter: string };
  stop(): Promise<void>;
}

const TABLE_NAME = 'onethread';
const INGEST_QUEUE = 'onethread-ingest';
const WEB_ROOT = fileURLToPath(new URL('../../web/', import.meta.url));

/**
 * The whole platform on localhost: DynamoDB Local, an SQS emulator, the HTTP gateway and the
 * queue pollers, all driving the same handlers Lambda runs.
 */
export async function startLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  const progress = options.onProgress ?? (() => undefined);
  const stack: Array<() => Promise<void>> = [];
  try {
    progress('starting DynamoDB Local and the SQS emulator');
    const emulators = await Promise.all([startDynamoLocal({ dataDir: options.dataDir }), startSqsEmulator()]);
    stack.push(...emulators.map((emulator: Emulator) => () => emulator.stop()));
    const [dynamo, sqsEmulator] = emulators as [Emulator, Emulator];

    progress('creating the table and queues');
    const dynamoConfig = localClientConfig(dynamo.endpoint);
    const sqsConfig = localSqsConfig(sqsEmulator.endpoint);
    const admin = { ddb: new DynamoDBClient(dynamoConfig), sqs: new SQSClient(sqsConfig) };
    await ensureTable(admin.ddb, TABLE_NAME);
    const ingest = await ensureQueueWithDlq(admin.sqs, INGEST_QUEUE, {
      maxReceiveCount: 5,
      visibilityTimeoutSeconds: 30,
    });
    admin.ddb.destroy();

    const config = loadConfig({ ...options.env, TABLE_NAME, INGEST_QUEUE_URL: ingest.queueUrl });
    const deps = createDeps(config, { dynamo: dynamoConfig, sqs: sqsConfig, meter: options.meter });
    const sqs = deps.sqs;
    progress('seeding demo agents');
    const agents = new AgentsRepo(deps.table);
    await Promise.all(DEMO_AGENTS.map((agent) => agents.create(agent)));

    const queueArn = await arnOf(sqs, ingest.queueUrl);
    const poller: Poller = startPoller({
      sqs,
      queueUrl: ingest.queueUrl,
      queueArn,
      handler: makeIngest(deps),
      functionName: 'ingest',
      onError: (error) => console.error('ingest poller:', (error as Error).message),
    });

    const devToken = options.devToken || randomBytes(18).toString('base64url');
    const server = createGateway({
      functions: { chatApi: makeChatApi(deps), agentApi: makeAgentApi(deps), health: makeHealth(deps) },
      devToken,
      staticSites: { '/chat': `${WEB_ROOT}chat` },
      localRoutes: {
        'GET /local/queues': async () => ({
          status: 200,
          body: {
            ingest: { depth: await queueDepth(sqs, ingest.queueUrl) },
            ingestDeadLetter: { depth: await queueDepth(sqs, ingest.deadLetterQueueUrl) },
          },
        }),
        'POST /local/queues/ingest/redrive': async () => ({
          status: 200,
          body: await redrive(sqs, ingest.deadLetterQueueUrl, ingest.queueUrl),
        }),
      },
    });
    const url = await listen(server, options.port, options.host ?? '127.0.0.1');
    stack.push(() => drainAndStop(sqs, ingest.queueUrl, poller));
    stack.push(() => closeServer(server));
    progress('ready');
    return {
      url,
      devToken,
      deps,
      endpoints: { dynamodb: dynamo.endpoint, sqs: sqsEmulator.endpoint },
      queues: { ingest: ingest.queueUrl, ingestDeadLetter: ingest.deadLetterQueueUrl },
      stop: () => unwind(stack),
    };
  } catch (error) {
    await unwind(stack);
    throw error;
  }
}

/** Stops in reverse order of starting: gateway first, then pollers once the queue is empty. */
async function unwind(stack: Array<() => Promise<void>>): Promise<void> {
  while (stack.length) {
    const stop = stack.pop();
    await stop?.().catch((error: unknown) => console.error('stopping:', (error as Error).message));
  }
}

async function drainAndStop(
  sqs: SQSClient,
  queueUrl: string,
  poller: Poller,
  timeoutMs = 5_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && (await queueDepth(sqs, queueUrl).catch(() => 0)) > 0) {
    await new Promise((done) => setTimeout(done, 100));
  }
  await poller.stop();
}

async function arnOf(sqs: SQSClient, queueUrl: string): Promise<string> {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
  );
  return Attributes?.QueueArn ?? `arn:aws:sqs:us-east-1:000000000000:${INGEST_QUEUE}`;
}

function listen(server: Server, port: number, host: string): Promise<string> {
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      const address = server.address() as AddressInfo;
      done(`http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}`);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((done) => {
    server.close(() => done());
    server.closeAllConnections();
  });
}
