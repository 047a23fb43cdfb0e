import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
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

const { values, positionals } = parseArgs({
  allowPositionals: true,
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
const duration = values.duration === undefined ? 120 : Number(values.duration);
const pace = values.pace === undefined ? 0 : Number(values.pace);
const webCall = positionals[0] === 'web-call';
if (webCall && (!values.session || !values['session-token'])) {
  console.error(usage);
  process.exit(2);
}
if (
  (!webCall && (positionals[0] !== 'call' || !values.from)) ||
  !Number.isInteger(duration) ||
  duration < 0 ||
  !(pace >= 0)
) {
  console.error(usage);
  process.exit(2);
}
if (!devToken) {
  console.error(
    'the local Connect routes need the agent token npm start printed: --token, or ONETHREAD_DEV_TOKEN',
  );
  process.exit(2);
}
const url = (values.url ?? `http://localhost:${process.env.PORT ?? 3000}`).replace(/\/+$/, '');
if (webCall) {
  try {
    const run = await playWebCall(
      { url, devToken },
      { sessionId: values.session ?? '', sessionToken: values['session-token'] ?? '', video: values.video },
      (step) => console.log(`  ${step}`),
    );
    console.log(`web call ${run.contactId} done`);
    if (run.answer.customerId) {
      console.log(`timeline: GET ${url}/customers/${run.answer.customerId}/timeline (agent token)`);
    }
  } catch (error) {
    console.error(`web call failed: ${(error as Error).message}`);
    process.exit(1);
  }
  process.exit(0);
}
try {
  const run = await playCall(
    { url, devToken },
    {
      from: values.from ?? '',
      to: values.to,
      queue: values.queue,
      agent: values.agent,
      durationSeconds: duration,
      paceMs: pace,
    },
    (step) => console.log(`  ${step}`),
  );
  console.log(`call ${run.contactId} done`);
  if (run.answer.customerId) {
    console.log(`timeline: GET ${url}/customers/${run.answer.customerId}/timeline (agent token)`);
  }
} catch (error) {
  console.error(`call failed: ${(error as Error).message}`);
  process.exit(1);
}
