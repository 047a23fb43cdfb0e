import { SecretValue } from 'aws-cdk-lib';
import type { SecretName } from '#shared/secrets.ts';
import type { ProviderName } from './config.ts';
import type { HouseFunction } from './house-function.ts';

/**
 * The JSON keys each provider's Secrets Manager secret holds: the variable names the functions
 * read (functions/shared/secrets.ts). The Twilio account SID is no secret, but it belongs with
 * the auth token and the functions need both.
 */
export const PROVIDER_SECRET_KEYS = {
  meta: ['META_APP_SECRET', 'META_VERIFY_TOKEN', 'META_ACCESS_TOKEN', 'META_PAGE_ACCESS_TOKEN'],
  x: ['X_CONSUMER_SECRET', 'X_ACCESS_TOKEN'],
  twilio: ['TWILIO_AUTH_TOKEN', 'TWILIO_ACCOUNT_SID'],
} as const satisfies Record<ProviderName, readonly (SecretName | 'TWILIO_ACCOUNT_SID')[]>;

export type ProviderSecretKey = (typeof PROVIDER_SECRET_KEYS)[ProviderName][number];

function providerOf(key: ProviderSecretKey): ProviderName {
  const entry = Object.entries(PROVIDER_SECRET_KEYS).find(([, keys]) =>
    (keys as readonly string[]).includes(key),
  );
  if (!entry) throw new Error(`no provider holds ${key}`);
  return entry[0] as ProviderName;
}

/**
 * Gives a function the provider credentials it reads, as CloudFormation dynamic references
 * (`{{resolve:secretsmanager:<name>:SecretString:<key>}}`): the template holds only the secret's
 * name, and CloudFormation resolves the value when it deploys the function. The functions read
 * their credentials from the environment, so they need no Secrets Manager permission. A
 * provider without a configured secret gets no variables, and its channel answers 503.
 */
export function bindProviderSecrets(
  fn: HouseFunction,
  secretNames: Partial<Record<ProviderName, string>>,
  keys: readonly ProviderSecretKey[],
): void {
  for (const key of keys) {
    const secretName = secretNames[providerOf(key)];
    if (!secretName) continue;
    fn.setEnv(key, SecretValue.secretsManager(secretName, { jsonField: key }).unsafeUnwrap());
  }
}
