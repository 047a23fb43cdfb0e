import * as z from 'zod';
import type { ConversationPolicy } from '#core/conversation.ts';
import { DEFAULT_ROUTING_RULES, type RoutingRules, RoutingRulesSchema } from '#core/entry-points.ts';
import { parseRetentionPolicy, type RetentionPolicy } from '#core/retention.ts';
import { parseWhatsAppTemplates, type WhatsAppTemplate } from '#core/whatsapp-templates.ts';
import { ConfigError, envSchema, parseEnv } from './env.ts';
import { type LanguageConfig, loadLanguageConfig } from './language-config.ts';
import { SECRET_NAMES, type SecretName, type SecretSource, staticSecrets } from './secrets.ts';

/** A base URL without a trailing slash (`https://graph.facebook.com`). */
const baseUrl = (fallback: string) =>
  z
    .url()
    .default(fallback)
    .transform((url) => url.replace(/\/+$/, ''));

const EnvSchema = envSchema({
  TABLE_NAME: z.string().min(1),
  INGEST_QUEUE_URL: z.url().optional(),
  /** The access audit's table; functions that record or read the audit are given it. */
  AUDIT_TABLE_NAME: z.string().min(1).optional(),
  ONETHREAD_DEFAULT_COUNTRY: z
    .string()
    .regex(/^[A-Za-z]{2}$/, 'a two-letter ISO country code')
    .default('US'),
  ONETHREAD_CONVERSATION_QUIET_SECONDS: z.coerce.number().int().positive().default(86_400),
  ONETHREAD_ROUTING_RULES: z.string().optional(),
  /** How long records are kept, as JSON (docs/compliance.md#retention); unset keeps everything. */
  ONETHREAD_RETENTION: z.string().optional(),
  ONETHREAD_WHATSAPP_TEMPLATES: z.string().optional(),
  ONETHREAD_WHATSAPP_PHONE_NUMBER_ID: z
    .string()
    .regex(/^\d{1,32}$/)
    .optional(),
  ONETHREAD_PUBLIC_URL: z.url().optional(),
  /** Secrets Manager ids of the providers' credential secrets (JSON keyed by credential name). */
  ONETHREAD_META_SECRET_ID: z.string().min(1).optional(),
  ONETHREAD_X_SECRET_ID: z.string().min(1).optional(),
  ONETHREAD_TWILIO_SECRET_ID: z.string().min(1).optional(),
  META_GRAPH_URL: baseUrl('https://graph.facebook.com'),
  META_GRAPH_VERSION: z
    .string()
    .regex(/^v\d+\.\d+$/, 'a Graph API version such as v23.0')
    .default('v23.0'),
  META_MEDIA_HOSTS: z.string().optional(),
  X_API_URL: baseUrl('https://api.x.com'),
  X_MEDIA_HOSTS: z.string().optional(),
  TWILIO_API_URL: baseUrl('https://api.twilio.com'),
  TWILIO_ACCOUNT_SID: z
    .string()
    .regex(/^AC[0-9a-fA-F]{32}$/, 'a Twilio account SID (AC followed by 32 hex digits)')
    .optional(),
  ...secretVariables(),
  /** Identity tokens signed by the company's backend (docs/identity.md): whom they must name… */
  ONETHREAD_IDENTITY_TOKEN_AUDIENCE: z.string().min(1).max(256).optional(),
  /** …and what signs them: an HS256 key in Secrets Manager (or, locally, the key itself) or a JWKS. */
  ONETHREAD_IDENTITY_TOKEN_SECRET_ID: z.string().min(1).optional(),
  ONETHREAD_IDENTITY_TOKEN_SECRET: z
    .string()
    .min(32, 'at least 32 characters: an HS256 key needs 256 bits')
    .optional(),
  ONETHREAD_IDENTITY_TOKEN_JWKS_URL: z.url({ protocol: /^https?$/ }).optional(),
});

/** Each provider credential, when this deployment has it, straight from the environment. */
function secretVariables() {
  const optional = () => z.string().min(1).optional();
  return Object.fromEntries(SECRET_NAMES.map((name) => [name, optional()])) as Record<
    SecretName,
    ReturnType<typeof optional>
  >;
}

/** Where identity tokens' keys are; absent when this deployment accepts none. */
export interface IdentityTokenSettings {
  audience: string;
  /** Secrets Manager id of the HS256 key (the secret string is the key). */
  secretId?: string | undefined;
  /** The HS256 key itself, for local runs and tests. */
  secret?: string | undefined;
  /** Public keys for RS256 and ES256 tokens. */
  jwksUrl?: string | undefined;
}

/** Where the social and SMS providers are, and how they see us. */
export interface ChannelSettings {
  /** The API's public base URL, as providers call it (Twilio signs it); unset locally. */
  publicUrl?: string | undefined;
  meta: { graphUrl: string; graphVersion: string; mediaHosts?: string[] | undefined };
  x: { apiUrl: string; mediaHosts?: string[] | undefined };
  twilio: { apiUrl: string; accountSid?: string | undefined };
}

export interface AppConfig {
  tableName: string;
  ingestQueueUrl?: string | undefined;
  /** The access audit's table; unset, every audited request fails (docs/compliance.md). */
  auditTableName?: string | undefined;
  defaultCountry: string;
  conversationPolicy: ConversationPolicy;
  routingRules: RoutingRules;
  /** How long timeline entries are kept; absent keeps everything. */
  retention?: RetentionPolicy | undefined;
  /** The approved WhatsApp templates agents may send (outside the 24-hour window too). */
  whatsappTemplates?: WhatsAppTemplate[] | undefined;
  /** The Cloud API phone number a first-contact template is sent from. */
  whatsappPhoneNumberId?: string | undefined;
  channels: ChannelSettings;
  /** Provider credentials; read through this, never copied into the config. */
  secrets: SecretSource;
  /** Where the credentials live in Secrets Manager, per provider; unset reads the environment. */
  secretIds: Partial<Record<'meta' | 'x' | 'twilio', string>>;
  /** Signed identity tokens the chat API accepts; undefined accepts none. */
  identityTokens?: IdentityTokenSettings | undefined;
  /** Detection fallbacks and live translation; absent, messages carry no language. */
  language?: LanguageConfig | undefined;
}

/** The table alone, for the functions that read nothing else of the shared configuration. */
export function loadTableName(env: Record<string, string | undefined>): string {
  return parseEnv(EnvSchema.pick({ TABLE_NAME: true }), env).TABLE_NAME;
}

/** The one place the environment is read; a bad setting stops the function at start. */
export function loadConfig(env: Record<string, string | undefined>): AppConfig {
  const vars = parseEnv(EnvSchema, env);
  return {
    tableName: vars.TABLE_NAME,
    ingestQueueUrl: vars.INGEST_QUEUE_URL,
    auditTableName: vars.AUDIT_TABLE_NAME,
    defaultCountry: vars.ONETHREAD_DEFAULT_COUNTRY.toUpperCase(),
    conversationPolicy: { quietSeconds: vars.ONETHREAD_CONVERSATION_QUIET_SECONDS },
    routingRules: parseRoutingRules(vars.ONETHREAD_ROUTING_RULES),
    retention: parseRetention(vars.ONETHREAD_RETENTION),
    whatsappTemplates: parseTemplates(vars.ONETHREAD_WHATSAPP_TEMPLATES),
    whatsappPhoneNumberId: vars.ONETHREAD_WHATSAPP_PHONE_NUMBER_ID,
    channels: {
      publicUrl: vars.ONETHREAD_PUBLIC_URL?.replace(/\/+$/, ''),
      meta: {
        graphUrl: vars.META_GRAPH_URL,
        graphVersion: vars.META_GRAPH_VERSION,
        mediaHosts: vars.META_MEDIA_HOSTS?.split(',')
          .map((host) => host.trim())
          .filter(Boolean),
      },
      x: {
        apiUrl: vars.X_API_URL,
        mediaHosts: vars.X_MEDIA_HOSTS?.split(',')
          .map((host) => host.trim())
          .filter(Boolean),
      },
      twilio: { apiUrl: vars.TWILIO_API_URL, accountSid: vars.TWILIO_ACCOUNT_SID },
    },
    secrets: staticSecrets(vars as Partial<Record<SecretName, string>>),
    secretIds: {
      meta: vars.ONETHREAD_META_SECRET_ID,
      x: vars.ONETHREAD_X_SECRET_ID,
      twilio: vars.ONETHREAD_TWILIO_SECRET_ID,
    },
    identityTokens: identityTokenSettings(vars),
    language: loadLanguageConfig(env),
  };
}

/** A key without an audience would accept tokens meant for any other service of the company. */
function identityTokenSettings(vars: z.infer<typeof EnvSchema>): IdentityTokenSettings | undefined {
  const keys = {
    secretId: vars.ONETHREAD_IDENTITY_TOKEN_SECRET_ID,
    secret: vars.ONETHREAD_IDENTITY_TOKEN_SECRET,
    jwksUrl: vars.ONETHREAD_IDENTITY_TOKEN_JWKS_URL,
  };
  if (!keys.secretId && !keys.secret && !keys.jwksUrl) return undefined;
  if (!vars.ONETHREAD_IDENTITY_TOKEN_AUDIENCE) {
    throw new ConfigError('ONETHREAD_IDENTITY_TOKEN_AUDIENCE: needed once identity tokens have a key');
  }
  return { audience: vars.ONETHREAD_IDENTITY_TOKEN_AUDIENCE, ...keys };
}

/** Channel settings with the providers' public endpoints, for tests and tools that build a config. */
export const DEFAULT_CHANNEL_SETTINGS: ChannelSettings = {
  meta: { graphUrl: 'https://graph.facebook.com', graphVersion: 'v23.0' },
  x: { apiUrl: 'https://api.x.com' },
  twilio: { apiUrl: 'https://api.twilio.com' },
};

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

function parseTemplates(raw: string | undefined): WhatsAppTemplate[] {
  if (!raw) return [];
  try {
    return parseWhatsAppTemplates(raw);
  } catch (error) {
    throw new ConfigError(`ONETHREAD_WHATSAPP_TEMPLATES: ${(error as Error).message}`);
  }
}

function parseRetention(raw: string | undefined): RetentionPolicy | undefined {
  if (!raw) return undefined;
  try {
    return parseRetentionPolicy(raw);
  } catch (error) {
    throw new ConfigError(`ONETHREAD_RETENTION: ${(error as Error).message}`);
  }
}
