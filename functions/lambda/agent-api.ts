import { appDeps } from '#app/create-deps.ts';
import { loadEmailConfig } from '#channels/email/config.ts';
import { withEmail } from '#channels/email/deps.ts';
import { makeHandler } from '#handlers/agent-api.ts';
import { loadConfig } from '#shared/config.ts';
import { requireEnv } from '#shared/env.ts';
import { LambdaExportStarter } from '#shared/export-starter.ts';
import { ExportJobsRepo } from '#store/export-jobs-repo.ts';
import { FUNCTIONS } from '../routes.ts';

const env = requireEnv(process.env, FUNCTIONS.agentApi.requires);
const deps = appDeps(loadConfig(env));
const exportFunction = env.ONETHREAD_EXPORT_FUNCTION;
export const handler = makeHandler({
  ...deps,
  blobs: withEmail(deps, loadEmailConfig(env)).email.blobs,
  exports: exportFunction
    ? { jobs: new ExportJobsRepo(deps.table), starter: new LambdaExportStarter(exportFunction) }
    : undefined,
});
