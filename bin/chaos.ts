import { integerOption, parseCommandLine, runCommand } from '#local/command-line.ts';
import { passed } from '../bench/chaos/count.ts';
import { type ChaosResult, runChaos } from '../bench/chaos/run.ts';

/**
 * `npm run chaos`: the local platform under a stream of chat and Messenger messages while
 * DynamoDB Local is killed and restarted and the queue consumers restarted; fails unless every
 * acknowledged message reached its timeline once, with nothing dead-lettered.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const USAGE = `usage: npm run chaos -- [options]

Starts the local platform (as npm start does), sends chat messages and signed Messenger webhooks
(a tenth delivered twice, some out of order), kills and restarts DynamoDB Local and restarts the
queue consumers meanwhile, waits for the queues to drain and counts what reached the timelines.
Exits 1 if any acknowledged message was lost or doubled, or anything was dead-lettered.

options:
  --messages <n>         messages to send (default 20000)
  --outages <n>          times DynamoDB Local is killed and restarted (default 2)
  --outage-seconds <s>   how long it stays down each time (default 5)
  --restarts <n>         times the queue consumers are restarted (default 1)
  --in-flight <n>        conversations sending at once (default 48)
  --seed <n>             the traffic plan's seed (default 1)
  --json                 print the figures as one JSON line
  --help                 print this and exit`;

await runCommand('chaos', async () => {
  const { values: options } = parseCommandLine(process.argv.slice(2), {
    usage: USAGE,
    options: {
      messages: { type: 'string' },
      outages: { type: 'string' },
      'outage-seconds': { type: 'string' },
      restarts: { type: 'string' },
      'in-flight': { type: 'string' },
      seed: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  const plan = {
    messages: integerOption(options.messages, 'messages', 20_000),
    outages: integerOption(options.outages, 'outages', 2, 0),
    outageSeconds: integerOption(options['outage-seconds'], 'outage-seconds', 5, 0),
    consumerRestarts: integerOption(options.restarts, 'restarts', 1, 0),
    inFlight: integerOption(options['in-flight'], 'in-flight', 48),
    seed: integerOption(options.seed, 'seed', 1, 0),
  };
  // With --json, stdout carries the one JSON line; everything else goes to stderr.
  const out = options.json ? process.stderr : process.stdout;
  const log = (line: string) => out.write(`${out.isTTY ? '\n' : ''}  … ${line}\n`);
  const result = await runChaos({ ...plan, log, progress: progressLine(out) });
  if (options.json) {
    const { acknowledged, stored, lost, doubled, outOfOrder, deadLettered, recoverSeconds } = result;
    console.log(
      JSON.stringify({ acknowledged, stored, lost, doubled, outOfOrder, deadLettered, recoverSeconds }),
    );
  } else {
    report(result);
  }
  return passed(result) ? 0 : 1;
});

/** A bar that rewrites itself on a terminal; a line every 10% otherwise. */
function progressLine(stream: NodeJS.WriteStream): (done: number, total: number) => void {
  let lastDecile = -1;
  return (done, total) => {
    if (stream.isTTY) {
      const filled = Math.round((done / total) * 30);
      stream.write(`\r  sending [${'#'.repeat(filled)}${' '.repeat(30 - filled)}] ${done}/${total}`);
      return;
    }
    const decile = Math.floor((done / total) * 10);
    if (decile === lastDecile) return;
    lastDecile = decile;
    stream.write(`  sending: ${done}/${total}\n`);
  };
}

function report(result: ChaosResult): void {
  const outages = result.faults.filter((fault) => fault.kind === 'outage');
  const rows: [string, string | number][] = [
    ['messages acknowledged (2xx)', result.acknowledged],
    ['stored on their timelines', result.stored],
    ['lost', result.lost],
    ['doubled', result.doubled],
    ['out of order', result.outOfOrder],
    ['dead-lettered', result.deadLettered],
    ['deliveries (with redeliveries)', result.deliveries],
    ['conversations', result.conversations],
    ['answers retried by the clients (503)', result.retried],
    ['deliveries never acknowledged', result.unacknowledged],
    ['DynamoDB outages', outages.map((fault) => `${fault.seconds.toFixed(1)} s`).join(', ') || 'none'],
    ['consumer restarts', result.faults.length - outages.length],
    ['drained after the last outage', `${result.recoverSeconds} s`],
    ['run time', `${result.seconds} s`],
  ];
  console.log('\n| figure | value |\n| --- | --- |');
  for (const [name, value] of rows) console.log(`| ${name} | ${value} |`);
  console.log(
    passed(result) ? '\nnothing lost, doubled or dead-lettered' : '\nFAILED: see the figures above',
  );
}
