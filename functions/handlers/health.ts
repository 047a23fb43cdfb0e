import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { httpHandler } from '#http/http-handler.ts';
import { json } from '#http/response.ts';
import { loadConfig } from '#shared/config.ts';
import { type AppDeps, createDeps, lazyHandler } from '#shared/deps.ts';
import { logger } from '#shared/observability.ts';

/** Ready means the table is active and the ingest queue answers. */
export function makeHandler(deps: AppDeps) {
  return httpHandler(logger, async () => {
    const checks = await Promise.allSettled([
      deps.table.doc.send(new DescribeTableCommand({ TableName: deps.table.tableName })).then((out) => {
        if (out.Table?.TableStatus !== 'ACTIVE') throw new Error('table not active');
      }),
      deps.config.ingestQueueUrl
        ? deps.sqs.send(
            new GetQueueAttributesCommand({
              QueueUrl: deps.config.ingestQueueUrl,
              AttributeNames: ['QueueArn'],
            }),
          )
        : Promise.resolve(),
    ]);
    const [table, queue] = checks.map((check) => (check.status === 'fulfilled' ? 'ok' : 'unavailable'));
    const ok = table === 'ok' && queue === 'ok';
    return json(ok ? 200 : 503, { status: ok ? 'ok' : 'unavailable', checks: { table, ingestQueue: queue } });
  });
}

export const handler = lazyHandler(() => makeHandler(createDeps(loadConfig(process.env))));
