import * as z from 'zod';
import { attachmentStorageFromEnv } from '#app/attachment-storage.ts';
import { appDeps } from '#app/create-deps.ts';
import { codeMailerFromConfig } from '#channels/email/code-mailer.ts';
import { loadEmailConfig } from '#channels/email/config.ts';
import { makeHandler } from '#handlers/chat-api.ts';
import { loadRoutingSettings } from '#routing/config.ts';
import { RoutingQueues } from '#routing/routing-queue.ts';
import { loadConfig } from '#shared/config.ts';
import { envSchema, parseEnv, requireEnv } from '#shared/env.ts';
import { FUNCTIONS } from '../routes.ts';

const ChatEnvSchema = envSchema({ ONETHREAD_LIVE_URL: z.url().optional() });

const env = requireEnv(process.env, FUNCTIONS.chatApi.requires);
const deps = appDeps(loadConfig(env));
const events = loadRoutingSettings(env).eventsQueueUrl;
const live = parseEnv(ChatEnvSchema, env).ONETHREAD_LIVE_URL;
export const handler = makeHandler({
  ...deps,
  codeMailer: codeMailerFromConfig(loadEmailConfig(env)),
  attachments: attachmentStorageFromEnv(env),
  routingQueues: events ? new RoutingQueues(deps.sqs, { events }) : undefined,
  liveUrl: () => live,
});
