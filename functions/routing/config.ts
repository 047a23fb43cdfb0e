import { z } from 'zod';
import { type RoutingConfigInput, RoutingConfigSchema } from '#core/routing/index.ts';
import { ConfigError, parseEnv } from '#shared/config.ts';

const RoutingEnvSchema = z.object({
  ROUTING_QUEUE_URL: z.url().optional(),
  ROUTING_TIMER_QUEUE_URL: z.url().optional(),
  ONETHREAD_ROUTING_PARTITION: z.string().min(1).default('default'),
  /** Engine settings as JSON: offer timeout, aging, stickiness, reassignment of absent agents… */
  ONETHREAD_ROUTING_CONFIG: z.string().optional(),
});

export interface RoutingSettings {
  eventsQueueUrl?: string | undefined;
  timerQueueUrl?: string | undefined;
  partition: string;
  engine: RoutingConfigInput;
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
  return {
    eventsQueueUrl: vars.ROUTING_QUEUE_URL,
    timerQueueUrl: vars.ROUTING_TIMER_QUEUE_URL,
    partition: vars.ONETHREAD_ROUTING_PARTITION,
    engine,
  };
}
