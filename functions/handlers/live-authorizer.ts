import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { visitorSession } from '#channels/chat/session-token.ts';
import type { ChatSession } from '#core/chat-session.ts';
import { chatTopic } from '#core/live-topics.ts';
import { originAllowed } from '#http/origin.ts';
import { lambdaHandler } from '#shared/lambda-handler.ts';
import { logger } from '#shared/observability.ts';

export interface LiveAuthorizerDeps {
  /** Verifies a Cognito JWT (signature, expiry, issuer, client) and answers its claims. */
  verify(token: string): Promise<Record<string, unknown>>;
  /** Where the console is served from: the only pages a browser may open the socket from. */
  consoleOrigins: readonly string[];
  /** Chat sessions, whose visitors connect with their session token. */
  chatSessions: { get(sessionId: string): Promise<ChatSession | undefined> };
}

/** The claims the live socket reads (see functions/http/auth.ts), passed on as strings. */
const PASSED_CLAIMS = ['sub', 'cognito:username', 'custom:agentId', 'cognito:groups'] as const;

function contextOf(claims: Record<string, unknown>): Record<string, string> {
  const context: Record<string, string> = {};
  for (const name of PASSED_CLAIMS) {
    const value = claims[name];
    if (Array.isArray(value)) context[name] = value.map(String).join(',');
    else if (typeof value === 'string' && value) context[name] = value;
  }
  return context;
}

/** Header names are case-insensitive; API Gateway passes them as the client wrote them. */
function headerOf(event: APIGatewayRequestAuthorizerEvent, name: string): string | undefined {
  const headers = Object.entries(event.headers ?? {});
  return headers.find(([key]) => key.toLowerCase() === name)?.[1];
}

function policy(effect: 'Allow' | 'Deny', event: APIGatewayRequestAuthorizerEvent, principalId: string) {
  return {
    principalId,
    policyDocument: {
      Version: '2012-10-17',
      Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: event.methodArn }],
    },
  };
}

/**
 * The `$connect` authorizer of the live-updates WebSocket. Browsers cannot set headers on a
 * WebSocket, so the console's Cognito token comes in the `token` query string parameter (API
 * Gateway refuses a connection without one with 401 before this runs). A page of another site
 * than the console's is refused with 403 whatever its token: a browser always names the page
 * that opens the socket, while a client that is not a browser sends no `Origin`, and its token
 * alone decides. An invalid token is refused with 401; a valid one allows the connection and
 * hands its claims to the live socket through the authorizer context.
 *
 * A chat visitor names their session (`chatSession`) and gives its token: from any page, as the
 * widget is embedded on the company's own sites, and the token is no credential a browser adds
 * by itself. The connection may then listen to that session's topic only.
 */
export function makeHandler(deps: LiveAuthorizerDeps) {
  return lambdaHandler<APIGatewayRequestAuthorizerEvent, APIGatewayAuthorizerResult>(async (event) => {
    const token = event.queryStringParameters?.token;
    if (!token) throw new Error('Unauthorized');
    const chatSessionId = event.queryStringParameters?.chatSession;
    if (chatSessionId !== undefined) return admitVisitor(event, deps, chatSessionId, token);
    const origin = headerOf(event, 'origin');
    if (!originAllowed(origin, deps.consoleOrigins)) {
      logger.info('live connection refused', { reason: 'origin', origin });
      return policy('Deny', event, 'unknown');
    }
    let claims: Record<string, unknown>;
    try {
      claims = await deps.verify(token);
    } catch (error) {
      logger.info('live connection refused', { reason: (error as Error).name });
      throw new Error('Unauthorized');
    }
    const context = contextOf(claims);
    return { ...policy('Allow', event, context.sub ?? 'unknown'), context };
  });
}

async function admitVisitor(
  event: APIGatewayRequestAuthorizerEvent,
  deps: LiveAuthorizerDeps,
  chatSessionId: string,
  token: string,
): Promise<APIGatewayAuthorizerResult> {
  const session = await visitorSession(deps.chatSessions, chatSessionId, token);
  if (!session) {
    logger.info('live connection refused', { reason: 'chatSession' });
    throw new Error('Unauthorized');
  }
  return {
    ...policy('Allow', event, chatTopic(session.sessionId)),
    context: { chatSessionId: session.sessionId },
  };
}
