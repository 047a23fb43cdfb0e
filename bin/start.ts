/** `npm start`: the whole platform on localhost, with no AWS account. */
import { existsSync } from 'node:fs';
import { acceptNoArguments } from '#local/command-line.ts';

acceptNoArguments(
  'start',
  `usage: npm start

Runs the whole platform on localhost with no AWS account: DynamoDB Local, an SQS emulator, the
SMTP listener, the API, the chat widget and the agent console. Settings come from the environment
and a git-ignored .env file (PORT, ONETHREAD_DEV_TOKEN, ONETHREAD_DATA_DIR, …; see README.md).
Ctrl-C stops it.`,
  process.argv.slice(2),
);

// Local settings and provider credentials may live in `.env` (git-ignored); the environment wins.
if (existsSync('.env')) process.loadEnvFile('.env');
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
// CloudWatch metrics are printed as log lines in the embedded metric format; locally there is no CloudWatch.
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
// Imported only now, so the handlers' logger sees the level set above.
const { startLocalRuntime } = await import('#local/runtime.ts');
const { ensureConsoleBuilt } = await import('#local/console-build.ts');

const port = Number(process.env.PORT ?? 3000);
const started = Date.now();

try {
  // The agent console is a static site: built once, and again only when its sources change.
  const consoleBuild = await ensureConsoleBuilt((step) => console.log(`  … ${step}`)).catch(
    (error: unknown) => {
      console.warn(`  ! the agent console could not be built: ${(error as Error).message}`);
      return 'unavailable' as const;
    },
  );
  const runtime = await startLocalRuntime({
    port,
    devToken: process.env.ONETHREAD_DEV_TOKEN,
    dataDir: process.env.ONETHREAD_DATA_DIR,
    env: process.env,
    onProgress: (step) => console.log(`  … ${step}`),
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`
OneThread is running locally (ready in ${seconds} s)

  API            ${runtime.url}
  Chat widget    ${runtime.url}/chat
  Help page      ${runtime.url}/help/
  Agent console  ${consoleBuild === 'unavailable' ? 'not built (run npm run console:build)' : `${runtime.url}/console/`}
  Health         ${runtime.url}/health
  SMTP (inbound) ${runtime.email.smtpPort ? `127.0.0.1:${runtime.email.smtpPort}` : 'not listening (port taken; set ONETHREAD_SMTP_PORT)'}
  Sent mail      ${runtime.email.sesEndpoint}/store
  Domain events  ${runtime.url}/local/events (agent token; ${runtime.events.webhooks} webhooks from ONETHREAD_WEBHOOKS)
  Agent token    ${runtime.devToken}${process.env.ONETHREAD_DEV_TOKEN ? ' (from ONETHREAD_DEV_TOKEN)' : ' (generated; set ONETHREAD_DEV_TOKEN to fix it)'}
  Data           ${process.env.ONETHREAD_DATA_DIR ? `kept in ${process.env.ONETHREAD_DATA_DIR}` : 'in memory (set ONETHREAD_DATA_DIR to keep it)'}

Try:
  curl -s -X POST ${runtime.url}/chat/sessions -H 'content-type: application/json' -d '{"name":"Ana","email":"ana@example.com"}'

Press Ctrl-C to stop.`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping OneThread…`);
    await runtime.stop();
    console.log('stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
} catch (error) {
  console.error(`\nOneThread could not start: ${(error as Error).message}`);
  process.exit(1);
}
