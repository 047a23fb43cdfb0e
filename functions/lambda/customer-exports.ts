import { appDeps } from '#app/create-deps.ts';
import { loadEmailConfig } from '#channels/email/config.ts';
import { withEmail } from '#channels/email/deps.ts';
import { makeHandler } from '#handlers/customer-exports.ts';
import { loadConfig } from '#shared/config.ts';
import { requireEnv } from '#shared/env.ts';
import { FUNCTIONS } from '../routes.ts';

const env = requireEnv(process.env, FUNCTIONS.customerExports.requires);
const deps = appDeps(loadConfig(env));
export const handler = makeHandler({
  ...deps,
  blobs: withEmail(deps, loadEmailConfig(env)).email.blobs,
});
