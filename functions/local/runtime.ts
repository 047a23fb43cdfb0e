import { randomBytes } from 'node:crypto';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createDeps } from '#app/create-deps.ts';
import type { EmailDeps } from '#channels/email/deps.ts';
import type { SendingDeps } from '#deps/app.ts';
import { loadRoutingSettings } from '#routing/config.ts';
import { type RoutingDeps, withRouting } from '#routing/deps.ts';
import { loadConfig } from '#shared/config.ts';
import type { FunctionEnv } from '#shared/env-names.ts';
import { loadSurveyConfig } from '#shared/survey-config.ts';
import type { CapacityMeter } from '#store/dynamo.ts';
import { seedDemoData } from './demo-data.ts';
import {
  type DynamoLocal,
  type Emulator,
  localClientConfig,
  localSqsConfig,
  startDynamoLocal,
  startSqsEmulator,
} from './emulators.ts';
import { startApi } from './start-api.ts';
import { startConnect } from './start-connect.ts';
import { startData } from './start-data.ts';
import { startDomainEvents } from './start-domain-events.ts';
import { startEmail } from './start-email.ts';
import { startIngest } from './start-ingest.ts';
import { startKnowledge } from './start-knowledge.ts';
import { startLiveUpdates } from './start-live-updates.ts';
import { startReporting } from './start-reporting.ts';
import { startRouting } from './start-routing.ts';
import { startTranslateStandIn } from './translate-standin.ts';
import { buildWidget } from './widget-build.ts';

export interface LocalRuntimeOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  devToken?: string | undefined;
  /** When set, DynamoDB data survives restarts in this folder. */
  dataDir?: string | undefined;
  /** The rest of the environment (ONETHREAD_* settings) as the functions would see it. */
  env?: Record<string, string | undefined>;
  /** Counts DynamoDB capacity; one is created when not given, and `/local/metrics` reports it. */
  meter?: CapacityMeter;
  onProgress?: (step: string) => void;
}

export interface LocalRuntime {
  url: string;
  devToken: string;
  deps: RoutingDeps & SendingDeps;
  endpoints: { dynamodb: string; sqs: string };
  queues: { ingest: string; ingestDeadLetter: string };
  /** The SMTP listener (undefined when its port was taken) and the local SES endpoint. */
  email: { smtpPort?: number | undefined; sesEndpoint: string; deps: EmailDeps };
  /** The local event bus (its PutEvents endpoint) and how many webhooks it posts to. */
  events: { endpoint: string; webhooks: number };
  stop(): Promise<void>;
}

/** What is stopped on the way out, last started first. */
type StopStack = Array<() => Promise<void>>;
type Progress = (step: string) => void;
type Platform = Awaited<ReturnType<typeof startPlatform>>;

/**
 * The whole platform on localhost: DynamoDB Local, an SQS emulator, the HTTP gateway and the
 * queue pollers, all driving the same handlers Lambda runs. Each capability has its starter,
 * as each has its construct on AWS; this only orders them and keeps what stops them.
 */
export async function startLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  const progress = options.onProgress ?? (() => undefined);
  const stack: StopStack = [];
  try {
    const platform = await startPlatform(options, progress, stack);
    const { url, devToken, email } = await startFunctions(options, progress, stack, platform);
    progress('ready');
    const { dynamo, sqsEmulator, ingest, events } = platform;
    return {
      url,
      devToken,
      deps: platform.deps,
      endpoints: { dynamodb: dynamo.endpoint, sqs: sqsEmulator.endpoint },
      queues: { ingest: ingest.queue.queueUrl, ingestDeadLetter: ingest.queue.deadLetterQueueUrl },
      email: { smtpPort: email.smtpPort, sesEndpoint: email.sesEndpoint, deps: email.deps },
      events: { endpoint: events.bridge.endpoint, webhooks: events.webhooks },
      stop: () => unwind(stack),
    };
  } catch (error) {
    await unwind(stack);
    throw error;
  }
}

/**
 * The emulators, the tables, the queues and the stand-ins of the AWS services the functions
 * call: everything the functions' environment names, and then the dependencies they are built with.
 */
async function startPlatform(options: LocalRuntimeOptions, progress: Progress, stack: StopStack) {
  progress('starting DynamoDB Local and the SQS emulator, and building the chat widget');
  // A bundle of the widget's source and the chat client, so both are always current.
  const widget = buildWidget();
  const emulators = await Promise.all([
    startDynamoLocal({ dataDir: options.dataDir, onWarning: (message) => console.warn(message) }),
    startSqsEmulator(),
  ]);
  stack.push(...emulators.map((emulator: Emulator) => () => emulator.stop()));
  const [dynamo, sqsEmulator] = emulators as [DynamoLocal, Emulator];
  await widget;

  progress('creating the table and queues');
  const data = await startData(dynamo, options.meter);
  const sqsConfig = localSqsConfig(sqsEmulator.endpoint);
  const admin = new SQSClient(sqsConfig);
  stack.push(async () => admin.destroy());
  const ingest = await startIngest(admin);
  const routing = await startRouting(admin);
  stack.push(() => routing.stop());
  const connect = await startConnect(admin, options.port);
  stack.push(() => connect.stop());
  // Translation goes to a stand-in of Amazon Translate's API that translates with Apertium.
  const translate = await startTranslateStandIn();
  stack.push(() => translate.stop());
  const events = await startDomainEvents(options.env);
  stack.push(() => events.stop());

  const defaults: FunctionEnv = { ONETHREAD_TRANSLATION: 'on', TRANSLATE_ENDPOINT: translate.endpoint };
  // What the stack sets for every function wins over the environment given.
  const wired: FunctionEnv = { ...data.env, ...ingest.env, ...routing.env };
  const env = { ...defaults, ...connect.env, ...options.env, ...wired };
  const deps = withRouting(
    createDeps(loadConfig(env), { dynamo: data.dynamo, sqs: sqsConfig, meter: data.meter }),
    loadRoutingSettings(env),
    { scheduler: localClientConfig(routing.schedulerEndpoint) },
  );
  return { dynamo, sqsEmulator, data, ingest, routing, connect, events, env, deps };
}

/** Each capability's functions, the gateway last but the stream's reader that posts through it. */
async function startFunctions(
  options: LocalRuntimeOptions,
  progress: Progress,
  stack: StopStack,
  platform: Platform,
) {
  const { deps, env, data } = platform;
  progress('starting the SMTP listener and the local SES endpoint');
  let gatewayUrl = '';
  const email = await startEmail({
    deps,
    env: options.env,
    dataDir: options.dataDir,
    gatewayUrl: () => gatewayUrl,
  });
  const stopEmail = once(() => email.stop());
  // On the stack now, for a start that fails before the gateway listens; again below, where
  // shutdown needs it.
  stack.push(stopEmail);
  const routing = await platform.routing.startFunctions(deps, data.dynamo);
  stack.push(() => routing.stop());
  progress('seeding demo agents and queues');
  await seedDemoData(deps);

  // Survey links are signed with a key of this run's own unless one is given, and lead to this
  // gateway unless a public URL is given (known once it listens).
  const survey = loadSurveyConfig({ ONETHREAD_SURVEY_SECRET: randomBytes(32).toString('base64url'), ...env });
  const ingest = await platform.ingest.startConsumer({
    deps,
    email: email.email.deps,
    attachments: email.attachments,
    survey,
  });
  const stopIngest = once(() => ingest.stop());
  stack.push(stopIngest);
  const connect = platform.connect.startFunctions(deps, env);
  stack.push(() => connect.stop());
  const knowledge = await startKnowledge({
    env,
    articleUrl: localHelpUrl(options),
    dataDir: options.dataDir,
  });
  stack.push(() => knowledge.stop());
  const reporting = await startReporting(deps, options.dataDir);
  stack.push(() => reporting.stop());

  const devToken = options.devToken || randomBytes(18).toString('base64url');
  const live = startLiveUpdates(deps, devToken, options.env);
  const api = await startApi({
    deps,
    devToken,
    env: options.env,
    port: options.port,
    host: options.host,
    persistent: Boolean(options.dataDir),
    dynamo: platform.dynamo,
    data,
    queues: {
      ingest: platform.ingest.queue,
      routing: platform.routing.queues.events,
      routingTimers: platform.routing.queues.timers,
    },
    consumers: () => [ingest.poller, ...routing.pollers, connect.requests],
    email,
    knowledge,
    survey,
    connect,
    events: platform.events,
    live,
  });
  gatewayUrl = api.url;
  survey.publicUrl ??= api.url;
  stack.push(stopIngest);
  // Mail stops arriving before the ingest queue drains.
  stack.push(stopEmail);
  stack.push(() => api.stop());
  const updates = await live.startUpdates({
    url: api.url,
    dynamo: data.dynamo,
    events: platform.events.publisher(),
  });
  stack.push(() => updates.stop());
  stack.push(() => live.socket.stop());
  return { url: api.url, devToken, email: email.email };
}

/** A stop that runs once, however often it is on the stack. */
function once(stop: () => Promise<void>): () => Promise<void> {
  let stopping: Promise<void> | undefined;
  return () => {
    stopping ??= stop();
    return stopping;
  };
}

/** Stops in reverse order of starting: gateway first, then pollers once the queue is empty. */
async function unwind(stack: StopStack): Promise<void> {
  while (stack.length) {
    const stop = stack.pop();
    await stop?.().catch((error: unknown) => console.error('stopping:', (error as Error).message));
  }
}

/** The help page's article link on this machine; unknown until listening when the port is picked. */
function localHelpUrl(options: LocalRuntimeOptions): string | undefined {
  if (!options.port) return undefined;
  const host = !options.host || options.host === '0.0.0.0' ? '127.0.0.1' : options.host;
  return `http://${host}:${options.port}/help/?article={articleId}`;
}
