import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as z from 'zod';
import { envSchema, parseEnv } from './env.ts';

const SurveyEnvSchema = envSchema({
  /** The key survey links are signed with, locally and in tests (at least 256 bits). */
  ONETHREAD_SURVEY_SECRET: z.string().min(32, 'at least 32 characters').optional(),
  /** On AWS: the Secrets Manager secret whose string is that key. */
  ONETHREAD_SURVEY_SECRET_ID: z.string().min(1).optional(),
  /** Where customers open the survey page: the API's public base URL. */
  ONETHREAD_PUBLIC_URL: z.url().optional(),
  /** Chat transcripts sent per chat session and per address, each per day. */
  ONETHREAD_TRANSCRIPTS_PER_DAY: z.coerce.number().int().min(1).max(100).default(3),
});

export interface SurveyConfig {
  /** Reads the signing key; undefined when none is configured (emailed surveys are then off). */
  key: () => Promise<Buffer | undefined>;
  publicUrl?: string | undefined;
  transcriptsPerDay: number;
}

const SECRET_REFRESH_MS = 5 * 60_000;

export function loadSurveyConfig(env: Record<string, string | undefined>): SurveyConfig {
  const vars = parseEnv(SurveyEnvSchema, env);
  return {
    key: keySource(vars.ONETHREAD_SURVEY_SECRET, vars.ONETHREAD_SURVEY_SECRET_ID),
    publicUrl: vars.ONETHREAD_PUBLIC_URL?.replace(/\/+$/, ''),
    transcriptsPerDay: vars.ONETHREAD_TRANSCRIPTS_PER_DAY,
  };
}

/** From the environment locally; from its secret in the cloud, re-read now and then (rotation). */
function keySource(secret: string | undefined, secretId: string | undefined): SurveyConfig['key'] {
  if (!secretId) return async () => (secret ? Buffer.from(secret, 'utf8') : undefined);
  let client: SecretsManagerClient | undefined;
  let cached: { value: Buffer | undefined; readAt: number } | undefined;
  return async () => {
    if (cached && Date.now() - cached.readAt < SECRET_REFRESH_MS) return cached.value;
    client ??= new SecretsManagerClient({});
    const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
    cached = { value: SecretString ? Buffer.from(SecretString, 'utf8') : undefined, readAt: Date.now() };
    return cached.value;
  };
}
