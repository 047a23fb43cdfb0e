import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { createDeps } from '#app/create-deps.ts';
import { loadConnectConfig } from '#channels/connect/config.ts';
import { sesCodeMailer } from '#channels/email/code-mailer.ts';
import type { EmailDeps } from '#channels/email/deps.ts';
import { withNotices } from '#channels/notices/deps.ts';
import { INTERVAL_MS } from '#core/intervals.ts';
import type { RoutingEvent } from '#core/routing/index.ts';
import { makeHandler as makeAgentApi } from '#handlers/agent-api.ts';
import { makeHandler as makeApiDocument } from '#handlers/api-document.ts';
import { makeHandler as makeAttachmentsApi } from '#handlers/attachments-api.ts';
import { makeHandler as makeAuditApi } from '#handlers/audit-api.ts';
import { makeHandler as makeCannedResponses } from '#handlers/canned-responses.ts';
import { makeHandler as makeChatApi } from '#handlers/chat-api.ts';
import { makeHandler as makeEventsApi } from '#handlers/events-api.ts';
import { makeHandler as makeHealth } from '#handlers/health.ts';
import { makeHandler as makeIngest } from '#handlers/ingest.ts';
import { makeHandler as makeIntervalExport } from '#handlers/interval-export.ts';
import { makeHandler as makeKnowledgeApi } from '#handlers/knowledge-api.ts';
import { makeHandler as makeLiveSocket } from '#handlers/live-socket.ts';
import { makeHandler as makeLiveUpdates } from '#handlers/live-updates.ts';
import { makeHandler as makeMetaWebhook } from '#handlers/meta-webhook.ts';
import { makeHandler as makeReplies } from '#handlers/replies.ts';
import { makeHandler as makeReportsApi } from '#handlers/reports-api.ts';
import { makeHandler as makeRouter } from '#handlers/router.ts';
import { makeHandler as makeRoutingApi } from '#handlers/routing-api.ts';
import { makeHandler as makeRoutingEffects } from '#handlers/routing-effects.ts';
import { makeHandler as makeRoutingTimers } from '#handlers/routing-timers.ts';
import { makeHandler as makeSurveysApi } from '#handlers/surveys-api.ts';
import { makeHandler as makeTwilioWebhook } from '#handlers/twilio-webhook.ts';
import { makeHandler as makeXWebhook } from '#handlers/x-webhook.ts';
import { OriginListSchema } from '#http/origin.ts';
import { queueDepth, redrive } from '#queue/redrive.ts';
import { loadRoutingSettings } from '#routing/config.ts';
import { type RoutingDeps, withRouting } from '#routing/deps.ts';
import { SWEEP_INTERVAL_SECONDS, SWEEP_MESSAGE } from '#routing/routing-queue.ts';
import { loadConfig } from '#shared/config.ts';
import { envSchema, parseEnv } from '#shared/env.ts';
import type { FunctionEnv } from '#shared/env-names.ts';
import { EventBus } from '#shared/event-bus.ts';
import { loadKnowledgeConfig } from '#shared/knowledge-config.ts';
import { LiveConnections } from '#shared/live-connections.ts';
import { loadSurveyConfig } from '#shared/survey-config.ts';
import { LocalAttachmentStorage } from '#store/attachment-storage.ts';
import { FileBlobStore } from '#store/blobs.ts';
import { ChatThreads } from '#store/chat-threads.ts';
import { CapacityMeter } from '#store/dynamo.ts';
import { IntervalExport } from '#store/interval-export.ts';
import { IntervalsRepo } from '#store/intervals-repo.ts';
import { LiveSubscriptionsRepo } from '#store/live-subscriptions-repo.ts';
import { RetentionMarkers } from '#store/retention-markers.ts';
import { lambdaContext } from './api-gateway-event.ts';
import { connectRoutes, localWebCalls, provisionLocalConnect, startConnectRequests } from './connect.ts';
import { CONSOLE_DIST } from './console-build.ts';
import { localConsoleConfig } from './console-config.ts';
import { DEMO_AGENTS, DEMO_QUEUES } from './demo-data.ts';
import { startLocalEmail } from './email.ts';
import {
  type DynamoLocal,
  type Emulator,
  localClientConfig,
  localSqsConfig,
  startDynamoLocal,
  startSqsEmulator,
} from './emulators.ts';
import { startEventBridgeStandIn } from './eventbridge-standin.ts';
import { localExportJobs } from './export-jobs.ts';
import { faultRoutes } from './faults.ts';
import { createGateway } from './gateway.ts';
import { createLocalLive, LIVE_MANAGEMENT_PATH, LIVE_PATH, localManagementConfig } from './live.ts';
import { ensureAuditTable, ensureQueueWithDlq, ensureTable } from './provision.ts';
import { startSchedulerEmulator } from './scheduler-emulator.ts';
import { type Poller, startPoller } from './sqs-poller.ts';
import { startStreamReader } from './stream-reader.ts';
import { startTranslateStandIn } from './translate-standin.ts';
import { UPLOADS_PATH } from './uploads.ts';
import { createWebhookSender, parseLocalWebhooks } from './webhooks.ts';
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
  deps: RoutingDeps;
  endpoints: { dynamodb: string; sqs: string };
  queues: { ingest: string; ingestDeadLetter: string };
  /** The SMTP listener (undefined when its port was taken) and the local SES endpoint. */
  email: { smtpPort?: number | undefined; sesEndpoint: string; deps: EmailDeps };
  /** The local event bus (its PutEvents endpoint) and how many webhooks it posts to. */
  events: { endpoint: string; webhooks: number };
  stop(): Promise<void>;
}

/** Consoles served from elsewhere than this gateway (a dev server) that may open the live socket. */
const LocalLiveEnvSchema = envSchema({ ONETHREAD_CONSOLE_ORIGINS: OriginListSchema });

const TABLE_NAME = 'onethread';
const AUDIT_TABLE_NAME = 'onethread-audit';
const EVENT_BUS = 'onethread-events';
const INGEST_QUEUE = 'onethread-ingest';
const ROUTING_QUEUE = 'onethread-routing';
const ROUTING_TIMER_QUEUE = 'onethread-routing-timers';
/** Email codes come from here locally unless ONETHREAD_EMAIL_FROM_ADDRESS names another address. */
const LOCAL_CODE_SENDER = 'support@onethread.localhost';
const WEB_ROOT = fileURLToPath(new URL('../../web/', import.meta.url));

/**
 * The whole platform on localhost: DynamoDB Local, an SQS emulator, the HTTP gateway and the
 * queue pollers, all driving the same handlers Lambda runs.
 */
export async function startLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  const progress = options.onProgress ?? (() => undefined);
  const stack: Array<() => Promise<void>> = [];
  try {
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
    const dynamoConfig = localClientConfig(dynamo.endpoint);
    const meter = options.meter ?? new CapacityMeter();
    const sqsConfig = localSqsConfig(sqsEmulator.endpoint);
    const admin = { ddb: new DynamoDBClient(dynamoConfig), sqs: new SQSClient(sqsConfig) };
    await ensureTable(admin.ddb, TABLE_NAME);
    await ensureAuditTable(admin.ddb, AUDIT_TABLE_NAME);
    const ingest = await ensureQueueWithDlq(admin.sqs, INGEST_QUEUE, {
      visibilityTimeoutSeconds: 30,
    });
    const routingQueue = await ensureQueueWithDlq(admin.sqs, ROUTING_QUEUE, {
      visibilityTimeoutSeconds: 30,
      fifo: true,
    });
    const timerQueue = await ensureQueueWithDlq(admin.sqs, ROUTING_TIMER_QUEUE, {
      visibilityTimeoutSeconds: 30,
    });
    admin.ddb.destroy();
    // Timers beyond SQS's 15-minute delay go to a Scheduler stand-in, as they go to EventBridge
    // Scheduler on AWS.
    const scheduler = await startSchedulerEmulator(admin.sqs);
    stack.push(() => scheduler.stop().finally(() => admin.sqs.destroy()));

    // Work handed to Amazon Connect goes to a local stand-in of its API, paced as on AWS.
    const localConnect = await provisionLocalConnect(admin.sqs, options.port);
    stack.push(() => localConnect.api.stop());

    // Translation goes to a stand-in of Amazon Translate's API that translates with Apertium.
    const translate = await startTranslateStandIn();
    stack.push(() => translate.stop());

    // Domain events go to a stand-in of EventBridge, which lists them and posts them to the
    // webhooks of ONETHREAD_WEBHOOKS, as rules with API destinations do on AWS.
    const webhooks = parseLocalWebhooks(options.env?.ONETHREAD_WEBHOOKS);
    const bridge = await startEventBridgeStandIn({
      webhooks: createWebhookSender({
        webhooks,
        onGiveUp: (url, event, reason) => console.warn(`webhook ${url} did not take ${event.id}: ${reason}`),
      }),
    });
    stack.push(() => bridge.stop());

    const defaults: FunctionEnv = { ONETHREAD_TRANSLATION: 'on', TRANSLATE_ENDPOINT: translate.endpoint };
    const wired: FunctionEnv = {
      TABLE_NAME,
      AUDIT_TABLE_NAME,
      INGEST_QUEUE_URL: ingest.queueUrl,
      ROUTING_QUEUE_URL: routingQueue.queueUrl,
      ROUTING_TIMER_QUEUE_URL: timerQueue.queueUrl,
      ROUTING_DLQ_URL: routingQueue.deadLetterQueueUrl,
      ROUTING_SCHEDULE_GROUP: 'onethread-routing-timers',
      ROUTING_SCHEDULER_ROLE_ARN: 'arn:aws:iam::000000000000:role/onethread-local-scheduler',
      ROUTING_TIMER_QUEUE_ARN: await arnOf(admin.sqs, timerQueue.queueUrl),
      SCHEDULER_ENDPOINT: scheduler.endpoint,
    };
    const env = { ...defaults, ...localConnect.env, ...options.env, ...wired };
    const config = loadConfig(env);
    const deps = withRouting(
      createDeps(config, { dynamo: dynamoConfig, sqs: sqsConfig, meter }),
      loadRoutingSettings(env),
      { scheduler: localClientConfig(scheduler.endpoint) },
    );
    const sqs = deps.sqs;
    progress('starting the SMTP listener and the local SES endpoint');
    const email = await startLocalEmail({
      deps,
      env: options.env,
      dataDir: options.dataDir,
      onWarning: (message) => console.warn(message),
    });
    // Attachments sit next to the email files (erasure removes both), uploaded to this gateway.
    let gatewayUrl = '';
    const attachments = new LocalAttachmentStorage(email.deps.email.blobs as FileBlobStore, {
      uploadUrl: () => `${gatewayUrl}${UPLOADS_PATH}`,
      secret: randomBytes(32).toString('base64url'),
    });
    // The routing log's outbox, as the effects function follows it on AWS. The reader starts
    // from now, so the follower first carries out what the log holds beyond its applied mark.
    const routingEffects = await startStreamReader({
      dynamo: dynamoConfig,
      tableName: TABLE_NAME,
      handler: makeRoutingEffects(deps),
      functionName: 'routingEffects',
      idleMs: 5,
      maxIdleMs: 80,
      onError: (error) => console.error('routing effects:', (error as Error).message),
    });
    stack.push(() => routingEffects.stop());
    for (const partition of deps.partitions.all()) await deps.routingFor(partition).routingFollower.recover();
    progress('seeding demo agents and queues');
    await seedDemoData(deps);

    const queueArn = await arnOf(sqs, ingest.queueUrl);
    // Survey links are signed with a key of this run's own unless one is given, and lead to this
    // gateway unless a public URL is given (known once it listens).
    const survey = loadSurveyConfig({
      ONETHREAD_SURVEY_SECRET: randomBytes(32).toString('base64url'),
      ...env,
    });
    const notices = withNotices({ ...deps, email: email.deps.email }, survey);
    const poller: Poller = startPoller({
      sqs,
      queueUrl: ingest.queueUrl,
      queueArn,
      handler: makeIngest({ ...deps, notices, blobs: email.deps.email.blobs, attachments }),
      functionName: 'ingest',
      onError: (error) => console.error('ingest poller:', (error as Error).message),
    });
    // One poller on the FIFO queue, as Lambda runs one batch per message group at a time.
    const routers: Poller[] = [
      startPoller({
        sqs,
        queueUrl: routingQueue.queueUrl,
        queueArn: await arnOf(sqs, routingQueue.queueUrl),
        handler: makeRouter(deps),
        functionName: 'router',
        concurrency: 1,
        onError: (error) => console.error('router:', (error as Error).message),
      }),
      startPoller({
        sqs,
        queueUrl: timerQueue.queueUrl,
        queueArn: await arnOf(sqs, timerQueue.queueUrl),
        handler: makeRoutingTimers(deps),
        functionName: 'routingTimers',
        concurrency: 2,
        onError: (error) => console.error('routing timers:', (error as Error).message),
      }),
    ];
    routers.push(startConnectRequests(deps, loadConnectConfig(env), localConnect));
    stack.push(() => Promise.all(routers.map((router) => router.stop())).then(() => undefined));
    // On AWS a recurring schedule sends the routing sweep; here an interval does.
    const sweeper = setInterval(() => {
      sqs
        .send(
          new SendMessageCommand({
            QueueUrl: timerQueue.queueUrl,
            MessageBody: JSON.stringify(SWEEP_MESSAGE),
          }),
        )
        .catch((error: unknown) => console.error('routing sweep:', (error as Error).message));
    }, SWEEP_INTERVAL_SECONDS * 1000);
    stack.push(async () => clearInterval(sweeper));

    // The knowledge base's index file and large bodies, where S3 keeps them on AWS.
    // Article links lead to the help page served here, unless another is configured.
    const knowledge = loadKnowledgeConfig({
      ...env,
      ONETHREAD_KB_ARTICLE_URL: options.env?.ONETHREAD_KB_ARTICLE_URL ?? localHelpUrl(options),
    });
    const knowledgeDir = await localFolder(options.dataDir, 'kb');
    stack.push(() => knowledgeDir.remove());

    // The interval export, every 15 minutes as on AWS, to files laid out as the reports bucket.
    const reportsDir = await localFolder(options.dataDir, 'reports');
    stack.push(() => reportsDir.remove());
    const exportIntervals = makeIntervalExport({
      ...deps,
      export: new IntervalExport(new IntervalsRepo(deps.table), new FileBlobStore(reportsDir.path)),
    });
    const exporter = setInterval(() => {
      Promise.resolve(exportIntervals({}, lambdaContext('intervalExport'))).catch((error: unknown) =>
        console.error('interval export:', (error as Error).message),
      );
    }, INTERVAL_MS);
    stack.push(async () => clearInterval(exporter));

    const devToken = options.devToken || randomBytes(18).toString('base64url');
    const subscriptions = new LiveSubscriptionsRepo(deps.table, deps.clock.now);
    const live = createLocalLive({
      devToken,
      handler: makeLiveSocket({ subscriptions }),
      chatSessions: deps.chatSessions,
      consoleOrigins: parseEnv(LocalLiveEnvSchema, options.env ?? {}).ONETHREAD_CONSOLE_ORIGINS,
    });
    const server = createGateway({
      functions: {
        // Email codes reach the local SES endpoint, readable at `{sesEndpoint}/store`.
        chatApi: makeChatApi({
          ...deps,
          attachments,
          codeMailer: sesCodeMailer(
            {
              ...email.deps.email.config,
              fromAddress: email.deps.email.config.fromAddress ?? LOCAL_CODE_SENDER,
            },
            email.deps.email.ses,
          ),
          liveUrl: (event) => `ws://${event.headers.host}${LIVE_PATH}`,
        }),
        webCalls: localWebCalls(deps, loadConnectConfig(env), localConnect),
        agentApi: makeAgentApi({
          ...deps,
          blobs: email.deps.email.blobs,
          exports: localExportJobs({ ...deps, blobs: email.deps.email.blobs }),
        }),
        auditApi: makeAuditApi(deps),
        eventsApi: makeEventsApi(deps),
        health: makeHealth(deps),
        apiDocument: makeApiDocument(),
        knowledgeApi: makeKnowledgeApi({ ...deps, knowledge, kbBlobs: new FileBlobStore(knowledgeDir.path) }),
        routingApi: makeRoutingApi(deps),
        metaWebhook: makeMetaWebhook(deps),
        xWebhook: makeXWebhook(deps),
        twilioWebhook: makeTwilioWebhook(deps),
        replies: makeReplies({ ...email.deps, attachments }),
        attachmentsApi: makeAttachmentsApi({ ...deps, attachments }),
        surveysApi: makeSurveysApi({ ...deps, email: email.deps.email, survey }),
        cannedResponses: makeCannedResponses(deps),
        reportsApi: makeReportsApi(deps),
      },
      devToken,
      streams: bridge.streams,
      uploads: attachments,
      staticSites: { '/chat': `${WEB_ROOT}chat`, '/help': `${WEB_ROOT}help`, '/console': CONSOLE_DIST },
      localRoutes: {
        'GET /console/config.json': async (request) => ({
          status: 200,
          body: localConsoleConfig({
            liveUrl: `ws://${request.headers.host}${LIVE_PATH}`,
            connectInstanceUrl: options.env?.ONETHREAD_CONNECT_INSTANCE_URL,
          }),
        }),
        'GET /local/metrics': async () => ({
          status: 200,
          body: {
            dynamodb: {
              writeUnits: meter.writeUnits,
              readUnits: meter.readUnits,
              roundTrips: meter.roundTrips,
              roundTripsByCommand: meter.roundTripsByCommand,
              endpoint: dynamo.endpoint,
            },
            tableName: TABLE_NAME,
          },
        }),
        'POST /local/metrics/reset': async () => {
          meter.reset();
          return { status: 200, body: { reset: true } };
        },
        'GET /local/queues': async () => ({
          status: 200,
          body: {
            ingest: { depth: await queueDepth(sqs, ingest.queueUrl) },
            ingestDeadLetter: { depth: await queueDepth(sqs, ingest.deadLetterQueueUrl) },
            routing: { depth: await queueDepth(sqs, routingQueue.queueUrl) },
            routingDeadLetter: { depth: await queueDepth(sqs, routingQueue.deadLetterQueueUrl) },
            routingTimersDeadLetter: { depth: await queueDepth(sqs, timerQueue.deadLetterQueueUrl) },
          },
        }),
        'POST /local/queues/ingest/redrive': async () => ({
          status: 200,
          body: await redrive(sqs, ingest.deadLetterQueueUrl, ingest.queueUrl),
        }),
        ...connectRoutes(deps, loadConnectConfig(env), localConnect),
        ...bridge.routes,
        ...faultRoutes({
          dynamo,
          persistent: Boolean(options.dataDir),
          consumers: () => [poller, ...routers],
        }),
        ...live.routes,
      },
    });
    live.attach(server);
    const url = await listen(server, options.port, options.host ?? '127.0.0.1');
    gatewayUrl = url;
    survey.publicUrl ??= url;
    stack.push(() => drainAndStop(sqs, ingest.queueUrl, poller));
    // Mail stops arriving before the ingest queue drains.
    stack.push(() => email.stop());
    stack.push(() => closeServer(server));
    // Table changes reach the console through the same management API as on AWS.
    const connections = new LiveConnections(`${url}${LIVE_MANAGEMENT_PATH}`, localManagementConfig(devToken));
    const events = new EventBus({ busName: EVENT_BUS, client: localClientConfig(bridge.endpoint) });
    const streamReader = await startStreamReader({
      dynamo: dynamoConfig,
      tableName: TABLE_NAME,
      handler: makeLiveUpdates({
        subscriptions,
        connections,
        markers: new RetentionMarkers(deps.table),
        events,
        chat: { threads: new ChatThreads(deps.table), now: deps.clock.now },
      }),
      functionName: 'liveUpdates',
      onError: (error) => console.error('live updates:', (error as Error).message),
    });
    stack.push(() =>
      streamReader.stop().finally(() => {
        connections.destroy();
        events.destroy();
      }),
    );
    stack.push(() => live.stop());
    progress('ready');
    return {
      url,
      devToken,
      deps,
      endpoints: { dynamodb: dynamo.endpoint, sqs: sqsEmulator.endpoint },
      queues: { ingest: ingest.queueUrl, ingestDeadLetter: ingest.deadLetterQueueUrl },
      email: { smtpPort: email.smtpPort, sesEndpoint: email.sesEndpoint, deps: email.deps },
      events: { endpoint: bridge.endpoint, webhooks: webhooks.length },
      stop: () => unwind(stack),
    };
  } catch (error) {
    await unwind(stack);
    throw error;
  }
}

/** A folder under the data folder (kept), or a temporary one (removed on stop). */
async function localFolder(dataDir: string | undefined, name: string) {
  if (dataDir) return { path: resolve(dataDir, name), remove: async () => undefined };
  const path = await mkdtemp(join(tmpdir(), `onethread-${name}-`));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
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

/** The help page's article link on this machine; unknown until listening when the port is picked. */
function localHelpUrl(options: LocalRuntimeOptions): string | undefined {
  if (!options.port) return undefined;
  const host = !options.host || options.host === '0.0.0.0' ? '127.0.0.1' : options.host;
  return `http://${host}:${options.port}/help/?article={articleId}`;
}

function closeServer(server: Server): Promise<void> {
  return new Promise((done) => {
    server.close(() => done());
    server.closeAllConnections();
  });
}

/** Demo agents and queues, on a first start only: a kept data folder keeps its own. */
async function seedDemoData(deps: RoutingDeps): Promise<void> {
  const created = await Promise.all(DEMO_AGENTS.map((agent) => deps.agents.create(agent)));
  const known = await deps.routing.read((state) => state.queues.size);
  if (known > 0 && !created.some(Boolean)) return;
  // Each queue and agent to the partition that routes it.
  const events = new Map<string, RoutingEvent[]>();
  const add = (partition: string, event: RoutingEvent) =>
    events.set(partition, [...(events.get(partition) ?? []), event]);
  for (const queue of DEMO_QUEUES)
    add(deps.partitions.ofQueue(queue.queueId), { type: 'queueUpserted', queue });
  for (const agent of DEMO_AGENTS)
    add(deps.partitions.ofAgent(agent.agentId), { type: 'agentUpserted', agent });
  for (const [partition, batch] of events) await deps.routingFor(partition).routing.dispatch(batch);
}
