import * as z from 'zod';
import { type RoutingConfigInput, RoutingConfigSchema } from '#core/routing/index.ts';
import { ConfigError, envSchema, parseEnv } from '#shared/env.ts';
import { PartitionMap, parsePartitionLayout } from './partitions.ts';
import type { TimerScheduleTarget } from './timer-schedules.ts';

const RoutingEnvSchema = envSchema({
  ROUTING_QUEUE_URL: z.url().optional(),
  ROUTING_TIMER_QUEUE_URL: z.url().optional(),
  /** The routing queue's dead-letter queue: malformed events are parked there with the reason. */
  ROUTING_DLQ_URL: z.url().optional(),
  /** The home partition: queues and agents no other partition lists. */
  ONETHREAD_ROUTING_PARTITION: z.string().min(1).default('default'),
  /** How the floor is split, as JSON: `{ "east": { "queues": [...], "agents": [...] } }`. */
  ONETHREAD_ROUTING_PARTITIONS: z.string().optional(),
  /** EventBridge Scheduler group for timers beyond SQS's 15-minute delay; the next three go with it. */
  ROUTING_SCHEDULE_GROUP: z.string().min(1).max(64).optional(),
  ROUTING_SCHEDULER_ROLE_ARN: z.string().startsWith('arn:').optional(),
  ROUTING_TIMER_QUEUE_ARN: z.string().startsWith('arn:').optional(),
  ROUTING_TIMER_DLQ_ARN: z.string().startsWith('arn:').optional(),
  SCHEDULER_ENDPOINT: z.url().optional(),
  /** Engine settings as JSON: offer timeout, aging, stickiness, reassignment of absent agents… */
  ONETHREAD_ROUTING_CONFIG: z.string().optional(),
  /** The language of agents whose skills name none (also what translation takes them to speak). */
  ONETHREAD_AGENT_LANGUAGE: z
    .string()
    .regex(/^[a-z]{2}$/)
    .optional(),
  /** Where work of queues delivered by Amazon Connect goes, and the console its tasks link to. */
  ONETHREAD_CONNECT_REQUESTS_QUEUE_URL: z.url().optional(),
  ONETHREAD_CONSOLE_URL: z.url().optional(),
});

export interface RoutingSettings {
  eventsQueueUrl?: string | undefined;
  timerQueueUrl?: string | undefined;
  deadLetterQueueUrl?: string | undefined;
  /** The home partition and the others, by queue and by agent. */
  partitions: PartitionMap;
  engine: RoutingConfigInput;
  /** Queues delivered by Amazon Connect: the requests queue their tasks go through, the console link. */
  connectHandoff?: { requestsQueueUrl?: string | undefined; consoleUrl?: string | undefined } | undefined;
  /** Long timers go to EventBridge Scheduler when set; otherwise they hop through the timer queue. */
  longTimers?: (TimerScheduleTarget & { endpoint?: string | undefined }) | undefined;
}

/** The routing functions' own settings, read once at start like every other config. */
export function loadRoutingSettings(env: Record<string, string | undefined>): RoutingSettings {
  const vars = parseEnv(RoutingEnvSchema, env);
  let engine: RoutingConfigInput = {};
  if (vars.ONETHREAD_ROUTING_CONFIG) {
    try {
      engine = RoutingConfigSchema.parse(JSON.parse(vars.ONETHREAD_ROUTING_CONFIG));
    } catch (error) {
      throw new ConfigError(`ONETHREAD_ROUTING_CONFIG is not valid (${(error as Error).message})`);
    }
  }
  if (vars.ONETHREAD_AGENT_LANGUAGE) engine = { agentLanguage: vars.ONETHREAD_AGENT_LANGUAGE, ...engine };
  return {
    eventsQueueUrl: vars.ROUTING_QUEUE_URL,
    timerQueueUrl: vars.ROUTING_TIMER_QUEUE_URL,
    deadLetterQueueUrl: vars.ROUTING_DLQ_URL,
    partitions: new PartitionMap(
      vars.ONETHREAD_ROUTING_PARTITION,
      parsePartitionLayout(vars.ONETHREAD_ROUTING_PARTITIONS),
    ),
    engine,
    connectHandoff: {
      requestsQueueUrl: vars.ONETHREAD_CONNECT_REQUESTS_QUEUE_URL,
      consoleUrl: vars.ONETHREAD_CONSOLE_URL,
    },
    longTimers: longTimerTarget(vars),
  };
}

function longTimerTarget(vars: z.infer<typeof RoutingEnvSchema>): RoutingSettings['longTimers'] {
  const groupName = vars.ROUTING_SCHEDULE_GROUP;
  if (!groupName) return undefined;
  const { ROUTING_SCHEDULER_ROLE_ARN: roleArn, ROUTING_TIMER_QUEUE_ARN: timerQueueArn } = vars;
  if (!roleArn || !timerQueueArn) {
    throw new ConfigError(
      'ROUTING_SCHEDULE_GROUP needs ROUTING_SCHEDULER_ROLE_ARN and ROUTING_TIMER_QUEUE_ARN as well',
    );
  }
  return {
    groupName,
    roleArn,
    timerQueueArn,
    deadLetterQueueArn: vars.ROUTING_TIMER_DLQ_ARN,
    endpoint: vars.SCHEDULER_ENDPOINT,
  };
}
