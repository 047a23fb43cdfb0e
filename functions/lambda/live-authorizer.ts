import { CognitoJwtVerifier } from 'aws-jwt-verify';
import * as z from 'zod';
import { makeHandler } from '#handlers/live-authorizer.ts';
import { OriginListSchema } from '#http/origin.ts';
import { loadTableName } from '#shared/config.ts';
import { envSchema, parseEnv, requireEnv } from '#shared/env.ts';
import { ChatSessionsRepo } from '#store/chat-sessions-repo.ts';
import { createTableClient } from '#store/dynamo.ts';
import { FUNCTIONS } from '../routes.ts';

const AuthorizerEnvSchema = envSchema({
  ONETHREAD_USER_POOL_ID: z.string().min(1),
  ONETHREAD_USER_POOL_CLIENT_ID: z.string().min(1),
  ONETHREAD_CONSOLE_ORIGINS: OriginListSchema.refine(
    (origins) => origins.length > 0,
    'the console’s origins',
  ),
});

const env = requireEnv(process.env, FUNCTIONS.liveAuthorizer.requires);
const settings = parseEnv(AuthorizerEnvSchema, env);
// ID or access token, as the HTTP API's authorizer accepts either from the console client.
const verifier = CognitoJwtVerifier.create({
  userPoolId: settings.ONETHREAD_USER_POOL_ID,
  clientId: settings.ONETHREAD_USER_POOL_CLIENT_ID,
  tokenUse: null,
});
export const handler = makeHandler({
  verify: (token) => verifier.verify(token) as Promise<Record<string, unknown>>,
  consoleOrigins: settings.ONETHREAD_CONSOLE_ORIGINS,
  chatSessions: new ChatSessionsRepo(createTableClient(loadTableName(env))),
});
