import { parseArgs } from 'node:util';
import { SQSClient } from '@aws-sdk/client-sqs';
import { redrive } from '#queue/redrive.ts';

/**
 * `npm run redrive -- --dlq <dead-letter queue URL> --queue <source queue URL>`: moves every
 * dead-lettered message back to its queue once the cause is fixed. Uses the usual AWS
 * credentials and region; locally, `POST /local/queues/ingest/redrive` does the same.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const { values } = parseArgs({
  options: { dlq: { type: 'string' }, queue: { type: 'string' }, region: { type: 'string' } },
});
if (!values.dlq || !values.queue) {
  console.error(
    'usage: npm run redrive -- --dlq <dead-letter queue URL> --queue <source queue URL> [--region r]',
  );
  process.exit(2);
}
const sqs = new SQSClient(values.region ? { region: values.region } : {});
try {
  const { moved } = await redrive(sqs, values.dlq, values.queue, (n) =>
    process.stdout.write(`\r  moved ${n}`),
  );
  console.log(`\nmoved ${moved} message(s) back to ${values.queue}`);
} catch (error) {
  console.error(`\nredrive failed: ${(error as Error).message}`);
  process.exit(1);
}
