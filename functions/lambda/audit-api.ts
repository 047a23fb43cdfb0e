import { appDeps } from '#app/create-deps.ts';
import { makeHandler } from '#handlers/audit-api.ts';
import { loadConfig } from '#shared/config.ts';
import { requireEnv } from '#shared/env.ts';
import { FUNCTIONS } from '../routes.ts';

const env = requireEnv(process.env, FUNCTIONS.auditApi.requires);
export const handler = makeHandler(appDeps(loadConfig(env)));
