import * as z from 'zod';
import type { ConversationPolicy } from '#core/conversation.ts';
import { DEFAULT_ROUTING_RULES, type RoutingRules, RoutingRulesSchema } from '#core/entry-points.ts';
import { DomainError } from '#core/errors.ts';
import { parseRetentionPolicy, type RetentionPolicy } from '#core/retention.ts';
import { parseWhatsAppTemplates, type WhatsAppTemplate } from '#core/whatsapp-templates.ts';
import { safeJson } from './json.ts';
import { SECRET_NAMES, type SecretName, type SecretSource, staticSecrets } from './secrets.ts';

/** A base URL without a trailing slash (`https://graph.facebook.com`). */
const baseUrl = (fallback: string) =>
  z
    .url()
    .default(fallback)
    .transform((url) => url.replace(/\/+$/, ''));

const EnvSchema = z.object({
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
  TWILIO_API_URL: baseUrl('https://api.twilio.com'),
  TWILIO_ACCOUNT_SID: z
    .string()
    .regex(/^AC[0-9a-fA-F]{32}$/, 'a Twilio account SID (AC followed by 32 hex digits)')
    .optional(),
  ...Object.fromEntries(SECRET_NAMES.map((name) => [name, z.string().min(1).optional()])),
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
  x: { apiUrl: string };
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
      x: { apiUrl: vars.X_API_URL },
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

const EmailEnvSchema = z.object({
  AWS_REGION: z.string().min(1).default('us-east-1'),
  ONETHREAD_EMAIL_BUCKET: z.string().min(3).optional(),
  ONETHREAD_EMAIL_OBJECT_PREFIX: z.string().default('inbound/'),
  ONETHREAD_EMAIL_MAX_MESSAGE_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(25 * 1024 * 1024),
  ONETHREAD_EMAIL_MAX_ATTACHMENT_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(10 * 1024 * 1024),
  ONETHREAD_EMAIL_FROM_NAME: z.string().max(200).optional(),
  ONETHREAD_EMAIL_FROM_ADDRESS: z.email().optional(),
  ONETHREAD_SES_CONFIGURATION_SET: z.string().min(1).optional(),
  ONETHREAD_SES_MESSAGE_ID_DOMAIN: z.string().min(3).optional(),
  ONETHREAD_EMAIL_DLQ_URL: z.url().optional(),
  ONETHREAD_EMAIL_SLA_SECONDS: z.coerce.number().int().positive().default(86_400),
  ONETHREAD_SMTP_PORT: z.coerce.number().int().min(0).max(65_535).default(2525),
});

/** The email channel's settings (inbound bucket, limits, how replies are sent). */
export interface EmailConfig {
  region: string;
  /** The bucket SES's receipt rule writes raw messages to; attachments go under `attachments/`. */
  bucket?: string | undefined;
  /** The receipt rule's object key prefix: the raw message of `mail.messageId` is `{prefix}{messageId}`. */
  objectPrefix: string;
  maxMessageBytes: number;
  maxAttachmentBytes: number;
  /** Display name on our replies (`Northwind Support`). */
  fromName?: string | undefined;
  /** From address when the answered message names none of ours. */
  fromAddress?: string | undefined;
  configurationSet?: string | undefined;
  /** Domain of the msg-id SES writes for our replies, when the region's default is not it. */
  messageIdDomain?: string | undefined;
  /** Messages that can never be ingested go here with the reason, instead of being retried. */
  deadLetterQueueUrl?: string | undefined;
  /** First-response target for email, until queues carry their own. */
  firstResponseSeconds: number;
  /** Local runtime only: where the SMTP listener listens (0 picks a free port). */
  smtpPort: number;
}

export function loadEmailConfig(env: Record<string, string | undefined>): EmailConfig {
  const vars = parseEnv(EmailEnvSchema, env);
  return {
    region: vars.AWS_REGION,
    bucket: vars.ONETHREAD_EMAIL_BUCKET,
    objectPrefix: vars.ONETHREAD_EMAIL_OBJECT_PREFIX,
    maxMessageBytes: vars.ONETHREAD_EMAIL_MAX_MESSAGE_BYTES,
    maxAttachmentBytes: vars.ONETHREAD_EMAIL_MAX_ATTACHMENT_BYTES,
    fromName: vars.ONETHREAD_EMAIL_FROM_NAME,
    fromAddress: vars.ONETHREAD_EMAIL_FROM_ADDRESS,
    configurationSet: vars.ONETHREAD_SES_CONFIGURATION_SET,
    messageIdDomain: vars.ONETHREAD_SES_MESSAGE_ID_DOMAIN,
    deadLetterQueueUrl: vars.ONETHREAD_EMAIL_DLQ_URL,
    firstResponseSeconds: vars.ONETHREAD_EMAIL_SLA_SECONDS,
    smtpPort: vars.ONETHREAD_SMTP_PORT,
  };
}

const ConnectEnvSchema = z.object({
  ONETHREAD_CONNECT_INSTANCE_ARN: z
    .string()
    .regex(/^arn:aws[\w-]*:connect:[\w-]+:\d{12}:instance\/[\w-]+$/, 'an Amazon Connect instance ARN')
    .optional(),
  ONETHREAD_CONNECT_LOOKUP_BUDGET_MS: z.coerce.number().int().min(100).max(7_000).default(3_000),
  ONETHREAD_CONNECT_RECENT_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(24),
  AWS_REGION: z.string().min(1).default('us-east-1'),
  CONNECT_ENDPOINT: z.url().optional(),
  ONETHREAD_CONNECT_REQUESTS_QUEUE_URL: z.url().optional(),
  ONETHREAD_CONNECT_REQUESTS_PER_SECOND: z.coerce.number().positive().max(50).default(2),
  ONETHREAD_CONNECT_TASK_FLOW_ID: z.string().min(1).max(500).optional(),
  ONETHREAD_CONNECT_CALLBACK_FLOW_ID: z.string().min(1).max(500).optional(),
  ONETHREAD_CONNECT_CALLBACK_QUEUE_ID: z.string().min(1).max(500).optional(),
  ONETHREAD_CONNECT_WEBRTC_FLOW_ID: z.string().min(1).max(500).optional(),
});

/** The Amazon Connect channel's settings. */
export interface ConnectConfig {
  /** Contacts of other instances are ignored when set. */
  instanceArn?: string | undefined;
  /** The contact flow lookup answers with safe defaults once this much time has passed. */
  lookupBudgetMs: number;
  /** A contact on another channel this recent raises a call's priority. */
  recentContactHours: number;
  region: string;
  /** Where the Amazon Connect API is, when not the region's endpoint (a local stand-in in tests). */
  endpoint?: string | undefined;
  /** The queue that paces requests into Connect (tasks, callbacks). */
  requestsQueueUrl?: string | undefined;
  /** Requests into Connect per second, per consumer. */
  requestsPerSecond: number;
  /** The flow a task runs when it starts, and the flow and queue of an outbound callback. */
  taskFlowId?: string | undefined;
  callbackFlowId?: string | undefined;
  callbackQueueId?: string | undefined;
  /** The flow in-app and web calls (StartWebRTCContact) run; unset means they are off. */
  webCallFlowId?: string | undefined;
}

export function loadConnectConfig(env: Record<string, string | undefined>): ConnectConfig {
  const vars = parseEnv(ConnectEnvSchema, env);
  return {
    instanceArn: vars.ONETHREAD_CONNECT_INSTANCE_ARN,
    lookupBudgetMs: vars.ONETHREAD_CONNECT_LOOKUP_BUDGET_MS,
    recentContactHours: vars.ONETHREAD_CONNECT_RECENT_HOURS,
    region: vars.AWS_REGION,
    endpoint: vars.CONNECT_ENDPOINT,
    requestsQueueUrl: vars.ONETHREAD_CONNECT_REQUESTS_QUEUE_URL,
    requestsPerSecond: vars.ONETHREAD_CONNECT_REQUESTS_PER_SECOND,
    taskFlowId: vars.ONETHREAD_CONNECT_TASK_FLOW_ID,
    callbackFlowId: vars.ONETHREAD_CONNECT_CALLBACK_FLOW_ID,
    callbackQueueId: vars.ONETHREAD_CONNECT_CALLBACK_QUEUE_ID,
    webCallFlowId: vars.ONETHREAD_CONNECT_WEBRTC_FLOW_ID,
  };
}

const languageCode = z.string().regex(/^[a-z]{2}$/, 'an ISO 639-1 language code such as es');

const LanguageEnvSchema = z.object({
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
