import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import type { Alarm, IAlarmAction } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { FunctionEnv } from '#shared/env-names.ts';
import { receivesToOutlast } from '../functions/queue/backoff.ts';
import { FUNCTIONS } from '../functions/routes.ts';
import { messageAgeAlarm, parkedMessagesAlarm } from './alerts.ts';
import { bindQueue, bindTable, HouseFunction } from './house-function.ts';
import type { StackOutput } from './stack-output.ts';
import { grantParking } from './work-queue.ts';

export interface IngestPipelineProps {
  table: ITableV2;
  /** Settings every function reads (see `functionEnvironment`). */
  environment: FunctionEnv;
  logRetention: RetentionDays;
  logRemovalPolicy: RemovalPolicy;
  /** Where the alarms report; without it they only change state in CloudWatch. */
  alarmAction?: IAlarmAction;
  /** @default 30 seconds */
  functionTimeout?: Duration;
  /** How long the consumer waits to fill a batch. @default 1 second */
  maxBatchingWindow?: Duration;
  /**
   * Receives before a message is parked in the dead-letter queue.
   * @default enough for the consumer's backoff to outlast ten minutes of outage
   */
  maxReceiveCount?: number;
  /** Alarm when the oldest waiting message is older than this. @default 5 minutes */
  maxMessageAge?: Duration;
}

/**
 * The ingest path: every edge handler puts normalised contacts on one queue; the `ingest`
 * function writes them to the timeline, failing records one by one so a poison message ends in
 * the dead-letter queue without holding back its batch.
 */
export class IngestPipeline extends Construct {
  public readonly queue: Queue;
  public readonly deadLetterQueue: Queue;
  public readonly consumer: HouseFunction;
  public readonly deadLetterAlarm: Alarm;
  public readonly messageAgeAlarm: Alarm;

  constructor(scope: Construct, id: string, props: IngestPipelineProps) {
    super(scope, id);
    const timeout = props.functionTimeout ?? Duration.seconds(30);
    const batchingWindow = props.maxBatchingWindow ?? Duration.seconds(1);
    const maxReceiveCount = props.maxReceiveCount ?? receivesToOutlast();
    if (!Number.isInteger(maxReceiveCount) || maxReceiveCount < 1 || maxReceiveCount > 1000) {
      throw new Error(`${this.node.path}: maxReceiveCount must be an integer 1–1000, got ${maxReceiveCount}`);
    }
    if (batchingWindow.toSeconds() > 300) {
      throw new Error(`${this.node.path}: maxBatchingWindow must be at most 5 minutes`);
    }
    // AWS guidance for SQS event sources: at least six times the function timeout plus the
    // batching window, so a message is not redelivered while a throttled retry still holds it.
    const visibilityTimeout = Duration.seconds(timeout.toSeconds() * 6 + batchingWindow.toSeconds());
    if (visibilityTimeout.toSeconds() > 43_200) {
      throw new Error(`${this.node.path}: functionTimeout is too long for an SQS visibility timeout`);
    }

    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout,
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount },
    });

    this.consumer = new HouseFunction(this, 'Consumer', {
      entry: FUNCTIONS.ingest.entry,
      description: FUNCTIONS.ingest.description,
      timeout,
      environment: props.environment,
      logRetention: props.logRetention,
      removalPolicy: props.logRemovalPolicy,
    });
    bindTable(this.consumer, props.table, 'readWrite');
    // The event source grants the consumer receive, delete and change-visibility (its backoff)
    // on this queue.
    this.consumer.function.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: 10,
        maxBatchingWindow: batchingWindow,
        reportBatchItemFailures: true,
      }),
    );
    grantParking(this.consumer, this.deadLetterQueue);
    // A long erasure hands the rest of its work to a new message on this queue.
    bindQueue(this.consumer, this.queue, 'send');

    this.deadLetterAlarm = parkedMessagesAlarm(
      this,
      'DeadLetterAlarm',
      this.deadLetterQueue,
      'Ingest messages were parked in the dead-letter queue: poison at once (with a `reason` ' +
        `attribute), others after ${maxReceiveCount} failed receives. ` +
        'Fix the cause, then move them back with `npm run redrive` (see docs/reliability.md).',
      props.alarmAction,
    );
    const maxAge = props.maxMessageAge ?? Duration.minutes(5);
    this.messageAgeAlarm = messageAgeAlarm(
      this,
      'MessageAgeAlarm',
      this.queue,
      maxAge,
      `Customers' messages wait more than ${maxAge.toHumanString()} to reach the timeline.`,
      props.alarmAction,
    );
  }

  outputs(): StackOutput[] {
    return [
      {
        id: 'IngestQueueUrl',
        value: this.queue.queueUrl,
        description: 'Queue every channel writes contacts to',
      },
      {
        id: 'IngestDeadLetterQueueUrl',
        value: this.deadLetterQueue.queueUrl,
        description: 'Contacts that failed 5 times',
      },
    ];
  }
}
