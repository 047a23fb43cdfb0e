import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { z } from 'zod';
import { parseEnv } from '#shared/config.ts';
import { lazyHandler } from '#shared/deps.ts';
import { logger } from '#shared/observability.ts';

export interface LiveAuthorizerDeps {
  /** Verifies a Cognito JWT (signature, expiry, issuer, client) and answers its claims. */
  verify(token: string): Promise<Record<string, unknown>>;
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

/**
 * The `$connect` authorizer of the live-updates WebSocket. Browsers cannot set headers on a
 * WebSocket, so the console's Cognito token comes in the `token` query string parameter. A
 * missing or invalid token is refused with 401; a valid one allows the connection and hands
 * its claims to the live socket through the authorizer context.
 */
export function makeHandler(deps: LiveAuthorizerDeps) {
  return middy<APIGatewayRequestAuthorizerEvent, APIGatewayAuthorizerResult>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async (event) => {
      const token = event.queryStringParameters?.token;
      if (!token) throw new Error('Unauthorized');
      let claims: Record<string, unknown>;
      try {
        claims = await deps.verify(token);
      } catch (error) {
        logger.info('live connection refused', { reason: (error as Error).name });
        throw new Error('Unauthorized');
      }
      const context = contextOf(claims);
      return {
        principalId: context.sub ?? 'unknown',
        policyDocument: {
          Version: '2012-10-17',
          Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: event.methodArn }],
        },
        context,
      };
    });
}

const AuthorizerEnvSchema = z.object({
  ONETHREAD_USER_POOL_ID: z.string().min(1),
  ONETHREAD_USER_POOL_CLIENT_ID: z.string().min(1),
});

export const handler = lazyHandler(() => {
  const env = parseEnv(AuthorizerEnvSchema, process.env);
  // ID or access token, as the HTTP API's authorizer accepts either from the console client.
  const verifier = CognitoJwtVerifier.create({
    userPoolId: env.ONETHREAD_USER_POOL_ID,
    clientId: env.ONETHREAD_USER_POOL_CLIENT_ID,
    tokenUse: null,
  });
  return makeHandler({ verify: (token) => verifier.verify(token) as Promise<Record<string, unknown>> });
});
