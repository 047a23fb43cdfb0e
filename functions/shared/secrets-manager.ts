import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SECRET_NAMES, type SecretName, type SecretSource } from './secrets.ts';

/** Which provider's secret holds a credential: the JSON keys are the credential names. */
export type SecretProvider = 'meta' | 'x' | 'twilio';

export function providerOfSecret(name: SecretName): SecretProvider {
  if (name.startsWith('META_')) return 'meta';
  if (name.startsWith('X_')) return 'x';
  return 'twilio';
}

/** A rotated credential is picked up within this long, without a redeploy. */
const REFRESH_MS = 5 * 60_000;

/**
 * Credentials read from AWS Secrets Manager at run time: one JSON secret per provider, read on
 * first use and again after a few minutes, so rotation needs no deployment and the values never
 * sit in the function's configuration. A credential missing from its secret falls back to
 * `fallback` (the environment), which keeps local runs and tests on plain variables.
 */
export function secretsManagerSecrets(
  client: SecretsManagerClient,
  secretIds: Partial<Record<SecretProvider, string>>,
  fallback: SecretSource,
  clock: () => number = Date.now,
): SecretSource {
  const cache = new Map<SecretProvider, { values: Record<string, unknown>; readAt: number }>();
  const load = async (provider: SecretProvider, secretId: string) => {
    const cached = cache.get(provider);
    if (cached && clock() - cached.readAt < REFRESH_MS) return cached.values;
    const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
    const values = JSON.parse(SecretString ?? '{}') as Record<string, unknown>;
    cache.set(provider, { values, readAt: clock() });
    return values;
  };
  return {
    get: async (name: SecretName) => {
      if (!SECRET_NAMES.includes(name)) return undefined;
      const secretId = secretIds[providerOfSecret(name)];
      const value = secretId ? (await load(providerOfSecret(name), secretId))[name] : undefined;
      return typeof value === 'string' && value ? value : fallback.get(name);
    },
    toJSON: () => '[secrets]',
  } as SecretSource;
}
