import { Arn, ArnFormat, Duration, type RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import type { Alarm, IAlarmAction } from 'aws-cdk-lib/aws-cloudwatch';
import { CfnIntegrationAssociation } from 'aws-cdk-lib/aws-connect';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { type IQueue, Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { EnvName, FunctionEnv } from '#shared/env-names.ts';
import { FUNCTIONS } from '../functions/routes.ts';
import { parkedMessagesAlarm } from './alerts.ts';
import type { ConnectSettings } from './config.ts';
import { bindQueue, bindTable, HouseFunction } from './house-function.ts';
import type { StackOutput } from './stack-output.ts';
import { WorkQueue } from './work-queue.ts';

/** The resource types under an instance that StartTaskContact and StartOutboundVoiceContact authorise. */
export const CONNECT_REQUEST_RESOURCES = ['contact', 'contact-flow', 'queue'] as const;

export interface ConnectChannelProps {
  table: ITableV2;
  ingestQueue: IQueue;
  /** Settings every function reads (see `functionEnvironment`). */
  environment: FunctionEnv;
  /**
   * The Amazon Connect instance. Without it every function still exists, but nothing lets
   * Connect invoke the flow lookup, the event rule takes contact events of any instance, and
   * the requests consumer gets no Connect permission (its requests fail into the DLQ).
   */
  instanceArn?: string | undefined;
  settings: ConnectSettings;
  /** The end of a task OneThread started closes its work item through the routing queue. */
  routing: { bindAnnouncer(fn: HouseFunction): void };
  logRetention: RetentionDays;
  logRemovalPolicy: RemovalPolicy;
  alarmAction?: IAlarmAction | undefined;
}

/** What the HTTP API needs from Connect: a way to let a function queue requests into Connect. */
export interface ConnectRequestsBinder {
  bindRequester(fn: HouseFunction): void;
}

/** …and a way to let a function start in-app and web calls. */
export interface ConnectBinder extends ConnectRequestsBinder {
  bindWebCaller(fn: HouseFunction): void;
}

/**
 * The Amazon Connect channel:
 * - `connectFlow`, invoked by a contact flow ("Invoke AWS Lambda function") to recognise the caller;
 * - `connectEvents`, the target of an EventBridge rule for Connect contact events, which puts
 *   call reports on the ingest queue (failed deliveries go to a dead-letter queue);
 * - a requests queue paced into Connect by `connectRequests` (tasks and outbound callbacks).
 * The callback route's function (`connectCallback`) is created by the HTTP API and queues
 * requests through {@link bindRequester}.
 */
export class ConnectChannel extends Construct implements ConnectBinder {
  public readonly flowLookup: HouseFunction;
  public readonly contactEvents: HouseFunction;
  public readonly contactEventRule: Rule;
  public readonly contactEventsDeadLetterQueue: Queue;
  public readonly contactEventsDeadLetterAlarm: Alarm;
  public readonly requests: WorkQueue;
  public readonly requestConsumer: HouseFunction;
  public readonly integrationAssociation?: CfnIntegrationAssociation;
  private readonly webCalls: { instanceArn?: string | undefined; flowId?: string | undefined };

  constructor(scope: Construct, id: string, props: ConnectChannelProps) {
    super(scope, id);
    const { instanceArn } = props;
    this.webCalls = { instanceArn, flowId: props.settings.webCallFlowId };
    const instance = instanceArn ? this.checkInstance(instanceArn) : undefined;
    const create = (
      childId: string,
      name: 'connectFlow' | 'connectEvents' | 'connectRequests',
      options: { timeout: Duration; memorySize?: number },
    ) =>
      new HouseFunction(this, childId, {
        entry: FUNCTIONS[name].entry,
        description: FUNCTIONS[name].description,
        environment: props.environment,
        logRetention: props.logRetention,
        removalPolicy: props.logRemovalPolicy,
        ...options,
      });
    const setInstance = (fn: HouseFunction) => {
      if (instanceArn) fn.setEnv('ONETHREAD_CONNECT_INSTANCE_ARN', instanceArn);
    };

    // The flow lookup: Connect waits at most 8 seconds; the handler answers safe defaults after
    // its budget (3 s), so 5 s is room enough. More memory means a quicker cold start.
    this.flowLookup = create('FlowLookup', 'connectFlow', { timeout: Duration.seconds(5), memorySize: 512 });
    // Unknown callers become customers; the call report goes through the ingest queue.
    bindTable(this.flowLookup, props.table, 'readWrite');
    bindQueue(this.flowLookup, props.ingestQueue, 'send');
    // A callback asked for in the flow may open a work item, which the router is told of.
    props.routing.bindAnnouncer(this.flowLookup);
    setInstance(this.flowLookup);
    if (instance && instanceArn)
      this.integrationAssociation = this.registerFlowLookup(instanceArn, instance.account);

    // Contact events: calls go to the ingest queue; a task's end is noted on its link to a work
    // item (an update by key) and, when the work item is known, announced to the router.
    this.contactEvents = create('ContactEvents', 'connectEvents', { timeout: Duration.seconds(10) });
    // A task's end goes to the routing partition of its work item's queue, read off the item.
    bindTable(this.contactEvents, props.table, 'getUpdate');
    bindQueue(this.contactEvents, props.ingestQueue, 'send');
    props.routing.bindAnnouncer(this.contactEvents);
    setInstance(this.contactEvents);
    this.contactEventsDeadLetterQueue = contactEventsDeadLetterQueue(this);
    this.contactEventRule = new Rule(this, 'ContactEventRule', {
      description: 'Amazon Connect contact events to OneThread (connectEvents)',
      eventPattern: {
        source: ['aws.connect'],
        detailType: ['Amazon Connect Contact Event'],
        ...(instanceArn ? { detail: { instanceArn: [instanceArn] } } : {}),
      },
      targets: [
        new LambdaFunction(this.contactEvents.function, {
          deadLetterQueue: this.contactEventsDeadLetterQueue,
          retryAttempts: 10,
          maxEventAge: Duration.hours(6),
        }),
      ],
    });
    this.contactEventsDeadLetterAlarm = parkedMessagesAlarm(
      this,
      'ContactEventsDeadLetterAlarm',
      this.contactEventsDeadLetterQueue,
      'Amazon Connect contact events could not be delivered to connectEvents and were parked in ' +
        'its dead-letter queue. Fix the cause in its logs, then invoke connectEvents with each ' +
        "message's body (see docs/deploy.md).",
      props.alarmAction,
    );

    // Requests into Connect: paced, and hidden with the shared backoff when Connect throttles;
    // the queue's receive limit outlasts that backoff.
    const timeout = Duration.seconds(60);
    this.requests = new WorkQueue(this, 'Requests', {
      purpose: 'Amazon Connect requests (tasks and callbacks)',
      consumerTimeout: timeout,
      maxMessageAge: Duration.minutes(30),
      deadLetterAdvice:
        "Connect refused them or kept throttling: fix the cause in connectRequests' logs, then move " +
        'them back with `npm run redrive`. Each carries a client token, so a retry never starts a ' +
        'second task or call.',
      alarmAction: props.alarmAction,
    });
    this.requestConsumer = create('RequestConsumer', 'connectRequests', { timeout });
    const consumer = this.requestConsumer;
    // A task started for a work item is linked to it (updates by key), and announced to the
    // router if Connect reported its end first.
    bindTable(consumer, props.table, 'getUpdate');
    props.routing.bindAnnouncer(consumer);
    setInstance(consumer);
    consumer.setEnv('ONETHREAD_CONNECT_REQUESTS_QUEUE_URL', this.requests.queue.queueUrl);
    consumer.setEnv('ONETHREAD_CONNECT_REQUESTS_PER_SECOND', String(props.settings.requestsPerSecond));
    const optional: [EnvName, string | undefined][] = [
      ['ONETHREAD_CONNECT_TASK_FLOW_ID', props.settings.taskFlowId],
      ['ONETHREAD_CONNECT_CALLBACK_FLOW_ID', props.settings.callbackFlowId],
      ['ONETHREAD_CONNECT_CALLBACK_QUEUE_ID', props.settings.callbackQueueId],
    ];
    for (const [name, value] of optional) if (value) consumer.setEnv(name, value);
    if (instanceArn) this.grantStartContacts(consumer, instanceArn);
    // Connect's API quotas are a few requests per second per account: two consumers at most,
    // each paced, so concurrency cannot multiply the rate. Batches of 5 fit the timeout at 0.5/s.
    this.requests.addConsumer(consumer, { batchSize: 5, maxConcurrency: 2 });
  }

  /** Lets a function queue requests into Connect (the callback route). */
  public bindRequester(fn: HouseFunction): void {
    bindQueue(fn, this.requests.queue, 'send', 'ONETHREAD_CONNECT_REQUESTS_QUEUE_URL');
  }

  /**
   * Lets a function start in-app and web calls: StartWebRTCContact with the one flow configured
   * for them, on new contacts of this instance. Without both, the function answers that web
   * calls are not set up.
   */
  public bindWebCaller(fn: HouseFunction): void {
    const { instanceArn, flowId } = this.webCalls;
    if (!instanceArn || !flowId) return;
    fn.setEnv('ONETHREAD_CONNECT_INSTANCE_ARN', instanceArn);
    fn.setEnv('ONETHREAD_CONNECT_WEBRTC_FLOW_ID', flowId);
    const contacts = `${instanceArn}/contact/*`;
    fn.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['connect:StartWebRTCContact'],
        resources: [`${instanceArn}/contact-flow/${flowId}`, contacts],
      }),
    );
    const policy = fn.role.node.tryFindChild('DefaultPolicy');
    if (!policy) return;
    Validations.of(policy).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::${contacts}]`,
      reason:
        'StartWebRTCContact authorises the new contact, whose id Connect creates; the grant is this one ' +
        'action, with the one web call flow, under this one instance.',
    });
  }

  /** Connect only invokes functions in its own region; the ARN's account owns the instance. */
  private checkInstance(instanceArn: string): { account: string } {
    const parts = Arn.split(instanceArn, ArnFormat.SLASH_RESOURCE_NAME);
    const region = Stack.of(this).region;
    if (!Token.isUnresolved(region) && parts.region !== region) {
      throw new Error(
        `${this.node.path}: the Connect instance is in ${parts.region}, but this stack deploys to ${region}; ` +
          'Amazon Connect invokes only functions in its own region',
      );
    }
    return { account: parts.account ?? Stack.of(this).account };
  }

  /**
   * StartTaskContact and StartOutboundVoiceContact authorise the new contact and the flow and
   * queue it uses, all under the instance; their ids are chosen per request or by Connect.
   */
  private grantStartContacts(fn: HouseFunction, instanceArn: string): void {
    const resources = CONNECT_REQUEST_RESOURCES.map((type) => `${instanceArn}/${type}/*`);
    fn.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['connect:StartTaskContact', 'connect:StartOutboundVoiceContact'],
        resources,
      }),
    );
    const policy = fn.role.node.tryFindChild('DefaultPolicy');
    if (!policy) return;
    for (const resource of resources) {
      Validations.of(policy).acknowledge({
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::${resource}]`,
        reason:
          'Connect authorises StartTaskContact and StartOutboundVoiceContact on the new contact, whose ' +
          'id it creates, and on the flow and queue the request names; the grant covers these two ' +
          'actions under this one instance only.',
      });
    }
  }

  /** Lets the instance invoke the flow lookup, and lists it there, so contact flows may pick it. */
  private registerFlowLookup(instanceArn: string, account: string | undefined): CfnIntegrationAssociation {
    this.flowLookup.function.addPermission('ConnectInvoke', {
      principal: new ServicePrincipal('connect.amazonaws.com'),
      sourceArn: instanceArn,
      sourceAccount: account,
    });
    return new CfnIntegrationAssociation(this, 'FlowLookupAssociation', {
      instanceId: instanceArn,
      integrationType: 'LAMBDA_FUNCTION',
      integrationArn: this.flowLookup.function.functionArn,
    });
  }

  outputs(): StackOutput[] {
    return [
      {
        id: 'ConnectFlowFunctionArn',
        value: this.flowLookup.function.functionArn,
        description: 'Amazon Connect: the function the contact flow invokes (docs/connect/inbound-flow.json)',
      },
      {
        id: 'ConnectRequestsQueueUrl',
        value: this.requests.queue.queueUrl,
        description: 'Requests into Amazon Connect (tasks and callbacks)',
      },
      {
        id: 'ConnectRequestsDeadLetterQueueUrl',
        value: this.requests.deadLetterQueue.queueUrl,
        description: 'Requests into Amazon Connect that failed 10 times',
      },
      {
        id: 'ConnectEventsDeadLetterQueueUrl',
        value: this.contactEventsDeadLetterQueue.queueUrl,
        description: 'Amazon Connect contact events that could not be delivered to connectEvents',
      },
    ];
  }
}

/** The dead-letter queue of the EventBridge target that delivers contact events. */
function contactEventsDeadLetterQueue(scope: Construct): Queue {
  const queue = new Queue(scope, 'ContactEventsDeadLetterQueue', {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  Validations.of(queue).acknowledge({
    id: 'AwsSolutions::AwsSolutions-SQS3',
    reason:
      'This queue is itself a dead-letter queue: that of the EventBridge target of the contact ' +
      'event rule, which SQS redrive policies do not show. It is alarmed on any message.',
  });
  return queue;
}
