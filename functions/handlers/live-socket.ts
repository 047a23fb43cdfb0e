import type {
  APIGatewayEventWebsocketRequestContextV2,
  APIGatewayProxyStructuredResultV2,
  APIGatewayProxyWebsocketEventV2WithRequestContext,
} from 'aws-lambda';
import { DomainError } from '#core/errors.ts';
import { type Listener, mayListen, SubscribeMessageSchema } from '#core/live-topics.ts';
import { callerFromClaims } from '#http/auth.ts';
import { statusOf } from '#http/error-handler.ts';
import { parseWith, rawBody } from '#http/request.ts';
import { lambdaHandler } from '#shared/lambda-handler.ts';
import { logger } from '#shared/observability.ts';
import type { LiveSubscriptionsRepo } from '#store/live-subscriptions-repo.ts';

/** A WebSocket event; on `$connect` it carries the claims the authorizer verified. */
export type LiveSocketEvent = APIGatewayProxyWebsocketEventV2WithRequestContext<
  APIGatewayEventWebsocketRequestContextV2 & { authorizer?: Record<string, unknown> | null }
>;

export interface LiveSocketDeps {
  subscriptions: LiveSubscriptionsRepo;
}

/** Larger than any subscribe message of MAX_TOPICS_PER_CONNECTION topics needs. */
const MAX_MESSAGE_BYTES = 16 * 1024;

const reply = (statusCode: number, body: Record<string, unknown>): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  body: JSON.stringify(body),
});
const refuse = (statusCode: number, message: string) => reply(statusCode, { type: 'error', message });

/**
 * The live-updates WebSocket: `$connect` remembers who connected, `subscribe` sets what the
 * connection listens to (checked against what the caller may read), `$disconnect` forgets it.
 * Its answers go back to the client (the routes return their integration's response).
 */
export function makeHandler(deps: LiveSocketDeps) {
  const route = async (event: LiveSocketEvent): Promise<APIGatewayProxyStructuredResultV2> => {
    const { connectionId, routeKey } = event.requestContext;
    logger.appendKeys({ connectionId, routeKey });
    switch (routeKey) {
      case '$connect': {
        const listener = listenerOf(event.requestContext.authorizer ?? undefined);
        if (!listener) return refuse(401, 'unauthorized');
        await deps.subscriptions.open(connectionId, listener);
        return { statusCode: 200 };
      }
      case '$disconnect':
        await deps.subscriptions.close(connectionId);
        return { statusCode: 200 };
      case 'subscribe':
        return subscribe(event, deps);
      default:
        // A page keeps an idle connection open (API Gateway closes one after 10 minutes) by this.
        if (actionOf(event) === 'ping') return reply(200, { type: 'pong' });
        return refuse(400, 'unknown action: send {"action":"subscribe","topics":[…]}');
    }
  };
  return lambdaHandler<LiveSocketEvent, APIGatewayProxyStructuredResultV2>(async (event) => {
    try {
      return await route(event);
    } catch (error) {
      if (error instanceof DomainError) return refuse(statusOf(error), error.message);
      logger.error('live socket failure', { error: (error as Error).name });
      return refuse(500, 'internal error');
    }
  });
}

/**
 * Who the authorizer let in: a chat visitor by their session (named by the authorizer alone,
 * never by a token's claims), else an agent by their token's claims.
 */
function listenerOf(context: Record<string, unknown> | undefined): Listener | undefined {
  const chatSessionId = context?.chatSessionId;
  if (typeof chatSessionId === 'string' && chatSessionId) return { chatSessionId };
  return callerFromClaims(context);
}

function actionOf(event: LiveSocketEvent): unknown {
  try {
    return (JSON.parse(event.body ?? '') as { action?: unknown } | null)?.action;
  } catch {
    return undefined;
  }
}

async function subscribe(event: LiveSocketEvent, deps: LiveSocketDeps) {
  const bytes = rawBody(event);
  if (bytes.length > MAX_MESSAGE_BYTES)
    return refuse(413, `a message holds at most ${MAX_MESSAGE_BYTES} bytes`);
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    return refuse(400, 'the message is not valid JSON');
  }
  const { topics } = parseWith(SubscribeMessageSchema, json, '');
  const connection = await deps.subscriptions.get(event.requestContext.connectionId);
  if (!connection) return refuse(410, 'this connection is closed: connect again');
  const forbidden = topics.filter((topic) => !mayListen(connection, topic));
  if (forbidden.length > 0) return refuse(403, `not allowed to listen to ${forbidden.join(', ')}`);
  if ((await deps.subscriptions.replaceTopics(connection, topics)) === 'closed') {
    return refuse(410, 'this connection is closed: connect again');
  }
  return reply(200, { type: 'subscribed', topics: [...new Set(topics)].sort() });
}
