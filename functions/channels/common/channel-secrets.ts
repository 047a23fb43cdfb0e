import { DomainError } from '#core/errors.ts';
import { logger } from '#shared/observability.ts';
import type { SecretName, SecretSource } from '#shared/secrets.ts';

/**
 * A provider's secret this function cannot work without. Its absence is our fault, not the
 * caller's: a 503 (providers retry), with the missing name in our log and not in the answer.
 */
export async function requireSecret(secrets: SecretSource, name: SecretName): Promise<string> {
  const value = await secrets.get(name);
  if (!value) {
    logger.error('a channel secret is not configured', { secret: name });
    throw notConfigured();
  }
  return value;
}

export const notConfigured = () =>
  new DomainError('channel_not_configured', 'this channel is not configured');
