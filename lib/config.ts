import type { Construct } from 'constructs';
import * as z from 'zod';
import { DOMAIN_EVENT_TYPES, type DomainEventType } from '#core/domain-events.ts';
import { type RoutingRules, RoutingRulesSchema } from '#core/entry-points.ts';
import { type RetentionPolicy, RetentionPolicySchema } from '#core/retention.ts';
import { type RoutingConfigInput, RoutingConfigSchema } from '#core/routing/index.ts';
import { type WhatsAppTemplate, WhatsAppTemplatesSchema } from '#core/whatsapp-templates.ts';
import { type PartitionLayout, PartitionLayoutSchema, PartitionMap } from '#routing/partitions.ts';
import type { FunctionEnv } from '#shared/env-names.ts';

/**
 * Deployment configuration, read from CDK context (`cdk.json` or `-c key=value`). Every key is
 * documented in docs/deploy.md; nothing here is a secret — provider credentials live in Secrets
 * Manager and only their names appear in context.
 */
export interface OneThreadConfig {
  /** Short name of this deployment; the stack is called `OneThread-<stage>`. */
  stage: string;
  defaultCountry: string;
  conversationQuietSeconds: number;
  /** Absent means the functions use their built-in defaults. */
  routingRules?: RoutingRules | undefined;
  /** Routing engine settings as given (validated); absent means the engine's defaults. */
  routingConfig?: RoutingConfigInput | undefined;
  /** The routing partitions besides the home one; absent means one partition for the floor. */
  routingPartitions?: PartitionLayout | undefined;
  /** How long records are kept (docs/compliance.md#retention); absent keeps everything. */
  retention?: RetentionPolicy | undefined;
  /** The approved WhatsApp templates agents may send (docs/social.md#templates); absent, none. */
  whatsappTemplates?: WhatsAppTemplate[] | undefined;
  /** The WhatsApp Cloud API phone number id first-contact templates are sent from. */
  whatsappPhoneNumberId?: string | undefined;
  /** The API's base URL as providers see it, when a custom domain fronts the API. */
  publicUrl?: string | undefined;
  /** Browser origins allowed to call the API (chat widget, agent console). */
  allowedOrigins: string[];
  /** Prefix of the Cognito Hosted UI domain; absent means `onethread-<stage>-<account id>`. */
  authDomainPrefix?: string | undefined;
  /** More URLs the console is served at (a custom domain), besides its CloudFront URL. */
  consoleUrls: string[];
  /** Protects the table and the user pool from deletion and keeps them on stack deletion. */
  deletionProtection: boolean;
  logRetentionDays: number;
  agentMfa: 'required' | 'optional';
  apiRateLimit: number;
  apiBurstLimit: number;
  /** Set API Gateway's account-level CloudWatch Logs role (WebSocket stage logging needs it). */
  apiGatewayLogsRole: boolean;
  alarmEmail?: string | undefined;
  /** Thresholds of the floor's service level and abandonment alarms, in percent. */
  serviceAlarms: { serviceLevelPercent: number; abandonmentPercent: number };
  /** The built agent console, relative to the repository root; uploaded when it exists. */
  consoleDist: string;
  /** The company's systems told of domain events through EventBridge API destinations (docs/events.md). */
  webhooks: WebhookConfig[];
  /** Identity tokens the company's backend signs for its users (docs/identity.md); absent means none. */
  identityTokens?: IdentityTokenConfig | undefined;
  /** Languages knowledge articles are written in, the first the default: `en,de`. */
  kbLanguages: string;
  /** Where customers read an article, `{articleId}` replaced: the links agents put into replies. */
  kbArticleUrl?: string | undefined;
  /** Live translation (Amazon Translate) and what language detection falls back to (docs/language.md). */
  language: { translation: boolean; translationLanguages: string[]; defaultLanguage?: string | undefined };
  /** Channel settings: email receiving, provider credentials, and Connect (validated, used later). */
  channels: {
    connectInstanceArn?: string | undefined;
    /** The instance's access URL: the console's screen pop embeds its CCP, and it may frame the console. */
    connectInstanceUrl?: string | undefined;
    /** Tasks and callbacks into Connect (flows and queue of the instance above). */
    connect: ConnectSettings;
    emailDomain?: string | undefined;
    emailReceiptAddresses: string[];
    providerSecrets: Partial<Record<ProviderName, string>>;
  };
}

/**
 * One outbound webhook: a name (its resources' ids), an https URL, the detail types it is sent
 * (absent: all), and the Secrets Manager secret whose string it is authenticated with (absent:
 * one is generated).
 */
export interface WebhookConfig {
  name: string;
  url: string;
  eventTypes?: DomainEventType[] | undefined;
  secretName?: string | undefined;
}

/** What identity tokens must name and what signs them: an HS256 key's secret, a JWKS, or both. */
export interface IdentityTokenConfig {
  audience: string;
  secretName?: string | undefined;
  jwksUrl?: string | undefined;
}

/** How OneThread starts work in Amazon Connect; the ids are those in the flow's and queue's ARNs. */
export interface ConnectSettings {
  taskFlowId?: string | undefined;
  callbackFlowId?: string | undefined;
  callbackQueueId?: string | undefined;
  /** The flow in-app and web calls run (StartWebRTCContact); unset means web calls are off. */
  webCallFlowId?: string | undefined;
  /** Requests into Connect per second, per consumer (at most two consumers run). */
  requestsPerSecond: number;
}

/** One secret per provider the functions talk to: Meta (WhatsApp, Messenger, Instagram), X, Twilio (SMS, WhatsApp). */
export const PROVIDERS = ['meta', 'x', 'twilio'] as const;
export type ProviderName = (typeof PROVIDERS)[number];

export class ConfigError extends Error {
  constructor(
    readonly key: string,
    message: string,
  ) {
    super(`Invalid CDK context '${key}': ${message}`);
    this.name = 'ConfigError';
  }
}

// Values set with `-c key=value` arrive as strings, values from cdk.json as JSON; accept both.
const fromJsonString = (value: unknown) => {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
};
const listOf = (item: z.ZodType<string>) =>
  z.preprocess((value) => {
    if (typeof value !== 'string') return value;
    const trimmed = value.trim();
    if (trimmed.startsWith('[')) return fromJsonString(trimmed);
    return trimmed === '' ? [] : trimmed.split(',').map((part) => part.trim());
  }, z.array(item));
const flag = z.preprocess((value) => {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return value;
}, z.boolean());
const integer = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** Retention values CloudWatch Logs accepts. */
const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

const origin = z
  .string()
  .regex(
    /^(https:\/\/[a-z0-9.-]+(:\d+)?|http:\/\/(localhost|127\.0\.0\.1)(:\d+)?)$/,
    'an origin such as https://www.example.com (http only for localhost), without a path',
  );
// The Hosted UI sends the browser back to the console's own URL, so the path is the console's.
const consoleUrl = z
  .string()
  .regex(
    /^(https:\/\/[a-z0-9.-]+(:\d+)?|http:\/\/(localhost|127\.0\.0\.1)(:\d+)?)\/console\/$/,
    'a URL of the console such as https://agents.example.com/console/ (http only for localhost)',
  );
const domain = z
  .string()
  .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'a lower-case domain name');
const connectId = z
  .string()
  .regex(
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    'an Amazon Connect id (the UUID at the end of the flow or queue ARN)',
  );
const secretName = z
  .string()
  .regex(/^[A-Za-z0-9/_+=.@-]{1,512}$/, 'a Secrets Manager secret name (letters, digits, /_+=.@-)');

/** One schema entry per context key; the key is the error's subject. */
const KEYS = {
  'onethread:stage': z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,19}$/, 'lower-case letters, digits and dashes, starting with a letter, ≤ 20')
    .default('dev'),
  'onethread:defaultCountry': z
    .string()
    .regex(/^[A-Za-z]{2}$/, 'a two-letter ISO 3166 country code such as US or DE')
    .default('US'),
  'onethread:conversationQuietSeconds': integer(60, 30 * 86_400).default(86_400),
  'onethread:routingRules': z.preprocess(fromJsonString, RoutingRulesSchema).optional(),
  // Strict, so that a misspelt setting is an error instead of a silently ignored key.
  'onethread:routingConfig': z.preprocess(fromJsonString, RoutingConfigSchema.strict()).optional(),
  /** How the floor is split into routing partitions: `{ "east": { "queues": [...], "agents": [...] } }`. */
  'onethread:routingPartitions': z.preprocess(fromJsonString, PartitionLayoutSchema).optional(),
  /** Days per channel and kind: `{ "messages": 730, "channels": { "chat": 365 }, "emailRaw": 90 }`. */
  'onethread:retention': z.preprocess(fromJsonString, RetentionPolicySchema).optional(),
  /** `[{ "name": "order_update", "language": "en_US", "body": "Hi {{1}}, your order …" }]`. */
  'onethread:whatsappTemplates': z.preprocess(fromJsonString, WhatsAppTemplatesSchema).optional(),
  /** The Cloud API phone number id (digits) a template to a customer new to WhatsApp is sent from. */
  'onethread:whatsappPhoneNumberId': z
    .string()
    .regex(/^\d{1,32}$/, 'the phone number id, digits')
    .optional(),
  'onethread:publicUrl': z
    .string()
    .regex(
      /^https:\/\/[a-z0-9.-]+(:\d+)?$/,
      'the scheme and host providers call, such as https://api.example.com, without a path',
    )
    .optional(),
  'onethread:allowedOrigins': listOf(origin).default([]),
  // Cognito's rules for a domain prefix; it must also be unused by every other account in the region.
  'onethread:authDomainPrefix': z
    .string()
    .regex(
      /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/,
      'lower-case letters, digits and dashes, not starting or ending with a dash, ≤ 63',
    )
    .refine((prefix) => !/aws|amazon|cognito/.test(prefix), 'must not contain aws, amazon or cognito')
    .optional(),
  'onethread:consoleUrls': listOf(consoleUrl).default([]),
  'onethread:deletionProtection': flag.default(true),
  /** Live translation through Amazon Translate, which charges per character (docs/deploy.md). */
  'onethread:translation': flag.default(false),
  /** Languages translation is offered for; empty means every language Amazon Translate has. */
  'onethread:translationLanguages': listOf(
    z.string().regex(/^[a-z]{2}$/, 'an ISO 639-1 code such as es'),
  ).default([]),
  /** What a message too short to tell the language of falls back to, after the conversation and customer. */
  'onethread:defaultLanguage': z
    .string()
    .regex(/^[a-z]{2}$/, 'an ISO 639-1 code such as en')
    .optional(),
  'onethread:logRetentionDays': z.coerce
    .number()
    .refine((days) => LOG_RETENTION_DAYS.includes(days), `one of ${LOG_RETENTION_DAYS.join(', ')}`)
    .default(30),
  'onethread:agentMfa': z.enum(['required', 'optional']).default('required'),
  'onethread:apiRateLimit': integer(1, 10_000).default(100),
  'onethread:apiBurstLimit': integer(1, 5_000).default(200),
  'onethread:apiGatewayLogsRole': flag.default(true),
  'onethread:alarmEmail': z.email().optional(),
  'onethread:serviceLevelAlarmPercent': integer(1, 100).default(80),
  'onethread:abandonmentAlarmPercent': integer(1, 100).default(10),
  'onethread:consoleDist': z.string().min(1).max(1024).default('console/dist'),
  'onethread:kbLanguages': z
    .string()
    .regex(
      /^[a-z]{2}(-[a-z0-9]{2,8})?(,[a-z]{2}(-[a-z0-9]{2,8})?)*$/,
      'language codes separated by commas: en,de',
    )
    .default('en'),
  'onethread:kbArticleUrl': z
    .string()
    .regex(
      /^https:\/\/[a-z0-9.-]+(:\d+)?\/\S*\{articleId\}\S*$/,
      'an https URL with {articleId} in it, such as https://shop.example/help/?article={articleId}',
    )
    .optional(),
  'onethread:connectInstanceArn': z
    .string()
    .regex(
      /^arn:aws[a-z-]*:connect:[a-z0-9-]+:\d{12}:instance\/[0-9a-f-]{36}$/,
      'an Amazon Connect instance ARN (arn:aws:connect:<region>:<account>:instance/<id>)',
    )
    .optional(),
  // Only Connect's own domains: the console lets this origin frame it (agent workspace apps).
  'onethread:connectInstanceUrl': z
    .preprocess(
      (value) => (typeof value === 'string' ? value.trim().replace(/\/+$/, '') : value),
      z
        .string()
        .regex(
          /^https:\/\/[a-z0-9][a-z0-9-]*\.(my\.connect\.aws|awsapps\.com\/connect)$/,
          "the instance's access URL, https://<alias>.my.connect.aws (or https://<alias>.awsapps.com/connect)",
        ),
    )
    .optional(),
  'onethread:connectTaskFlowId': connectId.optional(),
  'onethread:connectCallbackFlowId': connectId.optional(),
  'onethread:connectCallbackQueueId': connectId.optional(),
  'onethread:connectWebCallFlowId': connectId.optional(),
  'onethread:connectRequestsPerSecond': z.coerce.number().min(0.5).max(50).default(1),
  'onethread:emailDomain': domain.optional(),
  'onethread:emailReceiptAddresses': listOf(z.email()).default([]),
  'onethread:providerSecrets': z
    .preprocess(
      fromJsonString,
      z.strictObject({
        meta: secretName.optional(),
        x: secretName.optional(),
        twilio: secretName.optional(),
      }),
    )
    .default({}),
  /** JSON list of outbound webhooks: `[{"name":"crm","url":"https://…","eventTypes":[…],"secretName":"…"}]`. */
  'onethread:webhooks': z
    .preprocess(
      fromJsonString,
      z
        .array(
          z.strictObject({
            name: z.string().regex(/^[A-Za-z][A-Za-z0-9-]{0,39}$/, 'letters, digits and -, at most 40'),
            url: z
              .string()
              .regex(
                /^https:\/\/[a-z0-9.-]+(:\d+)?(\/\S*)?$/,
                'an https URL such as https://crm.example.com/hooks',
              ),
            eventTypes: z.array(z.enum(DOMAIN_EVENT_TYPES)).min(1).optional(),
            secretName: secretName.optional(),
          }),
        )
        .max(20)
        .refine(
          (hooks) => new Set(hooks.map((hook) => hook.name)).size === hooks.length,
          'names must differ',
        ),
    )
    .default([]),
  /** The Secrets Manager secret whose string is the HS256 key identity tokens are signed with. */
  'onethread:identityTokenSecret': secretName.optional(),
  /** Where the public keys of RS256 and ES256 identity tokens are. */
  'onethread:identityTokenJwksUrl': z
    .string()
    .regex(
      /^https:\/\/[a-z0-9.-]+(:\d+)?\/\S*$/,
      'an https URL of a JWKS, such as https://login.example.com/.well-known/jwks.json',
    )
    .optional(),
  /** The `aud` identity tokens must carry; defaults to `onethread-<stage>`. */
  'onethread:identityTokenAudience': z
    .string()
    .regex(/^[\x21-\x7e]{1,256}$/, 'printable characters without spaces, ≤ 256')
    .optional(),
} as const;

export type ContextKey = keyof typeof KEYS;
export const CONTEXT_KEYS = Object.keys(KEYS) as ContextKey[];

// Generous shares of Lambda's 4 KB environment limit, leaving room for the other variables.
const MAX_ROUTING_RULES_BYTES = 2_048;
const MAX_ROUTING_CONFIG_BYTES = 512;

function read<K extends ContextKey>(context: Record<string, unknown>, key: K): z.output<(typeof KEYS)[K]> {
  const parsed = KEYS[key].safeParse(context[key]);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` (at ${issue.path.join('.')})` : '';
    throw new ConfigError(key, `${issue?.message ?? 'invalid value'}${where}`);
  }
  return parsed.data as z.output<(typeof KEYS)[K]>;
}

/** Validates the `onethread:*` context keys; throws {@link ConfigError} naming the first bad key. */
export function parseConfig(context: Record<string, unknown>): OneThreadConfig {
  refuseUnknownKeys(context);
  const { routingRules, routingConfig, routingPartitions } = readRouting(context);
  const { emailDomain, emailReceiptAddresses } = readEmail(context);
  const { connectInstanceArn, connect } = readConnect(context);
  const stage = read(context, 'onethread:stage');
  const identityTokens = readIdentityTokens(context, stage);
  const apiRateLimit = read(context, 'onethread:apiRateLimit');
  const apiBurstLimit = read(context, 'onethread:apiBurstLimit');
  return {
    stage,
    defaultCountry: read(context, 'onethread:defaultCountry').toUpperCase(),
    conversationQuietSeconds: read(context, 'onethread:conversationQuietSeconds'),
    routingRules,
    routingConfig,
    routingPartitions,
    retention: read(context, 'onethread:retention'),
    whatsappTemplates: read(context, 'onethread:whatsappTemplates'),
    whatsappPhoneNumberId: read(context, 'onethread:whatsappPhoneNumberId'),
    publicUrl: read(context, 'onethread:publicUrl'),
    allowedOrigins: read(context, 'onethread:allowedOrigins'),
    authDomainPrefix: read(context, 'onethread:authDomainPrefix'),
    consoleUrls: read(context, 'onethread:consoleUrls'),
    deletionProtection: read(context, 'onethread:deletionProtection'),
    logRetentionDays: read(context, 'onethread:logRetentionDays'),
    agentMfa: read(context, 'onethread:agentMfa'),
    apiRateLimit,
    apiBurstLimit,
    apiGatewayLogsRole: read(context, 'onethread:apiGatewayLogsRole'),
    alarmEmail: read(context, 'onethread:alarmEmail'),
    serviceAlarms: {
      serviceLevelPercent: read(context, 'onethread:serviceLevelAlarmPercent'),
      abandonmentPercent: read(context, 'onethread:abandonmentAlarmPercent'),
    },
    consoleDist: read(context, 'onethread:consoleDist'),
    webhooks: read(context, 'onethread:webhooks'),
    identityTokens,
    kbLanguages: read(context, 'onethread:kbLanguages'),
    kbArticleUrl: read(context, 'onethread:kbArticleUrl'),
    language: {
      translation: read(context, 'onethread:translation'),
      translationLanguages: read(context, 'onethread:translationLanguages'),
      defaultLanguage: read(context, 'onethread:defaultLanguage'),
    },
    channels: {
      connectInstanceArn,
      connectInstanceUrl: read(context, 'onethread:connectInstanceUrl'),
      connect,
      emailDomain,
      emailReceiptAddresses,
      providerSecrets: read(context, 'onethread:providerSecrets'),
    },
  };
}

function refuseUnknownKeys(context: Record<string, unknown>): void {
  for (const key of Object.keys(context)) {
    if (key.startsWith('onethread:') && !(CONTEXT_KEYS as string[]).includes(key)) {
      throw new ConfigError(key, `unknown key; expected one of ${CONTEXT_KEYS.join(', ')}`);
    }
  }
}

/** The routing keys, each bounded: they travel in the engines' environment. */
function readRouting(context: Record<string, unknown>) {
  const routingRules = read(context, 'onethread:routingRules');
  if (routingRules && JSON.stringify(routingRules).length > MAX_ROUTING_RULES_BYTES) {
    throw new ConfigError('onethread:routingRules', `longer than ${MAX_ROUTING_RULES_BYTES} bytes as JSON`);
  }
  // Validated with the engine's schema, but handed on as given: the engine fills in its own
  // defaults, so a later change of a default reaches deployments that did not set it.
  const routingConfig = read(context, 'onethread:routingConfig')
    ? (fromJsonString(context['onethread:routingConfig']) as RoutingConfigInput)
    : undefined;
  if (routingConfig && JSON.stringify(routingConfig).length > MAX_ROUTING_CONFIG_BYTES) {
    throw new ConfigError('onethread:routingConfig', `longer than ${MAX_ROUTING_CONFIG_BYTES} bytes as JSON`);
  }
  const routingPartitions = read(context, 'onethread:routingPartitions');
  try {
    new PartitionMap('default', routingPartitions);
  } catch (error) {
    throw new ConfigError('onethread:routingPartitions', (error as Error).message.replace(/^[^:]*: /, ''));
  }
  return { routingRules, routingConfig, routingPartitions };
}

/** Receipt addresses must be the email domain's own. */
function readEmail(context: Record<string, unknown>) {
  const emailDomain = read(context, 'onethread:emailDomain');
  const emailReceiptAddresses = read(context, 'onethread:emailReceiptAddresses');
  const foreign = emailReceiptAddresses.find(
    (address) => !emailDomain || !address.toLowerCase().endsWith(`@${emailDomain}`),
  );
  if (foreign) {
    throw new ConfigError(
      'onethread:emailReceiptAddresses',
      emailDomain
        ? `${foreign} is not an address of onethread:emailDomain (${emailDomain})`
        : 'needs onethread:emailDomain to be set',
    );
  }
  return { emailDomain, emailReceiptAddresses };
}

/** Flows and queues name parts of one instance, so they need its ARN; callbacks need both parts. */
function readConnect(context: Record<string, unknown>) {
  const connectInstanceArn = read(context, 'onethread:connectInstanceArn');
  const connect: ConnectSettings = {
    taskFlowId: read(context, 'onethread:connectTaskFlowId'),
    callbackFlowId: read(context, 'onethread:connectCallbackFlowId'),
    callbackQueueId: read(context, 'onethread:connectCallbackQueueId'),
    webCallFlowId: read(context, 'onethread:connectWebCallFlowId'),
    requestsPerSecond: read(context, 'onethread:connectRequestsPerSecond'),
  };
  const flowKey = (
    [
      'onethread:connectTaskFlowId',
      'onethread:connectCallbackFlowId',
      'onethread:connectCallbackQueueId',
      'onethread:connectWebCallFlowId',
    ] as const
  ).find((key) => context[key] !== undefined);
  if (flowKey && !connectInstanceArn) {
    throw new ConfigError(flowKey, 'needs onethread:connectInstanceArn to be set');
  }
  if (Boolean(connect.callbackFlowId) !== Boolean(connect.callbackQueueId)) {
    throw new ConfigError(
      connect.callbackFlowId ? 'onethread:connectCallbackQueueId' : 'onethread:connectCallbackFlowId',
      'callbacks need both onethread:connectCallbackFlowId and onethread:connectCallbackQueueId',
    );
  }
  return { connectInstanceArn, connect };
}

/** An audience alone verifies nothing: it needs a key to check tokens with. */
function readIdentityTokens(
  context: Record<string, unknown>,
  stage: string,
): IdentityTokenConfig | undefined {
  const secretName = read(context, 'onethread:identityTokenSecret');
  const jwksUrl = read(context, 'onethread:identityTokenJwksUrl');
  const audience = read(context, 'onethread:identityTokenAudience');
  if (!secretName && !jwksUrl) {
    if (audience) {
      throw new ConfigError(
        'onethread:identityTokenAudience',
        'needs onethread:identityTokenSecret or onethread:identityTokenJwksUrl to be set',
      );
    }
    return undefined;
  }
  return { audience: audience ?? `onethread-${stage}`, secretName, jwksUrl };
}

/** Reads the configuration from a construct tree's context (normally the App). */
export function loadConfig(scope: Construct): OneThreadConfig {
  return parseConfig(scope.node.getAllContext());
}

/** The environment every OneThread function reads its settings from (see functions/shared/config.ts). */
export function functionEnvironment(config: OneThreadConfig): FunctionEnv {
  return {
    ONETHREAD_DEFAULT_COUNTRY: config.defaultCountry,
    ONETHREAD_CONVERSATION_QUIET_SECONDS: String(config.conversationQuietSeconds),
    ONETHREAD_TRANSLATION: config.language.translation ? 'on' : 'off',
    ...(config.language.translationLanguages.length
      ? { ONETHREAD_TRANSLATION_LANGUAGES: config.language.translationLanguages.join(',') }
      : {}),
    ...(config.language.defaultLanguage
      ? { ONETHREAD_DEFAULT_LANGUAGE: config.language.defaultLanguage }
      : {}),
    ...(config.routingRules ? { ONETHREAD_ROUTING_RULES: JSON.stringify(config.routingRules) } : {}),
    ...(config.routingPartitions
      ? { ONETHREAD_ROUTING_PARTITIONS: JSON.stringify(config.routingPartitions) }
      : {}),
    ...(config.retention ? { ONETHREAD_RETENTION: JSON.stringify(config.retention) } : {}),
    ...(config.whatsappTemplates?.length
      ? { ONETHREAD_WHATSAPP_TEMPLATES: JSON.stringify(config.whatsappTemplates) }
      : {}),
    ...(config.whatsappPhoneNumberId
      ? { ONETHREAD_WHATSAPP_PHONE_NUMBER_ID: config.whatsappPhoneNumberId }
      : {}),
  };
}
