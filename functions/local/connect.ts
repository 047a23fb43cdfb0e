import type { IncomingMessage } from 'node:http';
import { makeHandler as makeConnectEvents } from '#handlers/connect-events.ts';
import { makeHandler as makeConnectFlow } from '#handlers/connect-flow.ts';
import type { ConnectConfig } from '#shared/config.ts';
import type { AppDeps } from '#shared/deps.ts';
import { lambdaContext } from './api-gateway-event.ts';

type LocalRoute = (request: IncomingMessage, body: Buffer) => Promise<{ status: number; body: unknown }>;

/**
 * Local stand-ins for what Amazon Connect does on AWS: `POST /local/connect/contact-flow` takes a
 * `ContactFlowEvent` and answers what the flow's Lambda block would get; `POST /local/connect/events`
 * takes an EventBridge contact event. Both call the same handlers Lambda runs.
 */
export function connectRoutes(deps: AppDeps, connect: ConnectConfig): Record<string, LocalRoute> {
  const flow = makeConnectFlow(deps, connect);
  const events = makeConnectEvents(deps, connect);
  return {
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
      const result = await events(event, lambdaContext('connectEvents'));
      return { status: result.enqueued ? 202 : 200, body: result };
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
