import { existsSync } from 'node:fs';
import { integerOption, parseCommandLine, runCommand, UsageError } from '#local/command-line.ts';
import { playCall, playWebCall } from '#local/connect-call.ts';

// As for npm start: ONETHREAD_DEV_TOKEN may live in `.env`; the environment wins.
if (existsSync('.env')) process.loadEnvFile('.env');

/**
 * `npm run connect -- call --from +14155550100 [--queue billing] [--duration 120]`: simulates one
 * whole Amazon Connect call against a running `npm start` — the contact flow's lookup, then the
 * call queued, connected to an agent and disconnected — so it lands on the caller's timeline.
 * `npm run connect -- web-call --session <id> --session-token <token> [--video]` does the same
 * for an in-app or web call of a chat session: the session asks for the call, then it is played.
 */
const usage =
  'usage: npm run connect -- call --from <E.164 number> [--to <number dialled>] [--queue <queue>] ' +
  '[--agent <agent>] [--duration <seconds>] [--pace <ms between events>] [--url http://localhost:3000] ' +
  '[--token <the agent token npm start printed; default ONETHREAD_DEV_TOKEN>]\n' +
  '       npm run connect -- web-call --session <chat session id> --session-token <its token> [--video] ' +
  '[--url …] [--token …]';

await runCommand('connect', async () => {
  const { values, positionals } = parseCommandLine(process.argv.slice(2), {
    usage,
    positionals: 1,
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      queue: { type: 'string' },
      agent: { type: 'string' },
      duration: { type: 'string' },
      pace: { type: 'string' },
      url: { type: 'string' },
      token: { type: 'string' },
      session: { type: 'string' },
      'session-token': { type: 'string' },
      video: { type: 'boolean' },
    },
  });
  const devToken = values.token ?? process.env.ONETHREAD_DEV_TOKEN;
  if (!devToken) {
    throw new UsageError(
      'the local Connect routes need the agent token npm start printed: --token, or ONETHREAD_DEV_TOKEN',
    );
  }
  const url = (values.url ?? `http://localhost:${process.env.PORT ?? 3000}`).replace(/\/+$/, '');
  const step = (line: string) => console.log(`  ${line}`);
  const [command] = positionals;
  if (command === 'web-call') {
    if (!values.session || !values['session-token'])
      throw new UsageError('web-call needs --session and --session-token');
    const run = await playWebCall(
      { url, devToken },
      { sessionId: values.session, sessionToken: values['session-token'], video: values.video },
      step,
    );
    console.log(`web call ${run.contactId} done`);
    timelineHint(url, run.answer.customerId);
    return;
  }
  if (command !== 'call')
    throw new UsageError(command ? `unknown command '${command}'; call or web-call` : 'call or web-call?');
  if (!values.from) throw new UsageError('call needs --from <E.164 number>');
  const run = await playCall(
    { url, devToken },
    {
      from: values.from,
      to: values.to,
      queue: values.queue,
      agent: values.agent,
      durationSeconds: integerOption(values.duration, 'duration', 120, 0),
      paceMs: integerOption(values.pace, 'pace', 0, 0),
    },
    step,
  );
  console.log(`call ${run.contactId} done`);
  timelineHint(url, run.answer.customerId);
});

function timelineHint(url: string, customerId: string | undefined): void {
  if (customerId) console.log(`timeline: GET ${url}/customers/${customerId}/timeline (agent token)`);
}
