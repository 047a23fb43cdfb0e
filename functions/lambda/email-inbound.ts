import { appDeps } from '#app/create-deps.ts';
import { loadEmailConfig } from '#channels/email/config.ts';
import { withEmail } from '#channels/email/deps.ts';
import { makeHandler } from '#handlers/email-inbound.ts';
import { loadConfig } from '#shared/config.ts';
import { requireEnv } from '#shared/env.ts';
import { FUNCTIONS } from '../routes.ts';

const env = requireEnv(process.env, FUNCTIONS.emailInbound.requires);
export const handler = makeHandler(withEmail(appDeps(loadConfig(env)), loadEmailConfig(env)));
