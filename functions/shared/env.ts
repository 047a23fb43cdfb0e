import * as z from 'zod';
import { DomainError } from '#core/errors.ts';
import type { EnvName } from './env-names.ts';

export class ConfigError extends DomainError {
  constructor(message: string) {
    super('invalid_config', `OneThread is misconfigured: ${message}`);
    this.name = 'ConfigError';
  }
}

/** Parses a function's environment; a bad setting stops it at start, naming the variable. */
export function parseEnv<S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined>,
): z.infer<S> {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new ConfigError(`${issue?.path.join('.')}: ${issue?.message}`);
}

/**
 * A function's environment schema: its keys can only be names of the registry, so a function
 * cannot read a variable the stack and the local runtime have no name for.
 */
export function envSchema<const S extends { [K in EnvName]?: z.ZodType }>(
  shape: S & Record<Exclude<keyof S, EnvName>, never>,
) {
  return z.object(shape);
}

/**
 * A Lambda function's environment once every variable the stack always sets for it is there
 * (`requires` in functions/routes.ts): a function deployed without one fails its cold start
 * naming it, not its first request.
 */
export function requireEnv(
  env: Record<string, string | undefined>,
  names: readonly EnvName[],
): Record<string, string | undefined> {
  const missing = names.find((name) => !env[name]);
  if (missing) throw new ConfigError(`${missing}: this function needs it and it is not set`);
  return env;
}
