import type { IncomingMessage } from 'node:http';
import { ConnectClient } from '@aws-sdk/client-connect';
import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { connectWork } from '#channels/connect/client.ts';
import type { ConnectConfig } from '#channels/connect/config.ts';
import { SIMULATED_INSTANCE_ARN, simulatedWebCall } from '#channels/connect/simulate.ts';
import { webCallStarterFrom } from '#channels/connect/web-call-client.ts';
import type { AppDeps } from '#deps/app.ts';
import { makeHandler as makeConnectEvents } from '#handlers/connect-events.ts';
import { makeHandler as makeConnectFlow } from '#handlers/connect-flow.ts';
import { makeHandler as makeConnectRequests } from '#handlers/connect-requests.ts';
import { makeHandler as makeWebCalls } from '#handlers/web-calls.ts';
import { ConnectTasks } from '#routing/connect-tasks.ts';
import type { RoutingDeps } from '#routing/deps.ts';
import type { FunctionEnv } from '#shared/env-names.ts';
import { PlacedCallsRepo } from '#store/placed-calls-repo.ts';
import { WebCallsRepo } from '#store/web-calls-repo.ts';
import { lambdaContext } from './api-gateway-event.ts';
import { type LocalConnectApi, startLocalConnectApi } from './connect-api.ts';
import { LOCAL_AWS } from './emulators.ts';
import { ensureQueueWithDlq } from './provision.ts';
import { type Poller, startPoller } from './sqs-poller.ts';

type LocalRoute = (request: IncomingMessage, body: Buffer) => Promise<{ status: number; body: unknown }>;

/** The local Amazon Connect: its API stand-in and the requests queue paced into it. */
export interface LocalConnect {
  /** Settings that point the functions at the stand-in and the queue (yours win where set). */
  env: Record<string, string>;
  api: LocalConnectApi;
  requestsQueue: { url: string; arn: string };
}

/**
 * Starts the Connect API stand-in and creates the requests queue, before the functions are built.
 * With a fixed port, tasks link to the local console.
 */
export async function provisionLocalConnect(sqs: SQSClient, port?: number): Promise<LocalConnect> {
  const { queueUrl } = await ensureQueueWithDlq(sqs, 'onethread-connect-requests', {
    visibilityTimeoutSeconds: 60,
  });
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
  );
  const api = await startLocalConnectApi();
  const env: FunctionEnv = {
    ONETHREAD_CONNECT_REQUESTS_QUEUE_URL: queueUrl,
    CONNECT_ENDPOINT: api.endpoint,
    ...(port ? { ONETHREAD_CONSOLE_URL: `http://localhost:${port}/console/` } : {}),
  };
  return {
    env,
    api,
    requestsQueue: { url: queueUrl, arn: Attributes?.QueueArn ?? 'arn:aws:sqs:local:connect-requests' },
  };
}

/** The requests consumer, paced as on AWS, linking the tasks it starts to their work items. */
export function startConnectRequests(deps: RoutingDeps, connect: ConnectConfig, local: LocalConnect): Poller {
  // The stand-in takes local credentials and any instance and flow; a real endpoint set in the
  // environment gets the real credentials and the settings given.
  const standIn = connect.endpoint === local.api.endpoint;
  const work = standIn
    ? connectWork(
        {
          ...connect,
          instanceArn: connect.instanceArn ?? SIMULATED_INSTANCE_ARN,
          taskFlowId: connect.taskFlowId ?? 'local-task-flow',
        },
        new ConnectClient({ ...LOCAL_AWS, endpoint: local.api.endpoint, maxAttempts: 1 }),
      )
    : connectWork(connect);
  return startPoller({
    sqs: deps.sqs,
    queueUrl: local.requestsQueue.url,
    queueArn: local.requestsQueue.arn,
    handler: makeConnectRequests({
      sqs: deps.sqs,
      work,
      config: connect,
      tasks: new ConnectTasks(deps.table, deps.routingQueues, deps.partitions),
      placedCalls: new PlacedCallsRepo(deps.table),
    }),
    functionName: 'connectRequests',
    concurrency: 1,
    onError: (error) => console.error('connect requests:', (error as Error).message),
  });
}

/**
 * The web calls route, starting calls in the stand-in (any instance and flow) unless a real
 * endpoint is set in the environment, which then gets the settings given.
 */
export function localWebCalls(deps: AppDeps, connect: ConnectConfig, local: LocalConnect) {
  const standIn = connect.endpoint === local.api.endpoint;
  const starter = standIn
    ? webCallStarterFrom(
        {
          ...connect,
          instanceArn: connect.instanceArn ?? SIMULATED_INSTANCE_ARN,
          webCallFlowId: connect.webCallFlowId ?? 'local-web-call-flow',
        },
        new ConnectClient({ ...LOCAL_AWS, endpoint: local.api.endpoint, maxAttempts: 1 }),
      )
    : webCallStarterFrom(connect);
  return makeWebCalls({ ...deps, webCalls: new WebCallsRepo(deps.table), starter });
}

/**
 * Local stand-ins for what Amazon Connect does on AWS: `POST /local/connect/contact-flow` takes a
 * `ContactFlowEvent` and answers what the flow's Lambda block would get; `POST /local/connect/events`
 * takes an EventBridge contact event. Both call the same handlers Lambda runs. With the local
 * Connect, `GET /local/connect/contacts` lists the tasks and calls started in it, and
 * `POST /local/connect/tasks/end` (`{"contactId": "…"}`) ends a task as its agent would, and
 * `POST /local/connect/web-calls/play` (`{"contactId": "…"}`) plays a web call it started: the
 * flow's lookup, then the call queued, answered by an agent and ended.
 */
export function connectRoutes(
  deps: RoutingDeps,
  connect: ConnectConfig,
  local?: LocalConnect,
): Record<string, LocalRoute> {
  const flow = makeConnectFlow(deps, connect);
  const events = makeConnectEvents(
    deps,
    connect,
    new ConnectTasks(deps.table, deps.routingQueues, deps.partitions),
  );
  const contactEvent = async (event: unknown) => {
    const result = await events(event, lambdaContext('connectEvents'));
    return { status: result.enqueued ? 202 : 200, body: result };
  };
  const routes: Record<string, LocalRoute> = {
    'POST /local/connect/contact-flow': async (_request, body) => {
      const event = parseJson(body);
      if (event === undefined)
        return { status: 400, body: { message: 'the body must be a JSON ContactFlowEvent' } };
      return { status: 200, body: await flow(event, lambdaContext('connectFlow')) };
    },
    'POST /local/connect/events': async (_request, body) => {
      const event = parseJson(body);
      if (event === undefined)
        return { status: 400, body: { message: 'the body must be a JSON contact event' } };
      return contactEvent(event);
    },
  };
  if (!local) return routes;
  return {
    ...routes,
    'GET /local/connect/contacts': async () => ({ status: 200, body: { contacts: local.api.contacts() } }),
    'POST /local/connect/tasks/end': async (_request, body) => {
      const { contactId } = (parseJson(body) ?? {}) as { contactId?: unknown };
      const task = local.api.contacts().find((contact) => contact.contactId === contactId);
      if (task?.operation !== 'StartTaskContact')
        return { status: 404, body: { message: 'no task with that contactId' } };
      return contactEvent(taskDisconnected(task.contactId, connect.instanceArn ?? SIMULATED_INSTANCE_ARN));
    },
    'POST /local/connect/web-calls/play': async (_request, body) => {
      const { contactId } = (parseJson(body) ?? {}) as { contactId?: unknown };
      const call = local.api.contacts().find((contact) => contact.contactId === contactId);
      if (call?.operation !== 'StartWebRTCContact')
        return { status: 404, body: { message: 'no web call with that contactId' } };
      const played = simulatedWebCall(call.contactId, call.attributes);
      const answer = await flow(played.flowEvent, lambdaContext('connectFlow'));
      const events: string[] = [];
      for (const event of played.contactEvents) {
        await contactEvent(event);
        events.push(String((event.detail as { eventType: string }).eventType));
      }
      return { status: 200, body: { contactId: call.contactId, answer, events } };
    },
  };
}

/** The contact event Connect sends when an agent ends a task. */
function taskDisconnected(contactId: string, instanceArn: string) {
  const at = new Date().toISOString();
  return {
    version: '0',
    id: `local-${contactId}-disconnected`,
    'detail-type': 'Amazon Connect Contact Event',
    source: 'aws.connect',
    time: at,
    detail: {
      eventType: 'DISCONNECTED',
      contactId,
      initialContactId: contactId,
      channel: 'TASK',
      instanceArn,
      initiationMethod: 'API',
      disconnectTimestamp: at,
    },
  };
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}
