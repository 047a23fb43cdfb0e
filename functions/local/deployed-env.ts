import { FUNCTIONS, type FunctionName } from '../routes.ts';
import type { EnvName, FunctionEnv } from '../shared/env-names.ts';

/**
 * Values of the shape the stack sets, for every variable some function requires: what importing a
 * Lambda entry outside AWS needs (the bundle benchmark, the entries' tests). Nothing is called.
 */
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

/** The variables the stack always sets for a function, with values of their deployed shape. */
export function deployedEnv(name: FunctionName): FunctionEnv {
  return Object.fromEntries(FUNCTIONS[name].requires.map((variable) => [variable, DEPLOYED[variable]]));
}
