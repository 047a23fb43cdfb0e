import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import type { AppDeps } from '#deps/app.ts';
import { httpHandler } from '#http/http-handler.ts';
import { json } from '#http/response.ts';
import { logger } from '#shared/observability.ts';
import { OUTAGE_RETRY_AFTER_SECONDS, outageLabel } from '#shared/outage.ts';
import { tableStatus } from '#store/dynamo.ts';

/** A probe answers quickly or not at all: a dependency slower than this counts as down. */
const CHECK_TIMEOUT_MS = 2_000;

type Check = (abortSignal: AbortSignal) => Promise<void>;

/**
 * Ready means the table is active and the ingest queue answers, each within a short timeout.
 * Otherwise a 503 with Retry-After names the dependencies that are down.
 */
export function makeHandler(deps: AppDeps) {
  const checks: Record<'table' | 'queue', Check> = {
    table: async (abortSignal) => {
      if ((await tableStatus(deps.table, abortSignal)) !== 'ACTIVE') throw new Error('table not active');
    },
    queue: async (abortSignal) => {
      if (!deps.config.ingestQueueUrl) return;
      await deps.sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: deps.config.ingestQueueUrl, AttributeNames: ['QueueArn'] }),
        { abortSignal },
      );
    },
  };
  return httpHandler(logger, async () => {
    const entries = await Promise.all(
      Object.entries(checks).map(async ([name, check]) => [name, await probe(name, check)] as const),
    );
    const dependencies = Object.fromEntries(entries);
    const ok = entries.every(([, state]) => state === 'ok');
    return json(
      ok ? 200 : 503,
      { status: ok ? 'ok' : 'unavailable', dependencies },
      ok ? {} : { 'retry-after': String(OUTAGE_RETRY_AFTER_SECONDS) },
    );
  });
}

async function probe(name: string, check: Check): Promise<'ok' | 'unavailable'> {
  try {
    await check(AbortSignal.timeout(CHECK_TIMEOUT_MS));
    return 'ok';
  } catch (error) {
    logger.warn('health check failed', { dependency: name, error: outageLabel(error) });
    return 'unavailable';
  }
}
