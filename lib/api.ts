import { Duration, type RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpRoute,
  HttpRouteKey,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer, HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { FunctionEnv } from '#shared/env-names.ts';
import { keys } from '#store/table.ts';
import { FUNCTIONS, type FunctionName, ROUTES, type RouteSpec, routeKey } from '../functions/routes.ts';
import type { IdentityTokenConfig, ProviderName } from './config.ts';
import type { ConnectBinder } from './connect.ts';
import { bindAuditReader, bindAuditWriter, bindQueue, bindTable, HouseFunction } from './house-function.ts';
import type { KnowledgeBinder } from './knowledge.ts';
import { bindProviderSecrets } from './provider-secrets.ts';
import type { RoutingEngineBinder } from './routing.ts';
import type { StackOutput } from './stack-output.ts';
import type { SurveyLinkKey } from './survey-links.ts';

export interface PublicApiProps {
  table: ITableV2;
  /** The access audit: the functions of audited routes append to it, the audit API reads it. */
  auditTable: ITableV2;
  ingestQueue: IQueue;
  /** Signs agents and supervisors in; its JWTs guard every `agent` route. */
  userPool: IUserPool;
  userPoolClients: IUserPoolClient[];
  /** Origins allowed to call the API from a browser; none means no CORS configuration. */
  allowedOrigins: string[];
  throttle: { rateLimit: number; burstLimit: number };
  environment: FunctionEnv;
  logRetention: RetentionDays;
  logRemovalPolicy: RemovalPolicy;
  /** Gives `routingApi` the routing engine (table, timer queue, partition). */
  routing: RoutingEngineBinder;
  /** Gives `connectCallback` the queue of requests into Amazon Connect, `webCalls` its one call. */
  connect: ConnectBinder;
  /** Gives `knowledgeApi` the knowledge bucket's `kb/` objects (index file, large bodies). */
  knowledge?: KnowledgeBinder | undefined;
  /** The SES domain replies are sent from; unset means email replies are off. */
  emailDomain?: string | undefined;
  /** Live translation is on: the replies function may call Amazon Translate. */
  translation?: boolean | undefined;
  /** Identity tokens the chat API accepts from the company's backend; absent means none. */
  identityTokens?: IdentityTokenConfig | undefined;
  /** Secrets Manager secret names of the providers' credentials; none means that channel is off. */
  providerSecrets: Partial<Record<ProviderName, string>>;
  /**
   * The API's base URL as providers call it, when a custom domain fronts it. Twilio signs the
   * URL it requested. @default the HTTP API's own endpoint
   */
  publicUrl?: string | undefined;
  /** Signs and checks survey links; without it emailed surveys are off. */
  surveyLinks?: SurveyLinkKey | undefined;
  /** Defaults to functions/routes.ts; a parameter so tests can check the validation. */
  routes?: readonly RouteSpec[];
}

type Binding = (fn: HouseFunction, props: PublicApiProps, api: { publicUrl: string }) => void;

/** The webhooks' configuration loader requires TABLE_NAME; they read and write no item. */
const tableNameOnly = (fn: HouseFunction, table: PublicApiProps['table']) =>
  fn.setEnv('TABLE_NAME', table.tableName);

/** What each HTTP function may touch, and nothing more. */
/** What sending on the social and SMS channels needs: the providers' send credentials. */
const SENDER_SECRETS = [
  'META_ACCESS_TOKEN',
  'META_PAGE_ACCESS_TOKEN',
  'X_ACCESS_TOKEN',
  'TWILIO_AUTH_TOKEN',
  'TWILIO_ACCOUNT_SID',
] as const;

const BINDINGS: Partial<Record<FunctionName, Binding>> = {
  // Sends the codes that prove a visitor's email from the replies' domain, and checks the
  // company's identity tokens with their key; tells routing when a waiting visitor leaves.
  chatApi: (fn, { table, ingestQueue, emailDomain, identityTokens, routing }) => {
    bindTable(fn, table, 'readWrite');
    bindQueue(fn, ingestQueue, 'send');
    routing.bindAnnouncer(fn);
    if (emailDomain) bindSesSender(fn, emailDomain);
    if (identityTokens) bindIdentityTokens(fn, identityTokens);
  },
  // Reads the session, its customer, conversation and calls; writes the session's call ledger and
  // the call's record; reports the call through the ingest queue; starts it in Connect.
  webCalls: (fn, { table, ingestQueue, connect }) => {
    bindTable(fn, table, 'readWrite');
    bindQueue(fn, ingestQueue, 'send');
    connect.bindWebCaller(fn);
  },
  // Reads customers and timelines; writes when an agent merges two customers and when a
  // supervisor starts an erasure, which it hands to the ingest queue. The email bucket's read
  // grant (for exports) comes from the email channel.
  agentApi: (fn, { table, ingestQueue, auditTable }) => {
    bindTable(fn, table, 'readWrite');
    bindQueue(fn, ingestQueue, 'send');
    bindAuditWriter(fn, auditTable);
  },
  // Reads the access audit and nothing else.
  auditApi: (fn, { table, auditTable }) => {
    tableNameOnly(fn, table);
    bindAuditReader(fn, auditTable);
  },
  health: (fn, { table, ingestQueue }) => {
    bindTable(fn, table, 'describe');
    bindQueue(fn, ingestQueue, 'describe');
  },
  // Answers the document bundled with it: it reaches nothing.
  apiDocument: () => {},
  // Webhooks verify the provider's signature, then only enqueue.
  metaWebhook: (fn, { table, ingestQueue, providerSecrets }) => {
    tableNameOnly(fn, table);
    bindQueue(fn, ingestQueue, 'send');
    bindProviderSecrets(fn, providerSecrets, ['META_APP_SECRET', 'META_VERIFY_TOKEN']);
  },
  xWebhook: (fn, { table, ingestQueue, providerSecrets }) => {
    tableNameOnly(fn, table);
    bindQueue(fn, ingestQueue, 'send');
    bindProviderSecrets(fn, providerSecrets, ['X_CONSUMER_SECRET']);
  },
  twilioWebhook: (fn, { table, ingestQueue, providerSecrets }, { publicUrl }) => {
    tableNameOnly(fn, table);
    bindQueue(fn, ingestQueue, 'send');
    bindProviderSecrets(fn, providerSecrets, ['TWILIO_AUTH_TOKEN', 'TWILIO_ACCOUNT_SID']);
    // Twilio signs the URL it called: the check needs the public URL, not the Host header.
    fn.setEnv('ONETHREAD_PUBLIC_URL', publicUrl);
  },
  // Reads the conversation, customer and timeline to find where to answer, and the routing
  // state to check who holds the conversation. Social replies are recorded through the ingest
  // queue; an email reply is recorded in place, with the thread key it will be answered on.
  replies: (fn, { table, ingestQueue, providerSecrets, emailDomain, translation }, { publicUrl }) => {
    bindTable(fn, table, 'readWrite');
    if (translation) bindTranslate(fn);
    bindQueue(fn, ingestQueue, 'send');
    if (emailDomain) bindSesSender(fn, emailDomain);
    bindProviderSecrets(fn, providerSecrets, SENDER_SECRETS);
    // Where Twilio sends the status callbacks of our messages.
    fn.setEnv('ONETHREAD_PUBLIC_URL', publicUrl);
  },
  routingApi: (fn, { routing, auditTable }) => {
    routing.bindEngine(fn);
    bindAuditWriter(fn, auditTable);
  },
  // Articles, their versions, the index pointer, articles used on work items and the queues'
  // counts are items of the table; the index file and large bodies are in the knowledge bucket.
  knowledgeApi: (fn, { table, knowledge, auditTable }) => {
    bindTable(fn, table, 'readWrite');
    knowledge?.bindArticles(fn);
    bindAuditWriter(fn, auditTable);
  },
  // Reads customers and timeline entries by key; writes API keys alone (IAM holds it to their
  // partition); events and store visits go through the ingest queue like every contact.
  eventsApi: (fn, { table, ingestQueue, auditTable }) => {
    bindTable(fn, table, 'get');
    bindApiKeyItems(fn, table);
    bindQueue(fn, ingestQueue, 'send');
    bindAuditWriter(fn, auditTable);
  },
  // Reads the interval items, one query per day of the base table: no index, no write.
  reportsApi: (fn, { table }) => bindTable(fn, table, 'read', []),
  // Attachment records are items of the table; the bucket grant comes from the email channel.
  // Every read of a file is an entry of the access audit.
  attachmentsApi: (fn, { table, auditTable }) => {
    bindTable(fn, table, 'readWrite');
    bindAuditWriter(fn, auditTable);
  },
  // Canned responses are items of the table; a search reads the work item, its customer and the agent.
  cannedResponses: (fn, { table, auditTable }) => {
    bindTable(fn, table, 'readWrite');
    bindAuditWriter(fn, auditTable);
  },
  // Reads surveys and customers, keeps answers and their figures, records them through the ingest
  // queue; sends a chat's transcript from the replies' domain.
  surveysApi: (fn, { table, ingestQueue, emailDomain, surveyLinks }, { publicUrl }) => {
    bindTable(fn, table, 'readWrite');
    bindQueue(fn, ingestQueue, 'send');
    if (emailDomain) bindSesSender(fn, emailDomain);
    surveyLinks?.bind(fn);
    fn.setEnv('ONETHREAD_PUBLIC_URL', publicUrl);
  },
  // Reads the conversation and its customer by key, queues the call for Connect, then tells the
  // customer on the channel they wrote from (chat through the ingest queue, social and SMS
  // through the providers' send APIs).
  connectCallback: (fn, { table, connect, ingestQueue, providerSecrets }, { publicUrl }) => {
    bindTable(fn, table, 'read');
    connect.bindRequester(fn);
    bindQueue(fn, ingestQueue, 'send');
    bindProviderSecrets(fn, providerSecrets, SENDER_SECRETS);
    fn.setEnv('ONETHREAD_PUBLIC_URL', publicUrl);
  },
};

/**
 * The HTTP API: exactly the routes of functions/routes.ts, one Lambda per function they name,
 * a Cognito JWT authorizer on `agent` routes, throttling and JSON access logs on the stage.
 */
export class PublicApi extends Construct {
  public readonly httpApi: HttpApi;
  public readonly stage: HttpStage;
  public readonly accessLogs: LogGroup;
  public readonly functions: Partial<Record<FunctionName, HouseFunction>> = {};
  public readonly routes: Record<string, HttpRoute> = {};
  public readonly url: string;
  /** Base URL providers call (webhooks) and sign; the stage URL without the trailing slash. */
  public readonly publicUrl: string;

  constructor(scope: Construct, id: string, props: PublicApiProps) {
    super(scope, id);
    const routes = props.routes ?? ROUTES;
    validateRoutes(routes, this.node.path);
    validateThrottle(props.throttle, this.node.path);

    this.httpApi = new HttpApi(this, 'HttpApi', {
      apiName: `${Stack.of(this).stackName}-api`,
      description: 'OneThread web chat and agent API',
      createDefaultStage: false,
      // API-wide on HTTP APIs: API Gateway answers preflight itself, so no OPTIONS routes exist.
      corsPreflight:
        props.allowedOrigins.length > 0
          ? {
              allowOrigins: props.allowedOrigins,
              allowMethods: [
                ...new Set(routes.map((route) => CorsHttpMethod[route.method])),
                CorsHttpMethod.OPTIONS,
              ],
              allowHeaders: ['content-type', 'authorization'],
              maxAge: Duration.hours(1),
            }
          : undefined,
    });

    this.accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      removalPolicy: props.logRemovalPolicy,
    });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: ACCESS_LOG_FORMAT,
      },
    });
    this.url = this.stage.url;
    // Built from the API id, region and URL suffix alone, so the functions behind the API can
    // carry it without a dependency cycle (the API resource depends on none of them).
    this.publicUrl = props.publicUrl ?? this.httpApi.apiEndpoint;

    const authorizer = new HttpUserPoolAuthorizer('AgentAuthorizer', props.userPool, {
      userPoolClients: props.userPoolClients,
    });
    // Callers inside AWS sign with SigV4; their IAM policy names the routes they may invoke.
    const iamAuthorizer = new HttpIamAuthorizer();
    const integrations = new Map<FunctionName, HttpLambdaIntegration>();
    for (const route of routes) {
      let integration = integrations.get(route.function);
      if (!integration) {
        const fn = this.createFunction(route.function, props);
        integration = new HttpLambdaIntegration(`${route.function}Integration`, fn.function);
        integrations.set(route.function, integration);
      }
      const key = routeKey(route);
      const httpRoute = new HttpRoute(this, key, {
        httpApi: this.httpApi,
        routeKey: HttpRouteKey.with(route.path, HttpMethod[route.method]),
        integration,
        authorizer: route.auth === 'agent' ? authorizer : route.auth === 'iam' ? iamAuthorizer : undefined,
      });
      if (route.auth === 'public') {
        Validations.of(httpRoute).acknowledge({
          id: 'AwsSolutions::AwsSolutions-APIG4',
          reason: PUBLIC_ROUTE_REASONS[route.function] ?? 'Declared public in functions/routes.ts.',
        });
      }
      this.routes[key] = httpRoute;
    }
  }

  private createFunction(name: FunctionName, props: PublicApiProps): HouseFunction {
    const bind = BINDINGS[name];
    if (!bind) {
      throw new Error(`${this.node.path}: no permissions are defined for function '${name}' in lib/api.ts`);
    }
    const fn = new HouseFunction(this, name, {
      entry: FUNCTIONS[name].entry,
      description: FUNCTIONS[name].description,
      environment: props.environment,
      logRetention: props.logRetention,
      removalPolicy: props.logRemovalPolicy,
    });
    bind(fn, props, { publicUrl: this.publicUrl });
    this.functions[name] = fn;
    return fn;
  }

  /** The API's address and the webhook URLs each provider's console asks for. */
  outputs(): StackOutput[] {
    const webhook = (path: string) => `${this.publicUrl}${path}`;
    return [
      {
        id: 'ApiUrl',
        value: this.url,
        description: 'Base URL of the OneThread API (chat widget and agent console)',
      },
      {
        id: 'MetaWebhookUrl',
        value: webhook('/webhooks/meta'),
        description: 'Callback URL for the Meta app',
      },
      {
        id: 'XWebhookUrl',
        value: webhook('/webhooks/x'),
        description: 'Webhook URL for the X Account Activity API',
      },
      {
        id: 'TwilioWebhookUrl',
        value: webhook('/webhooks/twilio/sms'),
        description: 'Twilio "A message comes in" URL',
      },
    ];
  }
}

/**
 * The ingest consumer also tells customers their place in line and sends their surveys, on
 * their own channel: it needs what sending needs, and where survey links lead.
 */
export function bindNoticeSender(
  fn: HouseFunction,
  props: Pick<PublicApiProps, 'providerSecrets' | 'emailDomain' | 'surveyLinks'>,
  publicUrl: string,
): void {
  bindProviderSecrets(fn, props.providerSecrets, SENDER_SECRETS);
  if (props.emailDomain) bindSesSender(fn, props.emailDomain);
  props.surveyLinks?.bind(fn);
  fn.setEnv('ONETHREAD_PUBLIC_URL', publicUrl);
}

const PUBLIC_ROUTE_REASONS: Partial<Record<FunctionName, string>> = {
  attachmentsApi:
    'A chat customer asks for an upload grant without signing in: the handler checks the chat ' +
    'session token the chat API issued before anything else.',
  surveysApi:
    'Customers answer surveys without signing in: the page is authorised by an HMAC-signed link ' +
    'naming one work item, and the chat routes by the chat session token the chat API issued.',
  eventsApi:
    "Called by the company's own systems with an events API key, which cannot be a Cognito " +
    'token: the handler checks every request against the SHA-256 digest of a key a supervisor ' +
    'issued, unrevoked and scoped to the event type.',
  chatApi:
    'Web chat visitors are anonymous website users: opening a session is public by design, ' +
    'and every later call is checked by the handler against the session token it issued.',
  webCalls:
    "A chat session's visitor cannot present a Cognito token: the handler checks every request " +
    'against the session token the chat API issued, before anything else.',
  health: 'Readiness probe for load balancers and uptime monitors; it returns no customer data.',
  apiDocument: 'The OpenAPI document of the API: the same for everyone, and no data of anyone.',
  knowledgeApi:
    'Customers search and read published help articles before they sign in or open a chat, so ' +
    'search and reading are public; every other knowledge route checks the Cognito token, and ' +
    'writing, publishing and retiring check the supervisors group.',
  metaWebhook:
    'Called by Meta, which cannot present a Cognito token: the handler authenticates every ' +
    'delivery by its X-Hub-Signature-256 (HMAC of the raw body with the app secret) and the ' +
    'subscription handshake by the verify token.',
  xWebhook:
    'Called by X, which cannot present a Cognito token: the handler authenticates every event ' +
    'by its x-twitter-webhooks-signature (HMAC with the consumer secret) and answers the CRC check.',
  twilioWebhook:
    'Called by Twilio, which cannot present a Cognito token: the handler authenticates every ' +
    'request by its X-Twilio-Signature (HMAC of the public URL and parameters with the auth token).',
};

// JSON so CloudWatch Logs Insights can query it; no bodies, headers or tokens.
const ACCESS_LOG_FORMAT = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    ip: '$context.identity.sourceIp',
    requestTime: '$context.requestTime',
    routeKey: '$context.routeKey',
    status: '$context.status',
    protocol: '$context.protocol',
    responseLength: '$context.responseLength',
    responseLatency: '$context.responseLatency',
    integrationLatency: '$context.integrationLatency',
    integrationError: '$context.integrationErrorMessage',
    authorizerError: '$context.authorizer.error',
  }),
);

function validateRoutes(routes: readonly RouteSpec[], where: string): void {
  const seen = new Set<string>();
  for (const route of routes) {
    const key = routeKey(route);
    if (seen.has(key)) throw new Error(`${where}: route ${key} is declared twice`);
    seen.add(key);
    if (!(route.function in FUNCTIONS)) {
      throw new Error(`${where}: route ${key} names unknown function '${route.function}'`);
    }
    if (!/^\/[A-Za-z0-9._~{}/-]*$/.test(route.path) || route.path.includes('//')) {
      throw new Error(`${where}: route ${key} has an invalid path template`);
    }
  }
}

function validateThrottle(throttle: PublicApiProps['throttle'], where: string): void {
  const { rateLimit, burstLimit } = throttle;
  if (!(rateLimit > 0) || !Number.isInteger(burstLimit) || burstLimit < 1) {
    throw new Error(`${where}: throttle needs a positive rateLimit and an integer burstLimit ≥ 1`);
  }
}

/** The API keys' items only: listed, created and revoked under their one partition. */
function bindApiKeyItems(fn: HouseFunction, table: PublicApiProps['table']): void {
  fn.role.addToPrincipalPolicy(
    new PolicyStatement({
      actions: ['dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
      resources: [table.tableArn],
      conditions: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [keys.apiKeysPartition()] } },
    }),
  );
  table.encryptionKey?.grant(fn.role, 'kms:Encrypt', 'kms:GenerateDataKey');
}

/** Sending email from the verified domain identity, and from nothing else. */
function bindSesSender(fn: HouseFunction, domain: string): void {
  const stack = Stack.of(fn);
  fn.function.addToRolePolicy(
    new PolicyStatement({
      actions: ['ses:SendEmail'],
      resources: [stack.formatArn({ service: 'ses', resource: 'identity', resourceName: domain })],
    }),
  );
  fn.setEnv('ONETHREAD_EMAIL_FROM_ADDRESS', `support@${domain}`);
}

/**
 * Where identity tokens' keys are. The HS256 key stays in Secrets Manager: the function gets the
 * secret's name and may read that one secret's value (no describe, no other secret).
 */
function bindIdentityTokens(fn: HouseFunction, tokens: IdentityTokenConfig): void {
  fn.setEnv('ONETHREAD_IDENTITY_TOKEN_AUDIENCE', tokens.audience);
  if (tokens.jwksUrl) fn.setEnv('ONETHREAD_IDENTITY_TOKEN_JWKS_URL', tokens.jwksUrl);
  if (!tokens.secretName) return;
  fn.setEnv('ONETHREAD_IDENTITY_TOKEN_SECRET_ID', tokens.secretName);
  const secret = Secret.fromSecretNameV2(fn, 'identityTokenSecret', tokens.secretName);
  // A secret's ARN ends in six random characters after its name.
  fn.function.addToRolePolicy(
    new PolicyStatement({
      actions: ['secretsmanager:GetSecretValue'],
      resources: [`${secret.secretArn}-??????`],
    }),
  );
}

/**
 * Amazon Translate's TranslateText has no resource-level permissions (its IAM reference lists
 * no resource types for it), so the one action is granted on `*`; nothing else is.
 */
function bindTranslate(fn: HouseFunction): void {
  fn.role.addToPrincipalPolicy(
    new PolicyStatement({ actions: ['translate:TranslateText'], resources: ['*'] }),
  );
  const policy = fn.role.node.tryFindChild('DefaultPolicy');
  if (policy) {
    Validations.of(policy).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
      reason:
        'translate:TranslateText supports no resource-level permissions, so it can only be granted ' +
        'on "*"; the statement allows that one action and nothing else. Active tracing needs ' +
        'xray:PutTraceSegments and xray:PutTelemetryRecords on "*" for the same reason.',
    });
  }
}
