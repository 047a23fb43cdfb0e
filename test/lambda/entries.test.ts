import { afterEach, describe, expect, it, vi } from 'vitest';
import { FUNCTIONS, type FunctionName } from '../../functions/routes.ts';
import type { EnvName } from '../../functions/shared/env-names.ts';

/** Values of the shape the stack sets, for every variable some function requires. */
const DEPLOYED: Partial<Record<EnvName, string>> = {
  TABLE_NAME: 'onethread-dev-table',
  AUDIT_TABLE_NAME: 'onethread-dev-audit',
  INGEST_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/111122223333/onethread-ingest',
  ROUTING_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/111122223333/onethread-routing.fifo',
  ROUTING_DLQ_URL: 'https://sqs.eu-west-1.amazonaws.com/111122223333/onethread-routing-dlq.fifo',
  ROUTING_TIMER_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/111122223333/onethread-timers',
  ROUTING_TIMER_QUEUE_ARN: 'arn:aws:sqs:eu-west-1:111122223333:onethread-timers',
  ROUTING_TIMER_DLQ_ARN: 'arn:aws:sqs:eu-west-1:111122223333:onethread-timers-dlq',
  ROUTING_SCHEDULE_GROUP: 'onethread-routing-timers',
  ROUTING_SCHEDULER_ROLE_ARN: 'arn:aws:iam::111122223333:role/onethread-scheduler',
  ONETHREAD_ROUTING_PARTITION: 'default',
  ONETHREAD_EMAIL_BUCKET: 'onethread-dev-email',
  ONETHREAD_EXPORT_FUNCTION: 'onethread-dev-customer-exports',
  ONETHREAD_REPORTS_BUCKET: 'onethread-dev-reports',
  ONETHREAD_KB_BUCKET: 'onethread-dev-knowledge',
  ONETHREAD_LIVE_URL: 'wss://abc123.execute-api.eu-west-1.amazonaws.com/live',
  ONETHREAD_LIVE_ENDPOINT: 'https://abc123.execute-api.eu-west-1.amazonaws.com/live',
  ONETHREAD_USER_POOL_ID: 'eu-west-1_AbCdEfGhI',
  ONETHREAD_USER_POOL_CLIENT_ID: '1example23456789',
  ONETHREAD_CONSOLE_ORIGINS: 'https://console.example.com',
  ONETHREAD_EVENT_BUS: 'onethread-dev-events',
  ONETHREAD_CONNECT_REQUESTS_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/111122223333/onethread-connect',
};

const names = Object.keys(FUNCTIONS) as FunctionName[];

/** Imports a function's Lambda entry afresh, as a cold start does, with exactly this environment. */
async function coldStart(name: FunctionName, env: Partial<Record<EnvName, string>>): Promise<unknown> {
  vi.resetModules();
  for (const [variable, value] of Object.entries(env)) vi.stubEnv(variable, value);
  const module = (await import(/* @vite-ignore */ `../../${FUNCTIONS[name].entry}`)) as { handler: unknown };
  return module.handler;
}

function requiredEnv(name: FunctionName): Partial<Record<EnvName, string>> {
  return Object.fromEntries(FUNCTIONS[name].requires.map((variable) => [variable, DEPLOYED[variable]]));
}

describe('Lambda entries', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it.each(names)('%s starts with the variables the stack sets for it', async (name) => {
    expect(typeof (await coldStart(name, requiredEnv(name)))).toBe('function');
  });

  it.each(names.filter((name) => FUNCTIONS[name].requires.length > 0))(
    '%s fails its cold start naming each required variable that is missing',
    async (name) => {
      for (const missing of FUNCTIONS[name].requires) {
        const env = { ...requiredEnv(name), [missing]: '' };
        await expect(coldStart(name, env), missing).rejects.toThrow(missing);
      }
    },
  );

  it('fails the cold start naming a variable whose value is bad', async () => {
    const env = { ...requiredEnv('health'), INGEST_QUEUE_URL: 'not a url' };
    await expect(coldStart('health', env)).rejects.toThrow(/INGEST_QUEUE_URL/);
  });
});
