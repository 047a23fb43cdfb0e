import { z } from 'zod';
import type { ConversationPolicy } from '#core/conversation.ts';
import { DEFAULT_ROUTING_RULES, type RoutingRules, RoutingRulesSchema } from '#core/entry-points.ts';

const EnvSchema = z.object({
  TABLE_NAME: z.string().min(1),
  INGEST_QUEUE_URL: z.url().optional(),
  ONETHREAD_DEFAULT_COUNTRY: z
    .string()
    .regex(/^[A-Za-z]{2}$/, 'a two-letter ISO country code')
    .default('US'),
  ONETHREAD_CONVERSATION_QUIET_SECONDS: z.coerce.number().int().positive().default(86_400),
  ONETHREAD_ROUTING_RULES: z.string().optional(),
});

export interface AppConfig {
  tableName: string;
  ingestQueueUrl?: string | undefined;
  defaultCountry: string;
  conversationPolicy: ConversationPolicy;
  routingRules: RoutingRules;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(`OneThread is misconfigured: ${message}`);
    this.name = 'ConfigError';
  }
}

/** The one place the environment is read; a bad setting stops the function at start. */
export function loadConfig(env: Record<string, string | undefined>): AppConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`${issue?.path.join('.')}: ${issue?.message}`);
  }
  const vars = parsed.data;
  return {
    tableName: vars.TABLE_NAME,
    ingestQueueUrl: vars.INGEST_QUEUE_URL,
    defaultCountry: vars.ONETHREAD_DEFAULT_COUNTRY.toUpperCase(),
    conversationPolicy: { quietSeconds: vars.ONETHREAD_CONVERSATION_QUIET_SECONDS },
    routingRules: parseRoutingRules(vars.ONETHREAD_ROUTING_RULES),
  };
}

function parseRoutingRules(raw: string | undefined): RoutingRules {
  if (!raw) return DEFAULT_ROUTING_RULES;
  try {
    return RoutingRulesSchema.parse(JSON.parse(raw));
  } catch (error) {
    throw new ConfigError(
      `ONETHREAD_ROUTING_RULES is not valid routing rules JSON (${(error as Error).message})`,
    );
  }
}
