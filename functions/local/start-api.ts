import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { SendingDeps } from '#deps/app.ts';
import { makeHandler as makeAgentApi } from '#handlers/agent-api.ts';
import { makeHandler as makeApiDocument } from '#handlers/api-document.ts';
import { makeHandler as makeAttachmentsApi } from '#handlers/attachments-api.ts';
import { makeHandler as makeAuditApi } from '#handlers/audit-api.ts';
import { makeHandler as makeCannedResponses } from '#handlers/canned-responses.ts';
import { makeHandler as makeChatApi } from '#handlers/chat-api.ts';
import { makeHandler as makeEventsApi } from '#handlers/events-api.ts';
import { makeHandler as makeHealth } from '#handlers/health.ts';
import { makeHandler as makeKnowledgeApi } from '#handlers/knowledge-api.ts';
import { makeHandler as makeMetaWebhook } from '#handlers/meta-webhook.ts';
import { makeHandler as makeReplies } from '#handlers/replies.ts';
import { makeHandler as makeReportsApi } from '#handlers/reports-api.ts';
import { makeHandler as makeRoutingApi } from '#handlers/routing-api.ts';
import { makeHandler as makeSurveysApi } from '#handlers/surveys-api.ts';
import { makeHandler as makeTwilioWebhook } from '#handlers/twilio-webhook.ts';
import { makeHandler as makeXWebhook } from '#handlers/x-webhook.ts';
import { queueDepth, redrive } from '#queue/redrive.ts';
import type { RoutingDeps } from '#routing/deps.ts';
import type { SurveyConfig } from '#shared/survey-config.ts';
import { CONSOLE_DIST } from './console-build.ts';
import { localConsoleConfig } from './console-config.ts';
import type { DynamoLocal } from './emulators.ts';
import { localExportJobs } from './export-jobs.ts';
import { faultRoutes } from './faults.ts';
import { createGateway, type GatewayOptions } from './gateway.ts';
import { LIVE_PATH } from './live.ts';
import type { QueuePair } from './provision.ts';
import type { Poller } from './sqs-poller.ts';
import type { ConnectFunctions } from './start-connect.ts';
import type { LocalData } from './start-data.ts';
import type { LocalDomainEvents } from './start-domain-events.ts';
import type { LocalEmailChannel } from './start-email.ts';
import type { LocalKnowledge } from './start-knowledge.ts';
import type { LocalLiveUpdates } from './start-live-updates.ts';

const WEB_ROOT = fileURLToPath(new URL('../../web/', import.meta.url));

type LocalRoutes = NonNullable<GatewayOptions['localRoutes']>;

/** What the API's functions and the local routes are built from. */
export interface LocalApiInputs {
  deps: RoutingDeps & SendingDeps;
  devToken: string;
  /** The ONETHREAD_* settings, as `npm start` was given them. */
  env?: Record<string, string | undefined> | undefined;
  port: number;
  host?: string | undefined;
  persistent: boolean;
  dynamo: DynamoLocal;
  data: LocalData;
  queues: { ingest: QueuePair; routing: QueuePair; routingTimers: QueuePair };
  /** The ingest consumer, the router, the timers' and the Connect requests' consumers. */
  consumers: () => Poller[];
  email: LocalEmailChannel;
  knowledge: LocalKnowledge;
  survey: SurveyConfig;
  connect: ConnectFunctions;
  events: LocalDomainEvents;
  live: LocalLiveUpdates;
}

export interface LocalApi {
  url: string;
  /** Closes the gateway and every connection it holds. */
  stop(): Promise<void>;
}

/**
 * The public API (lib/api.ts): the same functions behind the local gateway, with the chat
 * widget, the help page and the console, the live socket, and the local-only `/local/` routes.
 */
export async function startApi(inputs: LocalApiInputs): Promise<LocalApi> {
  const server = createGateway({
    functions: apiFunctions(inputs),
    devToken: inputs.devToken,
    streams: inputs.events.bridge.streams,
    uploads: inputs.email.attachments,
    staticSites: { '/chat': `${WEB_ROOT}chat`, '/help': `${WEB_ROOT}help`, '/console': CONSOLE_DIST },
    localRoutes: localRoutes(inputs),
  });
  inputs.live.socket.attach(server);
  const url = await listen(server, inputs.port, inputs.host ?? '127.0.0.1');
  return { url, stop: () => closeServer(server) };
}

function apiFunctions(inputs: LocalApiInputs): GatewayOptions['functions'] {
  const { deps, email, knowledge } = inputs;
  const { attachments } = email;
  const blobs = email.email.deps.email.blobs;
  return {
    chatApi: makeChatApi({
      ...deps,
      attachments,
      codeMailer: email.codeMailer,
      liveUrl: (event) => `ws://${event.headers.host}${LIVE_PATH}`,
    }),
    webCalls: inputs.connect.webCalls,
    agentApi: makeAgentApi({ ...deps, blobs, exports: localExportJobs({ ...deps, blobs }) }),
    auditApi: makeAuditApi(deps),
    eventsApi: makeEventsApi(deps),
    health: makeHealth(deps),
    apiDocument: makeApiDocument(),
    knowledgeApi: makeKnowledgeApi({ ...deps, knowledge: knowledge.config, kbBlobs: knowledge.blobs }),
    routingApi: makeRoutingApi(deps),
    metaWebhook: makeMetaWebhook(deps),
    xWebhook: makeXWebhook(deps),
    twilioWebhook: makeTwilioWebhook(deps),
    replies: makeReplies({ ...email.email.deps, attachments }),
    attachmentsApi: makeAttachmentsApi({ ...deps, attachments }),
    surveysApi: makeSurveysApi({ ...deps, email: email.email.deps.email, survey: inputs.survey }),
    cannedResponses: makeCannedResponses(deps),
    reportsApi: makeReportsApi(deps),
  };
}

function localRoutes(inputs: LocalApiInputs): LocalRoutes {
  return {
    'GET /console/config.json': async (request) => ({
      status: 200,
      body: localConsoleConfig({
        liveUrl: `ws://${request.headers.host}${LIVE_PATH}`,
        connectInstanceUrl: inputs.env?.ONETHREAD_CONNECT_INSTANCE_URL,
      }),
    }),
    ...inputs.data.routes,
    ...queueRoutes(inputs),
    ...inputs.connect.routes,
    ...inputs.events.bridge.routes,
    ...faultRoutes({ dynamo: inputs.dynamo, persistent: inputs.persistent, consumers: inputs.consumers }),
    ...inputs.live.socket.routes,
  };
}

/** The queues' depths, and the redrive of the ingest queue's dead letters. */
function queueRoutes({ deps, queues }: LocalApiInputs): LocalRoutes {
  const sqs = deps.sqs;
  return {
    'GET /local/queues': async () => ({
      status: 200,
      body: {
        ingest: { depth: await queueDepth(sqs, queues.ingest.queueUrl) },
        ingestDeadLetter: { depth: await queueDepth(sqs, queues.ingest.deadLetterQueueUrl) },
        routing: { depth: await queueDepth(sqs, queues.routing.queueUrl) },
        routingDeadLetter: { depth: await queueDepth(sqs, queues.routing.deadLetterQueueUrl) },
        routingTimersDeadLetter: { depth: await queueDepth(sqs, queues.routingTimers.deadLetterQueueUrl) },
      },
    }),
    'POST /local/queues/ingest/redrive': async () => ({
      status: 200,
      body: await redrive(sqs, queues.ingest.deadLetterQueueUrl, queues.ingest.queueUrl),
    }),
  };
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
