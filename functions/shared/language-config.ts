import * as z from 'zod';
import { ConfigError, envSchema, parseEnv } from './env.ts';
import { safeJson } from './json.ts';

const languageCode = z.string().regex(/^[a-z]{2}$/, 'an ISO 639-1 language code such as es');

const LanguageEnvSchema = envSchema({
  AWS_REGION: z.string().min(1).default('us-east-1'),
  /** What a message says too little to tell falls back to, after the conversation and customer. */
  ONETHREAD_DEFAULT_LANGUAGE: languageCode.optional(),
  /** Per-queue fallbacks, as JSON (`{"ventas":"es"}`). */
  ONETHREAD_QUEUE_LANGUAGES: z.string().optional(),
  ONETHREAD_TRANSLATION: z.enum(['on', 'off']).default('off'),
  /** Comma-separated languages translation is offered for; empty means any the service knows. */
  ONETHREAD_TRANSLATION_LANGUAGES: z.string().default(''),
  /** The language of agents whose skills name none (`lang:xx`). */
  ONETHREAD_AGENT_LANGUAGE: languageCode.default('en'),
  /** Where the TranslateText API is, when not the region's endpoint (the local stand-in). */
  TRANSLATE_ENDPOINT: z.url().optional(),
});

/** Language detection's fallbacks and live translation's settings. */
export interface LanguageConfig {
  region: string;
  defaultLanguage?: string | undefined;
  queueLanguages: Record<string, string>;
  translation: {
    enabled: boolean;
    /** Empty: every pair the service offers. */
    languages: string[];
    agentLanguage: string;
    endpoint?: string | undefined;
  };
}

export function loadLanguageConfig(env: Record<string, string | undefined>): LanguageConfig {
  const vars = parseEnv(LanguageEnvSchema, env);
  const languages = vars.ONETHREAD_TRANSLATION_LANGUAGES.split(',')
    .map((code) => code.trim())
    .filter(Boolean);
  const bad = languages.find((code) => !languageCode.safeParse(code).success);
  if (bad) throw new ConfigError(`ONETHREAD_TRANSLATION_LANGUAGES: ${bad} is not an ISO 639-1 code`);
  return {
    region: vars.AWS_REGION,
    defaultLanguage: vars.ONETHREAD_DEFAULT_LANGUAGE,
    queueLanguages: parseQueueLanguages(vars.ONETHREAD_QUEUE_LANGUAGES),
    translation: {
      enabled: vars.ONETHREAD_TRANSLATION === 'on',
      languages,
      agentLanguage: vars.ONETHREAD_AGENT_LANGUAGE,
      endpoint: vars.TRANSLATE_ENDPOINT,
    },
  };
}

function parseQueueLanguages(raw: string | undefined): Record<string, string> {
  if (!raw) return {};
  const parsed = z.record(z.string().min(1), languageCode).safeParse(safeJson(raw));
  if (!parsed.success)
    throw new ConfigError('ONETHREAD_QUEUE_LANGUAGES: a JSON object of queue id → language');
  return parsed.data;
}
