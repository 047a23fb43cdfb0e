import * as z from 'zod';
import type { BlobStore } from '#core/ports.ts';
import type { AppDeps } from '#deps/app.ts';
import { lambdaHandler } from '#shared/lambda-handler.ts';
import { logger } from '#shared/observability.ts';
import { customerArchive } from '#store/customer-export.ts';
import { ExportJobsRepo } from '#store/export-jobs-repo.ts';

const ExportEventSchema = z.object({ jobId: z.string().min(1).max(128) });

export type CustomerExportsDeps = AppDeps & { blobs: BlobStore };

/**
 * Builds a customer export job's archive (docs/compliance.md#export-jobs): the whole record as
 * one ZIP, stored privately under `exports/`, and the job marked ready. A failure marks it
 * failed and is thrown, so Lambda's retries may still finish it.
 */
export function makeHandler(deps: CustomerExportsDeps) {
  const jobs = new ExportJobsRepo(deps.table);
  return lambdaHandler(async (event: unknown): Promise<void> => {
    const { jobId } = ExportEventSchema.parse(event);
    const job = await jobs.get(jobId);
    if (!job || job.status === 'ready') return;
    try {
      const customer = await deps.customers.get(job.customerId);
      if (!customer) throw new Error('the customer is gone (erased since the export was asked for)');
      const archive = await customerArchive({ ...deps, blobs: deps.blobs }, customer, {
        exportedBy: job.requestedBy,
        exportedAt: deps.clock.now().toISOString(),
      });
      const archiveRef = await deps.blobs.put(`exports/${jobId}.zip`, archive, 'application/zip');
      await jobs.ready(jobId, {
        archiveRef,
        size: archive.length,
        completedAt: deps.clock.now().toISOString(),
      });
      logger.info('customer export ready', { jobId, size: archive.length });
    } catch (error) {
      await jobs.failed(jobId, (error as Error).message.slice(0, 500), deps.clock.now().toISOString());
      logger.error('customer export failed', { jobId, error: (error as Error).message });
      throw error;
    }
  });
}
