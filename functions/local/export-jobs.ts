import type { ExportStarter } from '#core/ports.ts';
import { type CustomerExportsDeps, makeHandler } from '#handlers/customer-exports.ts';
import { logger } from '#shared/observability.ts';
import { ExportJobsRepo } from '#store/export-jobs-repo.ts';
import { lambdaContext } from './api-gateway-event.ts';

/**
 * Export jobs under `npm start`: the same build as the export function's on AWS, started in this
 * process without waiting for it, as Lambda's asynchronous invocation would.
 */
export function localExportJobs(deps: CustomerExportsDeps): { jobs: ExportJobsRepo; starter: ExportStarter } {
  const build = makeHandler(deps);
  return {
    jobs: new ExportJobsRepo(deps.table),
    starter: {
      start: async (jobId) => {
        void build({ jobId }, lambdaContext('customerExports')).catch((error: Error) =>
          logger.warn('customer export failed', { jobId, error: error.message }),
        );
      },
    },
  };
}
