import { SecretValue } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { EnvName } from '#shared/env-names.ts';
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
  x: ['X_CONSUMER_SECRET', 'X_ACCESS_TOKEN', 'X_CONSUMER_KEY', 'X_OAUTH1_TOKEN', 'X_OAUTH1_TOKEN_SECRET'],
  twilio: ['TWILIO_AUTH_TOKEN', 'TWILIO_ACCOUNT_SID'],
} as const satisfies Record<ProviderName, readonly (SecretName | 'TWILIO_ACCOUNT_SID')[]>;

/**
 * X's OAuth 1.0a user context (the app's consumer key and secret, the brand account's access
 * token and secret): X serves direct-message media only to requests signed with it, and nothing
 * but fetching that media uses it.
 */
export const X_MEDIA_SECRETS = [
  'X_CONSUMER_KEY',
  'X_CONSUMER_SECRET',
  'X_OAUTH1_TOKEN',
  'X_OAUTH1_TOKEN_SECRET',
] as const satisfies readonly ProviderSecretKey[];

export type ProviderSecretKey = (typeof PROVIDER_SECRET_KEYS)[ProviderName][number];

function providerOf(key: ProviderSecretKey): ProviderName {
  const entry = Object.entries(PROVIDER_SECRET_KEYS).find(([, keys]) =>
    (keys as readonly string[]).includes(key),
  );
  if (!entry) throw new Error(`no provider holds ${key}`);
  return entry[0] as ProviderName;
}

/** The variable that tells a function where a provider's secret is (functions/shared/config.ts). */
const SECRET_ID_VARIABLES: Record<ProviderName, EnvName> = {
  meta: 'ONETHREAD_META_SECRET_ID',
  x: 'ONETHREAD_X_SECRET_ID',
  twilio: 'ONETHREAD_TWILIO_SECRET_ID',
};

/**
 * Gives a function the provider credentials it reads. Credentials stay in Secrets Manager: the
 * function gets the secret's name and may read that one secret, and it reads the values at run
 * time (so a rotation needs no deployment and no value sits in the function's configuration).
 * The Twilio account SID is an identifier, not a credential, and arrives as a plain variable
 * resolved from the same secret. A provider without a configured secret gets nothing, and its
 * channel answers 503.
 */
export function bindProviderSecrets(
  fn: HouseFunction,
  secretNames: Partial<Record<ProviderName, string>>,
  keys: readonly ProviderSecretKey[],
): void {
  for (const key of keys) {
    const provider = providerOf(key);
    const secretName = secretNames[provider];
    if (!secretName) continue;
    if (key === 'TWILIO_ACCOUNT_SID') {
      fn.setEnv(key, SecretValue.secretsManager(secretName, { jsonField: key }).unsafeUnwrap());
      continue;
    }
    fn.setEnv(SECRET_ID_VARIABLES[provider], secretName);
    if (!fn.node.tryFindChild(`${provider}Secret`)) {
      Secret.fromSecretNameV2(fn, `${provider}Secret`, secretName).grantRead(fn.function);
    }
  }
}
