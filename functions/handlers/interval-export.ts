import type { AppDeps } from '#deps/app.ts';
import { lambdaHandler } from '#shared/lambda-handler.ts';
import { logger } from '#shared/observability.ts';
import type { ExportMarker, IntervalExport } from '#store/interval-export.ts';

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
