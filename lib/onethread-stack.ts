import { CfnOutput, Duration, Lazy, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { FunctionEnv } from '#shared/env-names.ts';
import { AgentIdentity } from './agent-identity.ts';
import { Alerts } from './alerts.ts';
import { bindNoticeSender, PublicApi } from './api.ts';
import { functionEnvironment, type OneThreadConfig } from './config.ts';
import { ConnectChannel } from './connect.ts';
import { ConsoleHosting } from './console.ts';
import { CustomerExports } from './customer-exports.ts';
import { OperationsDashboard } from './dashboard.ts';
import { DataStore } from './data.ts';
import { DomainEvents } from './domain-events.ts';
import { EmailChannel } from './email.ts';
import { IngestPipeline } from './ingest.ts';
import { KnowledgeStore } from './knowledge.ts';
import { LiveUpdates } from './live-updates.ts';
import { bindProviderSecrets, X_MEDIA_SECRETS } from './provider-secrets.ts';
import { Reporting } from './reporting.ts';
import { Routing } from './routing.ts';
import { ServiceAlarms } from './service-alarms.ts';
import { SurveyLinkKey } from './survey-links.ts';

/** What every function of the stack is built with. */
interface FunctionDefaults {
  environment: FunctionEnv;
  logRetention: RetentionDays;
  logRemovalPolicy: RemovalPolicy;
}

/** A year of domain events to replay: a consumer that was down, or a new one filled in. */
const EVENT_ARCHIVE_RETENTION = Duration.days(365);

export interface OneThreadStackProps extends StackProps {
  config: OneThreadConfig;
}

/** One OneThread deployment. It only composes the capability constructs and names the outputs. */
export class OneThreadStack extends Stack {
  public readonly data: DataStore;
  public readonly identity: AgentIdentity;
  public readonly alerts: Alerts;
  public readonly ingest: IngestPipeline;
  public readonly routing: Routing;
  public readonly email: EmailChannel;
  public readonly connect: ConnectChannel;
  public readonly dashboard: OperationsDashboard;
  public readonly api: PublicApi;
  public readonly console: ConsoleHosting;
  public readonly live: LiveUpdates;
  public readonly events: DomainEvents;
  public readonly knowledge: KnowledgeStore;
  public readonly reporting: Reporting;

  constructor(scope: Construct, id: string, props: OneThreadStackProps) {
    super(scope, id, props);
    const { config } = props;
    const functions: FunctionDefaults = {
      environment: functionEnvironment(config),
      logRetention: config.logRetentionDays as RetentionDays,
      logRemovalPolicy: config.deletionProtection ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    };

    // Construct ids below are part of every resource's identity; renaming one replaces it.
    this.data = new DataStore(this, 'Data', { deletionProtection: config.deletionProtection });
    // The console's hosting comes last (its config.json names the client and the API), but the
    // client's callback URLs and the API's CORS need its address: both read it at synth time.
    const consoleUrl = Lazy.string({ produce: () => this.console.url });
    const consoleOrigin = Lazy.string({
      produce: () => `https://${this.console.distribution.distributionDomainName}`,
    });
    const consoleOrigins = [
      ...new Set([consoleOrigin, ...config.consoleUrls.map((url) => new URL(url).origin)]),
    ];
    this.identity = this.agentIdentity(config, consoleUrl, functions);
    this.alerts = new Alerts(this, 'Alerts', { email: config.alarmEmail });
    const alarmAction = this.alerts.action;
    const table = this.data.table;
    this.ingest = new IngestPipeline(this, 'Ingest', { table, ...functions, alarmAction });
    this.routing = new Routing(this, 'Routing', {
      table,
      engineConfig: config.routingConfig,
      ...functions,
      alarmAction,
    });
    // Ingest opens work items and announces them to the router.
    this.routing.bindAnnouncer(this.ingest.consumer);
    this.email = this.emailChannel(config, consoleOrigins, functions);
    this.connect = new ConnectChannel(this, 'Connect', {
      table,
      ingestQueue: this.ingest.queue,
      instanceArn: config.channels.connectInstanceArn,
      settings: config.channels.connect,
      routing: this.routing,
      ...functions,
      alarmAction,
    });
    this.knowledge = new KnowledgeStore(this, 'Knowledge', {
      deletionProtection: config.deletionProtection,
      accessLogRetentionDays: config.logRetentionDays,
      languages: config.kbLanguages,
      articleUrl: config.kbArticleUrl,
    });
    this.reporting = new Reporting(this, 'Reporting', {
      table,
      deletionProtection: config.deletionProtection,
      accessLogRetentionDays: config.logRetentionDays,
      ...functions,
    });
    this.api = this.publicApi(config, consoleOrigins, functions);
    this.bindAttachments(config);
    this.bindCustomerFiles(functions);
    // Work of queues delivered by Amazon Connect becomes tasks linking to the console, where
    // there is a Connect instance to deliver to.
    if (config.channels.connectInstanceArn) this.routing.bindHandoff(this.connect, consoleUrl);
    this.live = this.liveUpdates(config, consoleOrigins, functions);
    // A chat session's answer names the socket its widget listens on.
    this.api.functions.chatApi?.setEnv('ONETHREAD_LIVE_URL', this.live.url);
    this.events = new DomainEvents(this, 'DomainEvents', {
      publisher: this.live.updates,
      webhooks: config.webhooks,
      archiveRetention: EVENT_ARCHIVE_RETENTION,
      alarmAction,
    });
    new ServiceAlarms(this, 'ServiceAlarms', { ...config.serviceAlarms, action: alarmAction });
    this.dashboard = this.operationsDashboard();
    this.console = this.consoleHosting(config);
    this.writeOutputs();
  }

  private agentIdentity(config: OneThreadConfig, consoleUrl: string, functions: FunctionDefaults) {
    const identity = new AgentIdentity(this, 'AgentIdentity', {
      deletionProtection: config.deletionProtection,
      mfa: config.agentMfa,
      // Unique per account and stage, as Cognito needs a prefix no other account in the region has.
      domainPrefix: config.authDomainPrefix ?? `onethread-${config.stage}-${this.account}`,
      consoleUrls: [consoleUrl, ...config.consoleUrls],
    });
    identity.recordSignIns({ auditTable: this.data.auditTable, ...functions });
    return identity;
  }

  private emailChannel(config: OneThreadConfig, consoleOrigins: string[], functions: FunctionDefaults) {
    return new EmailChannel(this, 'Email', {
      table: this.data.table,
      ingestQueue: this.ingest.queue,
      domain: config.channels.emailDomain,
      receiptAddresses: config.channels.emailReceiptAddresses,
      deletionProtection: config.deletionProtection,
      retention: config.retention,
      accessLogRetentionDays: config.logRetentionDays,
      ...functions,
      alarmAction: this.alerts.action,
      uploadOrigins: [...new Set([...config.allowedOrigins, ...consoleOrigins])],
    });
  }

  private publicApi(config: OneThreadConfig, consoleOrigins: string[], functions: FunctionDefaults) {
    const surveyLinks = new SurveyLinkKey(this, 'SurveyLinks');
    const api = new PublicApi(this, 'Api', {
      knowledge: this.knowledge,
      surveyLinks,
      table: this.data.table,
      auditTable: this.data.auditTable,
      ingestQueue: this.ingest.queue,
      routing: this.routing,
      connect: this.connect,
      providerSecrets: config.channels.providerSecrets,
      identityTokens: config.identityTokens,
      emailDomain: config.channels.emailDomain,
      translation: config.language.translation,
      publicUrl: config.publicUrl,
      userPool: this.identity.userPool,
      userPoolClients: [this.identity.consoleClient],
      allowedOrigins: [...new Set([...config.allowedOrigins, ...consoleOrigins])],
      throttle: { rateLimit: config.apiRateLimit, burstLimit: config.apiBurstLimit },
      ...functions,
    });
    bindNoticeSender(
      this.ingest.consumer,
      {
        providerSecrets: config.channels.providerSecrets,
        emailDomain: config.channels.emailDomain,
        surveyLinks,
      },
      api.publicUrl,
    );
    return api;
  }

  /**
   * Attachments: the attachments API grants uploads and links; chat and replies check that a
   * named file arrived (and replies link it for providers); ingest stores fetched provider media,
   * with the providers' credentials for it.
   */
  private bindAttachments(config: OneThreadConfig) {
    const fns = this.api.functions;
    if (fns.attachmentsApi) this.email.bindAttachments(fns.attachmentsApi, 'write');
    if (fns.chatApi) this.email.bindAttachments(fns.chatApi, 'read');
    if (fns.replies) this.email.bindAttachments(fns.replies, 'read');
    this.email.bindAttachments(this.ingest.consumer, 'write');
    // Meta's token and Twilio's auth come with the notice sender; X media needs its own credentials.
    bindProviderSecrets(this.ingest.consumer, config.channels.providerSecrets, X_MEDIA_SECRETS);
  }

  /** Erasures run on the ingest consumer and delete a customer's stored email; exports read it. */
  private bindCustomerFiles(functions: FunctionDefaults) {
    this.email.bindFileEraser(this.ingest.consumer);
    const exports = new CustomerExports(this, 'CustomerExports', {
      table: this.data.table,
      email: this.email,
      ...functions,
    });
    const agentApi = this.api.functions.agentApi;
    if (!agentApi) return;
    this.email.bindFileReader(agentApi);
    this.email.bindExportReader(agentApi);
    exports.bindStarter(agentApi);
  }

  private liveUpdates(config: OneThreadConfig, consoleOrigins: string[], functions: FunctionDefaults) {
    return new LiveUpdates(this, 'Live', {
      table: this.data.table,
      userPool: this.identity.userPool,
      userPoolClient: this.identity.consoleClient,
      // The console's own, not every site allowed to call the API (those embed the chat widget).
      consoleOrigins,
      throttle: { rateLimit: config.apiRateLimit, burstLimit: config.apiBurstLimit },
      accountLogsRole: config.apiGatewayLogsRole,
      ...functions,
      alarmAction: this.alerts.action,
    });
  }

  private operationsDashboard() {
    const { ingest, routing, email, connect } = this;
    return new OperationsDashboard(this, 'Operations', {
      ingestQueue: ingest.queue,
      queues: {
        ingest: ingest.queue,
        routing: routing.events.queue,
        'routing timers': routing.timers.queue,
        email: email.work.queue,
        'connect requests': connect.requests.queue,
      },
      deadLetterQueues: {
        ingest: ingest.deadLetterQueue,
        routing: routing.events.deadLetterQueue,
        'routing timers': routing.timers.deadLetterQueue,
        email: email.work.deadLetterQueue,
        'connect requests': connect.requests.deadLetterQueue,
        'connect events': connect.contactEventsDeadLetterQueue,
      },
      ingest: ingest.consumer,
      router: routing.router,
      routingEffects: routing.effects,
      functions: {
        ingest: ingest.consumer,
        router: routing.router,
        'routing effects': routing.effects,
        'email inbound': email.inbound,
        'connect lookup': connect.flowLookup,
      },
    });
  }

  private consoleHosting(config: OneThreadConfig) {
    const { connectInstanceUrl } = config.channels;
    return new ConsoleHosting(this, 'Console', {
      distPath: config.consoleDist,
      deletionProtection: config.deletionProtection,
      accessLogRetentionDays: config.logRetentionDays,
      runtimeConfig: {
        apiUrl: this.api.publicUrl,
        liveUrl: this.live.url,
        region: this.region,
        userPoolId: this.identity.userPool.userPoolId,
        userPoolClientId: this.identity.consoleClient.userPoolClientId,
        authDomainUrl: this.identity.hostedUiUrl,
        ...(connectInstanceUrl ? { connectInstanceUrl } : {}),
      },
      framedBy: connectInstanceUrl && new URL(connectInstanceUrl).origin,
    });
  }

  /** Each capability names its own outputs; they stay top-level ids, as deploy scripts read them. */
  private writeOutputs() {
    const outputs = [
      this.api,
      this.console,
      this.live,
      this.data,
      this.identity,
      this.ingest,
      this.alerts,
      this.routing,
      this.email,
      this.knowledge,
      this.reporting,
      this.connect,
      this.events,
    ].flatMap((capability) => capability.outputs());
    for (const { id, value, description } of outputs) new CfnOutput(this, id, { value, description });
  }
}
