import { SQSClient } from '@aws-sdk/client-sqs';
import { parseCommandLine, runCommand, UsageError } from '#local/command-line.ts';
import { localSqsConfig } from '#local/emulators.ts';
import { moveBack } from '#queue/move-task.ts';
import { redrive } from '#queue/redrive.ts';

/**
 * `npm run redrive`: moves every dead-lettered message back to its queue once the cause is
 * fixed. On AWS (the usual credentials and region) SQS's own message move task does it; against
 * a local SQS endpoint the messages are copied back and deleted. Locally,
 * `POST /local/queues/ingest/redrive` does the same for the ingest queue.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const USAGE = `usage: npm run redrive -- --dlq <dead-letter queue URL> --queue <source queue URL> [options]

Moves every message of the dead-letter queue back to the source queue.

options:
  --dlq <url>        the dead-letter queue to empty
  --queue <url>      the queue its messages go back to
  --region <region>  the AWS region (default: the usual AWS configuration)
  --endpoint <url>   a local SQS endpoint (the emulator npm start runs); without it, on AWS,
                     SQS's message move task moves the messages and its status is reported
  --help             print this and exit`;

await runCommand('redrive', async () => {
  const { values } = parseCommandLine(process.argv.slice(2), {
    usage: USAGE,
    options: {
      dlq: { type: 'string' },
      queue: { type: 'string' },
      region: { type: 'string' },
      endpoint: { type: 'string' },
    },
  });
  const { dlq, queue } = values;
  if (!dlq || !queue) throw new UsageError('both --dlq and --queue are needed');
  const sqs = new SQSClient({
    ...(values.endpoint ? localSqsConfig(values.endpoint) : {}),
    ...(values.region ? { region: values.region } : {}),
  });
  if (values.endpoint) {
    const { moved } = await redrive(sqs, dlq, queue, (n) => process.stdout.write(`\r  moved ${n}`));
    console.log(`\nmoved ${moved} message(s) back to ${queue}`);
    return;
  }
  const result = await moveBack(sqs, dlq, queue, (task) =>
    process.stdout.write(
      `\r  ${task.status}: moved ${task.moved}${task.toMove === undefined ? '' : ` of ${task.toMove}`}`,
    ),
  );
  console.log(
    `\nmove task ${result.status.toLowerCase()}: ${result.moved} message(s) moved back to ${queue}`,
  );
  if (result.status !== 'COMPLETED')
    throw new Error(result.failureReason ?? `the move task ended ${result.status}`);
});
