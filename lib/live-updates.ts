import { type CfnResource, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { AccessLogFormat, CfnAccount } from 'aws-cdk-lib/aws-apigateway';
import { LogGroupLogDestination, WebSocketApi, WebSocketStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { WebSocketLambdaAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { WebSocketLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { type Alarm, type IAlarmAction, Stats } from 'aws-cdk-lib/aws-cloudwatch';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { ManagedPolicy, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct, type IConstruct } from 'constructs';
import type { FunctionEnv } from '#shared/env-names.ts';
import { DOMAIN_EVENT_PREFIXES, LIVE_SOURCE_PREFIXES } from '#store/live-changes.ts';
import { keys } from '#store/table.ts';
import { FUNCTIONS } from '../functions/routes.ts';
import { parkedMessagesAlarm, streamLagAlarm } from './alerts.ts';
import { bindStreamRead, HouseFunction } from './house-function.ts';
import { printedEnvironment } from './nag-names.ts';
import { bindRetentionMarkers, TTL_REMOVALS_FILTER } from './retention.ts';
import type { StackOutput } from './stack-output.ts';

export interface LiveUpdatesProps {
  /** The table: its stream is the source of changes, its `LIVE#` items the subscriptions. */
  table: ITableV2;
  /** Whose tokens may open a connection: the agents' pool and the console's client. */
  userPool: IUserPool;
  userPoolClient: IUserPoolClient;
  /** Where the console is served: a page of any other origin may not open a connection. */
  consoleOrigins: string[];
  throttle: { rateLimit: number; burstLimit: number };
  /**
   * Sets API Gateway's account-level CloudWatch Logs role, which WebSocket stage logging needs
   * (once per account and region). Off where the account's settings are managed elsewhere.
   */
  accountLogsRole: boolean;
  environment: FunctionEnv;
  logRetention: RetentionDays;
  logRemovalPolicy: RemovalPolicy;
  alarmAction?: IAlarmAction | undefined;
}

const STAGE = 'live';
/** How long the stream's records are tried before their batch is parked in `failures`. */
const STREAM_RECORD_MAX_AGE = Duration.hours(6);

/**
 * Live updates for the agent console: a WebSocket API whose `$connect` checks the console's
 * origin and Cognito token (`liveAuthorizer`), whose routes keep subscriptions in the table
 * (`liveSocket`), and a consumer of the table's stream (`liveUpdates`) that tells subscribed
 * connections which topics changed. Notices carry no data: the console refetches over HTTP.
 * The same consumer publishes the changes' domain events (see `DomainEvents`), so the stream
 * keeps its two readers.
 */
export class LiveUpdates extends Construct {
  public readonly api: WebSocketApi;
  public readonly stage: WebSocketStage;
  public readonly accessLogs: LogGroup;
  public readonly socket: HouseFunction;
  public readonly authorizer: HouseFunction;
  public readonly updates: HouseFunction;
  /** Where the stream's batches go when they keep failing (their position, not their data). */
  public readonly failures: Queue;
  public readonly failureAlarm: Alarm;
  /** Fires while liveUpdates is minutes behind the stream: a batch failing again and again. */
  public readonly lagAlarm: Alarm;
  /** `wss://…/live`: what the console connects to. */
  public readonly url: string;

  constructor(scope: Construct, id: string, props: LiveUpdatesProps) {
    super(scope, id);
    const { table } = props;
    this.authorizer = this.liveFunction(props, 'liveAuthorizer', Duration.seconds(5));
    this.authorizer.setEnv('ONETHREAD_USER_POOL_ID', props.userPool.userPoolId);
    this.authorizer.setEnv('ONETHREAD_USER_POOL_CLIENT_ID', props.userPoolClient.userPoolClientId);
    this.authorizer.setEnv('ONETHREAD_CONSOLE_ORIGINS', props.consoleOrigins.join(','));
    // Chat visitors connect with their session's token, checked against its digest.
    bindLiveItems(this.authorizer, table, ['GetItem'], [keys.chatSession('').pk]);

    this.socket = this.liveFunction(props, 'liveSocket', Duration.seconds(10));
    bindLiveItems(this.socket, table, ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem'], LIVE_PARTITIONS);

    this.api = this.socketApi();
    const { accessLogs, stage } = this.socketStage(props);
    this.accessLogs = accessLogs;
    this.stage = stage;
    if (props.accountLogsRole) this.stage.node.addDependency(this.accountLogging());
    this.url = this.stage.url;

    this.updates = this.updatesFunction(props);
    this.failures = this.streamFailures();
    this.readStream(table);
    this.acknowledgeWildcards();

    this.failureAlarm = parkedMessagesAlarm(
      this,
      'StreamFailuresAlarm',
      this.failures,
      'Table changes could not be turned into console notices and domain events (liveUpdates ' +
        'failed a batch for hours). Consoles fall back to their slow poll; the events of the parked ' +
        'batch were not published (docs/events.md#replays); see the function logs for the cause.',
      props.alarmAction,
    );
    this.lagAlarm = streamLagAlarm(
      this,
      'UpdatesLagAlarm',
      this.updates.function.metric('IteratorAge', { period: Duration.minutes(1), statistic: Stats.MAXIMUM }),
      Duration.minutes(5),
      'Console notices and domain events are late: liveUpdates is more than five minutes behind ' +
        "the table's stream (a batch failing again and again, such as the event bus refusing " +
        'events). Consoles fall back to their slow poll; see the function logs for the cause.',
      props.alarmAction,
    );
  }

  private liveFunction(
    props: LiveUpdatesProps,
    name: 'liveSocket' | 'liveAuthorizer' | 'liveUpdates',
    timeout: Duration,
  ): HouseFunction {
    return new HouseFunction(this, name, {
      entry: FUNCTIONS[name].entry,
      description: FUNCTIONS[name].description,
      environment: props.environment,
      logRetention: props.logRetention,
      removalPolicy: props.logRemovalPolicy,
      timeout,
    });
  }

  /** The WebSocket API: `$connect` behind the authorizer, every route to `liveSocket`. */
  private socketApi(): WebSocketApi {
    const api = new WebSocketApi(this, 'Api', {
      apiName: `${Stack.of(this).stackName}-live`,
      description: 'OneThread live updates for the agent console and the chat widget',
    });
    const integration = new WebSocketLambdaIntegration('SocketIntegration', this.socket.function);
    // Browsers cannot set headers on a WebSocket: the token comes as `?token=`.
    const authorizer = new WebSocketLambdaAuthorizer('TokenAuthorizer', this.authorizer.function, {
      identitySource: ['route.request.querystring.token'],
    });
    api.addRoute('$connect', { integration, authorizer });
    for (const routeKey of ['$disconnect', 'subscribe', '$default']) {
      const route = api.addRoute(routeKey, { integration, returnResponse: routeKey !== '$disconnect' });
      Validations.of(route).acknowledge({
        id: 'AwsSolutions::AwsSolutions-APIG4',
        reason:
          'A WebSocket API authorizes a connection once, on $connect (the Cognito token check of ' +
          'liveAuthorizer); its later messages and its disconnect travel on that connection.',
      });
    }

    return api;
  }

  /** The `live` stage, throttled, with its access logs. */
  private socketStage(props: LiveUpdatesProps): { accessLogs: LogGroup; stage: WebSocketStage } {
    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      removalPolicy: props.logRemovalPolicy,
    });
    const stage = new WebSocketStage(this, 'Stage', {
      webSocketApi: this.api,
      stageName: STAGE,
      autoDeploy: true,
      throttle: props.throttle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: ACCESS_LOG_FORMAT,
      },
    });
    return { accessLogs, stage };
  }

  /** `liveUpdates`: reads the live items and posts to the stage's connections, and no others. */
  private updatesFunction(props: LiveUpdatesProps): HouseFunction {
    const updates = this.liveFunction(props, 'liveUpdates', Duration.seconds(30));
    bindLiveItems(updates, props.table, ['GetItem', 'Query', 'DeleteItem'], LIVE_PARTITIONS);
    // The chat sessions of a conversation, whose visitors hear of its agent typing and its queue.
    bindLiveItems(updates, props.table, ['Query'], [keys.conversationChat('', '').pk]);
    updates.setEnv('ONETHREAD_LIVE_ENDPOINT', this.stage.callbackUrl);
    // Posting to this stage's connections, whichever they are; no other API, no other stage.
    const connections = Stack.of(this).formatArn({
      service: 'execute-api',
      resource: this.api.apiId,
      resourceName: `${STAGE}/POST/@connections/*`,
    });
    updates.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['execute-api:ManageConnections'], resources: [connections] }),
    );

    return updates;
  }

  /** Where the stream's batches go when they keep failing. */
  private streamFailures(): Queue {
    const failures = new Queue(this, 'StreamFailures', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(failures).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SQS3',
      reason:
        'This queue is itself a dead-letter destination: the on-failure destination of the ' +
        "table stream's event source mapping, which SQS redrive policies do not show. Alarmed.",
    });
    return failures;
  }

  /** The table's stream into `liveUpdates`: the changes consoles hear of and events are made of. */
  private readStream(table: ITableV2): void {
    const streamArn = table.tableStreamArn;
    if (!streamArn) throw new Error(`${this.node.path}: live updates need the table's stream`);
    const routingPrefix = keys.routingQueues('').pk;
    this.updates.function.addEventSourceMapping('TableStream', {
      eventSourceArn: streamArn,
      startingPosition: StartingPosition.LATEST,
      batchSize: 25,
      // A failing batch is halved until the failing record is alone, and tried until its records
      // are six hours old: domain events are published at least once, so only an outage that long
      // parks a batch's position in `failures`. Meanwhile consoles fall back to their slow poll.
      bisectBatchOnError: true,
      maxRecordAge: STREAM_RECORD_MAX_AGE,
      onFailure: new SqsDlq(this.failures),
      // A routing partition is news only through its queue board, not its log and snapshots.
      filters: [
        FilterCriteria.filter({
          dynamodb: {
            Keys: {
              pk: {
                S: [
                  ...LIVE_SOURCE_PREFIXES.filter((prefix) => prefix !== routingPrefix),
                  ...DOMAIN_EVENT_PREFIXES,
                ].flatMap((prefix) => FilterRule.beginsWith(prefix)),
              },
            },
          },
        }),
        FilterCriteria.filter({
          dynamodb: {
            Keys: {
              pk: { S: FilterRule.beginsWith(routingPrefix) },
              sk: { S: FilterRule.isEqual(keys.routingQueues('').sk) },
            },
          },
        }),
        TTL_REMOVALS_FILTER,
      ],
    });
    bindStreamRead(this.updates, table, streamArn);
    bindRetentionMarkers(this.updates, table);
  }

  /**
   * API Gateway's account settings (one per account and region) name the role it writes stage
   * logs with. Both outlive the stack: other APIs of the account may log through them too.
   */
  private accountLogging(): CfnAccount {
    const role = new Role(this, 'ApiGatewayLogsRole', {
      description: 'API Gateway writes stage access and execution logs to CloudWatch Logs',
      assumedBy: new ServicePrincipal('apigateway.amazonaws.com'),
      managedPolicies: [
        ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonAPIGatewayPushToCloudWatchLogs'),
      ],
    });
    role.applyRemovalPolicy(RemovalPolicy.RETAIN);
    Validations.of(role).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
      reason:
        'The managed policy API Gateway documents for its account-level logging role: it creates log ' +
        'groups and streams and writes events, and is kept current by AWS as API Gateway logging changes.',
    });
    const account = new CfnAccount(this, 'ApiGatewayAccount', { cloudWatchRoleArn: role.roleArn });
    account.applyRemovalPolicy(RemovalPolicy.RETAIN);
    return account;
  }

  /** The grant whose last part is known only at run time, as cdk-nag names it. */
  private acknowledgeWildcards(): void {
    const policy = this.updates.role.node.tryFindChild('DefaultPolicy');
    if (!policy) return;
    const stack = Stack.of(this);
    const logicalId = (construct: IConstruct) =>
      stack.resolve((construct.node.defaultChild as CfnResource).logicalId) as string;
    const { partition, region, account } = printedEnvironment(stack);
    const findings = {
      [`arn:${partition}:execute-api:${region}:${account}:<${logicalId(this.api)}>/${STAGE}/POST/@connections/*`]:
        'Connection ids are made by API Gateway as consoles connect: liveUpdates may post to ' +
        "(and so learn of the end of) any connection of this API's live stage, and nothing else.",
    };
    for (const [resource, reason] of Object.entries(findings)) {
      Validations.of(policy).acknowledge({
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::${resource}]`,
        reason,
      });
    }
  }

  outputs(): StackOutput[] {
    return [
      { id: 'LiveUrl', value: this.url, description: 'WebSocket the agent console hears of changes on' },
    ];
  }
}

/** The live-updates items: subscriptions (`LIVE#…`) and connections (`LIVECONN#…`). */
const LIVE_PARTITIONS = [keys.liveSubscription('', '').pk, keys.liveConnection('').pk];

/**
 * Item access on the partitions of these prefixes only, enforced by IAM on the leading key, plus
 * the table key's use that needs; sets TABLE_NAME.
 */
function bindLiveItems(fn: HouseFunction, table: ITableV2, actions: string[], partitions: string[]): void {
  fn.role.addToPrincipalPolicy(
    new PolicyStatement({
      actions: actions.map((action) => `dynamodb:${action}`),
      resources: [table.tableArn],
      conditions: {
        'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': partitions.map((prefix) => `${prefix}*`) },
      },
    }),
  );
  const writes = actions.some((action) => action !== 'GetItem' && action !== 'Query');
  table.encryptionKey?.grant(
    fn.role,
    'kms:Decrypt',
    ...(writes ? ['kms:Encrypt', 'kms:GenerateDataKey'] : []),
  );
  fn.setEnv('TABLE_NAME', table.tableName);
}

// JSON for CloudWatch Logs Insights; connection ids and outcomes, no messages or tokens.
const ACCESS_LOG_FORMAT = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    ip: '$context.identity.sourceIp',
    requestTime: '$context.requestTime',
    routeKey: '$context.routeKey',
    eventType: '$context.eventType',
    connectionId: '$context.connectionId',
    status: '$context.status',
    integrationLatency: '$context.integrationLatency',
    integrationError: '$context.integrationErrorMessage',
    authorizerError: '$context.authorizer.error',
  }),
);
