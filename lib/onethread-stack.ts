import { CfnOutput, Duration, Lazy, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
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
import { Reporting } from './reporting.ts';
import { Routing } from './routing.ts';
import { ServiceAlarms } from './service-alarms.ts';
import { SurveyLinkKey } from './survey-links.ts';

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
    const environment = functionEnvironment(config);
    const logRetention = config.logRetentionDays as RetentionDays;
    const logRemovalPolicy = config.deletionProtection ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

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
    this.identity = new AgentIdentity(this, 'AgentIdentity', {
      deletionProtection: config.deletionProtection,
      mfa: config.agentMfa,
      // Unique per account and stage, as Cognito needs a prefix no other account in the region has.
      domainPrefix: config.authDomainPrefix ?? `onethread-${config.stage}-${this.account}`,
      consoleUrls: [consoleUrl, ...config.consoleUrls],
    });
    this.identity.recordSignIns({
      auditTable: this.data.auditTable,
      environment,
      logRetention,
      logRemovalPolicy,
    });
    this.alerts = new Alerts(this, 'Alerts', { email: config.alarmEmail });
    this.ingest = new IngestPipeline(this, 'Ingest', {
      table: this.data.table,
      environment,
      logRetention,
      logRemovalPolicy,
      alarmAction: this.alerts.action,
    });
    this.routing = new Routing(this, 'Routing', {
      table: this.data.table,
      environment,
      engineConfig: config.routingConfig,
      logRetention,
      logRemovalPolicy,
      alarmAction: this.alerts.action,
    });
    // Ingest opens work items and announces them to the router.
    this.routing.bindAnnouncer(this.ingest.consumer);
    this.email = new EmailChannel(this, 'Email', {
      table: this.data.table,
      ingestQueue: this.ingest.queue,
      environment,
      domain: config.channels.emailDomain,
      receiptAddresses: config.channels.emailReceiptAddresses,
      deletionProtection: config.deletionProtection,
      retention: config.retention,
      accessLogRetentionDays: config.logRetentionDays,
      logRetention,
      logRemovalPolicy,
      alarmAction: this.alerts.action,
    });
    this.connect = new ConnectChannel(this, 'Connect', {
      table: this.data.table,
      ingestQueue: this.ingest.queue,
      environment,
      instanceArn: config.channels.connectInstanceArn,
      settings: config.channels.connect,
      routing: this.routing,
      logRetention,
      logRemovalPolicy,
      alarmAction: this.alerts.action,
    });
    this.knowledge = new KnowledgeStore(this, 'Knowledge', {
      deletionProtection: config.deletionProtection,
      accessLogRetentionDays: config.logRetentionDays,
      languages: config.kbLanguages,
      articleUrl: config.kbArticleUrl,
    });
    this.reporting = new Reporting(this, 'Reporting', {
      table: this.data.table,
      environment,
      deletionProtection: config.deletionProtection,
      accessLogRetentionDays: config.logRetentionDays,
      logRetention,
      logRemovalPolicy,
    });
    const surveyLinks = new SurveyLinkKey(this, 'SurveyLinks');
    this.api = new PublicApi(this, 'Api', {
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
      environment,
      logRetention,
      logRemovalPolicy,
    });
    bindNoticeSender(
      this.ingest.consumer,
      {
        providerSecrets: config.channels.providerSecrets,
        emailDomain: config.channels.emailDomain,
        surveyLinks,
      },
      this.api.publicUrl,
    );
    // Erasures run on the ingest consumer and delete a customer's stored email; exports read it.
    this.email.bindFileEraser(this.ingest.consumer);
    const agentApi = this.api.functions.agentApi;
    const exports = new CustomerExports(this, 'CustomerExports', {
      table: this.data.table,
      email: this.email,
      environment,
      logRetention,
      logRemovalPolicy,
    });
    if (agentApi) {
      this.email.bindFileReader(agentApi);
      this.email.bindExportReader(agentApi);
      exports.bindStarter(agentApi);
    }
    // Work of queues delivered by Amazon Connect becomes tasks linking to the console, where
    // there is a Connect instance to deliver to.
    if (config.channels.connectInstanceArn) this.routing.bindHandoff(this.connect, consoleUrl);

    this.live = new LiveUpdates(this, 'Live', {
      table: this.data.table,
      userPool: this.identity.userPool,
      userPoolClient: this.identity.consoleClient,
      // The console's own, not every site allowed to call the API (those embed the chat widget).
      consoleOrigins,
      throttle: { rateLimit: config.apiRateLimit, burstLimit: config.apiBurstLimit },
      accountLogsRole: config.apiGatewayLogsRole,
      environment,
      logRetention,
      logRemovalPolicy,
      alarmAction: this.alerts.action,
    });

    // A chat session's answer names the socket its widget listens on.
    this.api.functions.chatApi?.setEnv('ONETHREAD_LIVE_URL', this.live.url);

    this.events = new DomainEvents(this, 'DomainEvents', {
      publisher: this.live.updates,
      webhooks: config.webhooks,
      archiveRetention: EVENT_ARCHIVE_RETENTION,
      alarmAction: this.alerts.action,
    });

    new ServiceAlarms(this, 'ServiceAlarms', { ...config.serviceAlarms, action: this.alerts.action });

    this.dashboard = new OperationsDashboard(this, 'Operations', {
      ingestQueue: this.ingest.queue,
      queues: {
        ingest: this.ingest.queue,
        routing: this.routing.events.queue,
        'routing timers': this.routing.timers.queue,
        email: this.email.work.queue,
        'connect requests': this.connect.requests.queue,
      },
      deadLetterQueues: {
        ingest: this.ingest.deadLetterQueue,
        routing: this.routing.events.deadLetterQueue,
        'routing timers': this.routing.timers.deadLetterQueue,
        email: this.email.work.deadLetterQueue,
        'connect requests': this.connect.requests.deadLetterQueue,
        'connect events': this.connect.contactEventsDeadLetterQueue,
      },
      ingest: this.ingest.consumer,
      router: this.routing.router,
      routingEffects: this.routing.effects,
      functions: {
        ingest: this.ingest.consumer,
        router: this.routing.router,
        'routing effects': this.routing.effects,
        'email inbound': this.email.inbound,
        'connect lookup': this.connect.flowLookup,
      },
    });

    this.console = new ConsoleHosting(this, 'Console', {
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
        ...(config.channels.connectInstanceUrl
          ? { connectInstanceUrl: config.channels.connectInstanceUrl }
          : {}),
      },
      framedBy: config.channels.connectInstanceUrl && new URL(config.channels.connectInstanceUrl).origin,
    });

    const output = (id: string, value: string, description: string) =>
      new CfnOutput(this, id, { value, description });
    output('ApiUrl', this.api.url, 'Base URL of the OneThread API (chat widget and agent console)');
    output('ConsoleUrl', this.console.url, 'The agent console (CloudFront)');
    output('LiveUrl', this.live.url, 'WebSocket the agent console hears of changes on');
    output('TableName', this.data.table.tableName, 'The OneThread DynamoDB table');
    output('UserPoolId', this.identity.userPool.userPoolId, 'Cognito user pool of agents and supervisors');
    output(
      'ConsoleClientId',
      this.identity.consoleClient.userPoolClientId,
      'App client of the agent console',
    );
    output('HostedUiUrl', this.identity.hostedUiUrl, 'Cognito Hosted UI where agents sign in');
    output('IngestQueueUrl', this.ingest.queue.queueUrl, 'Queue every channel writes contacts to');
    output('IngestDeadLetterQueueUrl', this.ingest.deadLetterQueue.queueUrl, 'Contacts that failed 5 times');
    output('AlarmTopicArn', this.alerts.topic.topicArn, 'Subscribe here to receive OneThread alarms');
    output('RoutingQueueUrl', this.routing.events.queue.queueUrl, 'Routing events (FIFO)');
    output(
      'RoutingDeadLetterQueueUrl',
      this.routing.events.deadLetterQueue.queueUrl,
      'Routing events that failed 5 times (FIFO)',
    );
    output('RoutingTimerQueueUrl', this.routing.timers.queue.queueUrl, 'Routing timers');
    output(
      'RoutingTimerDeadLetterQueueUrl',
      this.routing.timers.deadLetterQueue.queueUrl,
      'Routing timers that failed 5 times',
    );
    output('EmailBucketName', this.email.bucket.bucketName, 'Raw inbound email and attachments');
    output(
      'KnowledgeBucketName',
      this.knowledge.bucket.bucketName,
      'Knowledge search index and large article bodies',
    );
    output('ReportsBucketName', this.reporting.bucket.bucketName, 'Interval history as JSON lines, by day');
    output('ReportsDatabase', this.reporting.database.ref, 'Glue database of the interval tables');
    output('ReportsWorkGroup', this.reporting.workGroup.ref, 'Athena workgroup for interval queries');
    output('EmailQueueUrl', this.email.work.queue.queueUrl, 'SES receipt notifications');
    output(
      'EmailDeadLetterQueueUrl',
      this.email.work.deadLetterQueue.queueUrl,
      'Email notifications that failed or cannot be ingested',
    );
    if (this.email.receiptRuleSetName) {
      output(
        'EmailReceiptRuleSetName',
        this.email.receiptRuleSetName,
        'Activate once: aws ses set-active-receipt-rule-set --rule-set-name <this>',
      );
    }
    output(
      'ConnectFlowFunctionArn',
      this.connect.flowLookup.function.functionArn,
      'Amazon Connect: the function the contact flow invokes (docs/connect/inbound-flow.json)',
    );
    output(
      'ConnectRequestsQueueUrl',
      this.connect.requests.queue.queueUrl,
      'Requests into Amazon Connect (tasks and callbacks)',
    );
    output(
      'ConnectRequestsDeadLetterQueueUrl',
      this.connect.requests.deadLetterQueue.queueUrl,
      'Requests into Amazon Connect that failed 10 times',
    );
    output(
      'ConnectEventsDeadLetterQueueUrl',
      this.connect.contactEventsDeadLetterQueue.queueUrl,
      'Amazon Connect contact events that could not be delivered to connectEvents',
    );
    const webhook = (path: string) => `${this.api.publicUrl}${path}`;
    output('MetaWebhookUrl', webhook('/webhooks/meta'), 'Callback URL for the Meta app');
    output('XWebhookUrl', webhook('/webhooks/x'), 'Webhook URL for the X Account Activity API');
    output('TwilioWebhookUrl', webhook('/webhooks/twilio/sms'), 'Twilio "A message comes in" URL');
    output('EventBusName', this.events.bus.eventBusName, 'EventBridge bus of OneThread domain events');
    output(
      'EventBusArn',
      this.events.bus.eventBusArn,
      'Rules of other systems subscribe here (docs/events.md)',
    );
    output('EventArchiveName', this.events.archive.archiveName, 'Domain events kept for replays');
    for (const [name, key] of Object.entries(this.events.generatedKeys)) {
      output(
        `WebhookKey${name.replace(/-/g, '')}`,
        key.secretArn,
        `The key the ${name} webhook's requests carry`,
      );
    }
  }
}
