import { S3Client } from '@aws-sdk/client-s3';
import * as z from 'zod';
import { createDeps } from '#app/create-deps.ts';
import type { AppDeps } from '#deps/app.ts';
import { loadConfig } from '#shared/config.ts';
import { envSchema, parseEnv } from '#shared/env.ts';
import { lambdaHandler, lazyHandler } from '#shared/lambda-handler.ts';
import { logger } from '#shared/observability.ts';
import { S3BlobStore } from '#store/blobs.ts';
import { type ExportMarker, IntervalExport } from '#store/interval-export.ts';
import { IntervalsRepo } from '#store/intervals-repo.ts';

const ReportsEnvSchema = envSchema({
  /** The reports bucket the Glue tables read. */
  ONETHREAD_REPORTS_BUCKET: z.string().min(3),
});

/**
 * Every 15 minutes (an EventBridge Scheduler schedule on AWS, an interval under `npm start`):
 * the closed intervals of the day to the reports bucket, as JSON lines Athena reads.
 */
export function makeHandler(deps: Pick<AppDeps, 'clock'> & { export: IntervalExport }) {
  return lambdaHandler<unknown, ExportMarker>(async () => {
    const marker = await deps.export.run(deps.clock.now().getTime());
    logger.info('intervals exported', { through: marker.through, objects: marker.objects });
    return marker;
  });
}

export const handler = lazyHandler(() => {
  const deps = createDeps(loadConfig(process.env));
  const { ONETHREAD_REPORTS_BUCKET } = parseEnv(ReportsEnvSchema, process.env);
  const blobs = new S3BlobStore(new S3Client({}), ONETHREAD_REPORTS_BUCKET);
  return makeHandler({ ...deps, export: new IntervalExport(new IntervalsRepo(deps.table), blobs) });
});
