import * as z from 'zod';
import { envSchema, parseEnv } from '#shared/env.ts';

const ConnectEnvSchema = envSchema({
  ONETHREAD_CONNECT_INSTANCE_ARN: z
    .string()
    .regex(/^arn:aws[\w-]*:connect:[\w-]+:\d{12}:instance\/[\w-]+$/, 'an Amazon Connect instance ARN')
    .optional(),
  ONETHREAD_CONNECT_LOOKUP_BUDGET_MS: z.coerce.number().int().min(100).max(7_000).default(3_000),
  ONETHREAD_CONNECT_RECENT_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(24),
  AWS_REGION: z.string().min(1).default('us-east-1'),
  CONNECT_ENDPOINT: z.url().optional(),
  ONETHREAD_CONNECT_REQUESTS_QUEUE_URL: z.url().optional(),
  ONETHREAD_CONNECT_REQUESTS_PER_SECOND: z.coerce.number().positive().max(50).default(2),
  ONETHREAD_CONNECT_TASK_FLOW_ID: z.string().min(1).max(500).optional(),
  ONETHREAD_CONNECT_CALLBACK_FLOW_ID: z.string().min(1).max(500).optional(),
  ONETHREAD_CONNECT_CALLBACK_QUEUE_ID: z.string().min(1).max(500).optional(),
  ONETHREAD_CONNECT_WEBRTC_FLOW_ID: z.string().min(1).max(500).optional(),
});

/** The Amazon Connect channel's settings. */
export interface ConnectConfig {
  /** Contacts of other instances are ignored when set. */
  instanceArn?: string | undefined;
  /** The contact flow lookup answers with safe defaults once this much time has passed. */
  lookupBudgetMs: number;
  /** A contact on another channel this recent raises a call's priority. */
  recentContactHours: number;
  region: string;
  /** Where the Amazon Connect API is, when not the region's endpoint (a local stand-in in tests). */
  endpoint?: string | undefined;
  /** The queue that paces requests into Connect (tasks, callbacks). */
  requestsQueueUrl?: string | undefined;
  /** Requests into Connect per second, per consumer. */
  requestsPerSecond: number;
  /** The flow a task runs when it starts, and the flow and queue of an outbound callback. */
  taskFlowId?: string | undefined;
  callbackFlowId?: string | undefined;
  callbackQueueId?: string | undefined;
  /** The flow in-app and web calls (StartWebRTCContact) run; unset means they are off. */
  webCallFlowId?: string | undefined;
}

export function loadConnectConfig(env: Record<string, string | undefined>): ConnectConfig {
  const vars = parseEnv(ConnectEnvSchema, env);
  return {
    instanceArn: vars.ONETHREAD_CONNECT_INSTANCE_ARN,
    lookupBudgetMs: vars.ONETHREAD_CONNECT_LOOKUP_BUDGET_MS,
    recentContactHours: vars.ONETHREAD_CONNECT_RECENT_HOURS,
    region: vars.AWS_REGION,
    endpoint: vars.CONNECT_ENDPOINT,
    requestsQueueUrl: vars.ONETHREAD_CONNECT_REQUESTS_QUEUE_URL,
    requestsPerSecond: vars.ONETHREAD_CONNECT_REQUESTS_PER_SECOND,
    taskFlowId: vars.ONETHREAD_CONNECT_TASK_FLOW_ID,
    callbackFlowId: vars.ONETHREAD_CONNECT_CALLBACK_FLOW_ID,
    callbackQueueId: vars.ONETHREAD_CONNECT_CALLBACK_QUEUE_ID,
    webCallFlowId: vars.ONETHREAD_CONNECT_WEBRTC_FLOW_ID,
  };
}
