import { INTERVAL_MS } from '#core/intervals.ts';
import type { AppDeps } from '#deps/app.ts';
import { makeHandler as makeIntervalExport } from '#handlers/interval-export.ts';
import { FileBlobStore } from '#store/blobs.ts';
import { IntervalExport } from '#store/interval-export.ts';
import { IntervalsRepo } from '#store/intervals-repo.ts';
import { lambdaContext } from './api-gateway-event.ts';
import { localFolder } from './local-folder.ts';

export interface LocalReporting {
  stop(): Promise<void>;
}

/**
 * Reporting (lib/reporting.ts): the interval export, every 15 minutes as on AWS, to files laid
 * out as the reports bucket.
 */
export async function startReporting(deps: AppDeps, dataDir: string | undefined): Promise<LocalReporting> {
  const folder = await localFolder(dataDir, 'reports');
  const exportIntervals = makeIntervalExport({
    ...deps,
    export: new IntervalExport(new IntervalsRepo(deps.table), new FileBlobStore(folder.path)),
  });
  const exporter = setInterval(() => {
    Promise.resolve(exportIntervals({}, lambdaContext('intervalExport'))).catch((error: unknown) =>
      console.error('interval export:', (error as Error).message),
    );
  }, INTERVAL_MS);
  return {
    stop: async () => {
      clearInterval(exporter);
      await folder.remove();
    },
  };
}
