import { ArnFormat, Duration, type RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { type Alarm, type IAlarmAction, Stats } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { type CfnFunction, FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { CfnSchedule, ScheduleExpression, ScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import { Construct } from 'constructs';
import type { RoutingConfigInput } from '#core/routing/index.ts';
import { SWEEP_INTERVAL_SECONDS, SWEEP_MESSAGE } from '#routing/routing-queue.ts';
import type { FunctionEnv } from '#shared/env-names.ts';
import { FUNCTIONS } from '../functions/routes.ts';
import { streamLagAlarm } from './alerts.ts';
import type { ConnectRequestsBinder } from './connect.ts';
import { bindQueue, bindStreamRead, bindTable, HouseFunction } from './house-function.ts';
import { printedEnvironment } from './nag-names.ts';
import type { StackOutput } from './stack-output.ts';
import { WorkQueue } from './work-queue.ts';

/**
 * The routing partition of a deployment. Every publisher uses it as the FIFO MessageGroupId and
 * every routing function keeps its engine state under it, so all of them must agree.
 */
export const ROUTING_PARTITION = 'default';

/** Memory of every function that runs the routing engine: 1,769 MB is one full vCPU. */
export const ENGINE_MEMORY_MB = 1_769;

export interface RoutingProps {
  table: ITableV2;
  /** Settings every function reads (see `functionEnvironment`). */
  environment: FunctionEnv;
  /** Engine settings (offer timeout, aging, stickiness …); absent means the built-in defaults. */
  engineConfig?: RoutingConfigInput | undefined;
  logRetention: RetentionDays;
  logRemovalPolicy: RemovalPolicy;
  alarmAction?: IAlarmAction | undefined;
}

/** What the HTTP API needs from routing: a way to give a function the engine. */
export interface RoutingEngineBinder {
  bindEngine(fn: HouseFunction): void;
  /** Lets a function send routing events (new work items, a chat visitor's leaving) without an engine. */
  bindAnnouncer(fn: HouseFunction): void;
}

/**
 * Routing: a FIFO queue of routing events (one message group per partition, so one router at
 * a time decides, in order) consumed by `router`, and a standard queue of timers (offer and
 * step expiry, retries), whose per-message delay FIFO queues lack, consumed by `routingTimers`.
 * Timers further out than SQS's 15-minute delay become EventBridge Scheduler one-time schedules
 * that deliver them to the timer queue. Each partition is a log in the table: every engine
 * function appends events to it and decides them; `routingEffects` reads the decided entries
 * off the table's stream and applies their effects (work items, agents, timers, Connect).
 */
export class Routing extends Construct implements RoutingEngineBinder {
  public readonly events: WorkQueue;
  public readonly timers: WorkQueue;
  public readonly router: HouseFunction;
  public readonly timerConsumer: HouseFunction;
  /** The log's outbox: applies every decided entry's effects, in order, from the table stream. */
  public readonly effects: HouseFunction;
  /** Fires when the follower falls behind the stream: decisions made but not carried out. */
  public readonly effectsLagAlarm: Alarm;
  public readonly scheduleGroup: ScheduleGroup;
  /** The role EventBridge Scheduler assumes to deliver a long timer to the timer queue. */
  public readonly schedulerRole: Role;
  private readonly table: ITableV2;
  private readonly engineConfig: string | undefined;

  constructor(scope: Construct, id: string, props: RoutingProps) {
    super(scope, id);
    this.table = props.table;
    this.engineConfig = props.engineConfig ? JSON.stringify(props.engineConfig) : undefined;
    const timeout = Duration.seconds(30);

    this.events = new WorkQueue(this, 'Events', {
      purpose: 'Routing events',
      fifo: true,
      consumerTimeout: timeout,
      // Agents wait for offers while events queue up: a backlog shows quickly.
      maxMessageAge: Duration.minutes(2),
      deadLetterAdvice:
        "Fix the cause in the router's logs, then move them back with `npm run redrive` (SQS's move " +
        'task keeps message groups) or from the SQS console. The engine ignores events that went stale.',
      alarmAction: props.alarmAction,
    });
    this.timers = new WorkQueue(this, 'Timers', {
      purpose: 'Routing timers',
      consumerTimeout: timeout,
      // A timer may wait out SQS's longest delay (15 minutes) before it is due.
      maxMessageAge: Duration.minutes(20),
      deadLetterAdvice:
        "Fix the cause in the routingTimers function's logs, then move them back with `npm run redrive`.",
      alarmAction: props.alarmAction,
    });

    this.scheduleGroup = new ScheduleGroup(this, 'TimerSchedules', { removalPolicy: props.logRemovalPolicy });
    this.schedulerRole = new Role(this, 'SchedulerRole', {
      description: 'EventBridge Scheduler delivers long routing timers to the timer queue',
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    });
    // The dead-letter queue catches timers Scheduler could not deliver after its retries.
    this.schedulerRole.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['sqs:SendMessage'],
        resources: [this.timers.queue.queueArn, this.timers.deadLetterQueue.queueArn],
      }),
    );

    // Every minute the engine catches up on offers and steps whose timers were lost.
    new CfnSchedule(this, 'SweepSchedule', {
      description: 'OneThread routing sweep: expires overdue offers and relaxes overdue steps',
      groupName: this.scheduleGroup.scheduleGroupName,
      scheduleExpression: ScheduleExpression.rate(Duration.seconds(SWEEP_INTERVAL_SECONDS)).expressionString,
      flexibleTimeWindow: { mode: 'OFF' },
      target: {
        arn: this.timers.queue.queueArn,
        roleArn: this.schedulerRole.roleArn,
        input: JSON.stringify(SWEEP_MESSAGE),
        // A missed sweep is made up by the next one.
        retryPolicy: { maximumRetryAttempts: 0, maximumEventAgeInSeconds: SWEEP_INTERVAL_SECONDS },
      },
    });

    this.router = this.createFunction('Router', 'router', props, timeout);
    this.bindEngine(this.router);
    // A malformed event is parked at once rather than holding up its partition's group.
    bindQueue(this.router, this.events.deadLetterQueue, 'send', 'ROUTING_DLQ_URL');
    // FIFO event sources take no batching window; a batch is decided on one load of the state.
    this.events.addConsumer(this.router, { batchSize: 10 });

    this.timerConsumer = this.createFunction('TimerConsumer', 'routingTimers', props, timeout);
    this.bindEngine(this.timerConsumer);
    // A timer that arrives early (a schedule fires a minute ahead) is delayed again.
    this.bindTimers(this.timerConsumer);
    this.timers.addConsumer(this.timerConsumer, { batchSize: 10 });

    this.effects = this.createFunction('Effects', 'routingEffects', props, Duration.minutes(1));
    this.bindEngine(this.effects);
    this.bindTimers(this.effects);
    this.followLogs(props.table);
    this.effectsLagAlarm = streamLagAlarm(
      this,
      'EffectsLagAlarm',
      this.effects.function.metric('IteratorAge', { period: Duration.minutes(1), statistic: Stats.MAXIMUM }),
      Duration.minutes(1),
      'Routing decisions are not being carried out: routingEffects is more than a minute behind the ' +
        "table's stream (it retries a failing entry until it succeeds; see its logs). Offers and " +
        'work lists in the console lag until it catches up.',
      props.alarmAction,
    );
  }

  /**
   * The stream brings every appended log entry (an insert of a `routingLog` item). An entry's
   * effects must not be skipped or reordered, so a failing batch is retried until it succeeds
   * (each retry skips what was applied) and the iterator age alarm tells someone it is stuck.
   */
  private followLogs(table: ITableV2): void {
    const streamArn = table.tableStreamArn;
    if (!streamArn) throw new Error(`${this.node.path}: routing effects need the table's stream`);
    this.effects.function.addEventSourceMapping('LogEntries', {
      eventSourceArn: streamArn,
      startingPosition: StartingPosition.TRIM_HORIZON,
      batchSize: 100,
      // No retry limit and no maximum record age (the defaults): nothing is ever skipped.
      filters: [
        FilterCriteria.filter({
          eventName: FilterRule.isEqual('INSERT'),
          dynamodb: { NewImage: { entity: { S: FilterRule.isEqual('routingLog') } } },
        }),
      ],
    });
    bindStreamRead(this.effects, table, streamArn);
  }

  /**
   * Gives a function the routing engine: read and write on the table (the partition's log and
   * snapshots, work items, agents). Deciding sends nothing: the effects do.
   */
  public bindEngine(fn: HouseFunction): void {
    bindTable(fn, this.table, 'readWrite');
    // Each keeps its partitions' engines warm: a floor of 100,000 waiting items and 10,000 agents
    // is a few hundred MB, and a full vCPU restores it in about a second.
    (fn.function.node.defaultChild as CfnFunction).memorySize = ENGINE_MEMORY_MB;
    fn.setEnv('ONETHREAD_ROUTING_PARTITION', ROUTING_PARTITION);
    if (this.engineConfig) fn.setEnv('ONETHREAD_ROUTING_CONFIG', this.engineConfig);
  }

  /**
   * Lets a function schedule routing timers: send to the timer queue (with a delay) and create
   * one-time schedules in the timer group for longer ones.
   */
  private bindTimers(fn: HouseFunction): void {
    bindQueue(fn, this.timers.queue, 'send', 'ROUTING_TIMER_QUEUE_URL');
    this.grantLongTimers(fn);
  }

  private grantLongTimers(fn: HouseFunction): void {
    const schedules = Stack.of(this).formatArn({
      service: 'scheduler',
      resource: 'schedule',
      resourceName: `${this.scheduleGroup.scheduleGroupName}/*`,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    fn.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['scheduler:CreateSchedule'], resources: [schedules] }),
    );
    fn.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['iam:PassRole'],
        resources: [this.schedulerRole.roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
      }),
    );
    fn.setEnv('ROUTING_SCHEDULE_GROUP', this.scheduleGroup.scheduleGroupName);
    fn.setEnv('ROUTING_SCHEDULER_ROLE_ARN', this.schedulerRole.roleArn);
    fn.setEnv('ROUTING_TIMER_QUEUE_ARN', this.timers.queue.queueArn);
    fn.setEnv('ROUTING_TIMER_DLQ_ARN', this.timers.deadLetterQueue.queueArn);
    const policy = fn.role.node.tryFindChild('DefaultPolicy');
    if (!policy) return;
    const { partition, region, account } = printedEnvironment(Stack.of(this));
    const printed = `arn:${partition}:scheduler:${region}:${account}:schedule/${this.scheduleGroup.scheduleGroupName}/*`;
    Validations.of(policy).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::${printed}]`,
      reason:
        'Each long routing timer is a one-time schedule named after the timer, created at run time; ' +
        'the grant is CreateSchedule only, in the routing timer schedule group only.',
    });
  }

  /**
   * Lets the effects hand the work of queues delivered by Amazon Connect to Connect: send on the
   * Connect requests queue, and the console address tasks link to. Engines only decide a
   * hand-off; the effects carry it out.
   */
  public bindHandoff(connect: ConnectRequestsBinder, consoleUrl: string): void {
    connect.bindRequester(this.effects);
    this.effects.setEnv('ONETHREAD_CONSOLE_URL', consoleUrl);
  }

  /** Lets a function announce new work items to the router: send on the FIFO event queue. */
  public bindAnnouncer(fn: HouseFunction): void {
    bindQueue(fn, this.events.queue, 'send', 'ROUTING_QUEUE_URL');
    fn.setEnv('ONETHREAD_ROUTING_PARTITION', ROUTING_PARTITION);
  }

  private createFunction(
    id: string,
    name: 'router' | 'routingTimers' | 'routingEffects',
    props: RoutingProps,
    timeout: Duration,
  ): HouseFunction {
    return new HouseFunction(this, id, {
      entry: FUNCTIONS[name].entry,
      description: FUNCTIONS[name].description,
      timeout,
      environment: props.environment,
      logRetention: props.logRetention,
      removalPolicy: props.logRemovalPolicy,
    });
  }

  outputs(): StackOutput[] {
    return [
      { id: 'RoutingQueueUrl', value: this.events.queue.queueUrl, description: 'Routing events (FIFO)' },
      {
        id: 'RoutingDeadLetterQueueUrl',
        value: this.events.deadLetterQueue.queueUrl,
        description: 'Routing events that failed 5 times (FIFO)',
      },
      { id: 'RoutingTimerQueueUrl', value: this.timers.queue.queueUrl, description: 'Routing timers' },
      {
        id: 'RoutingTimerDeadLetterQueueUrl',
        value: this.timers.deadLetterQueue.queueUrl,
        description: 'Routing timers that failed 5 times',
      },
    ];
  }
}
