import { SECRET_ENV_NAMES } from './env-names.ts';

/**
 * Provider credentials, behind one small interface: from the environment (or `.env`) locally,
 * and from a secret store in the cloud. Values never appear in logs or in the config object.
 */
export const SECRET_NAMES = SECRET_ENV_NAMES;
export type SecretName = (typeof SECRET_NAMES)[number];

export interface SecretSource {
  /** The secret's value, or undefined when this deployment does not have it. */
  get(name: SecretName): Promise<string | undefined>;
}

/** Secrets known up front (the environment). The values live in a closure, not on the object. */
export function staticSecrets(values: Partial<Record<SecretName, string | undefined>>): SecretSource {
  const known = new Map<SecretName, string>();
  for (const name of SECRET_NAMES) {
    const value = values[name];
    if (value) known.set(name, value);
  }
  return {
    get: async (name) => known.get(name),
    toJSON: () => '[secrets]',
  } as SecretSource;
}
