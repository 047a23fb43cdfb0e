import { Duration } from 'aws-cdk-lib';
import type { Alarm, IAlarmAction } from 'aws-cdk-lib/aws-cloudwatch';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { receivesToOutlast } from '../functions/queue/backoff.ts';
import { messageAgeAlarm, parkedMessagesAlarm } from './alerts.ts';
import type { HouseFunction } from './house-function.ts';

export interface WorkQueueProps {
  /** What the queue carries, for the alarm descriptions (`Routing events`). */
  purpose: string;
  /** Timeout of the function that consumes the queue; sets the visibility timeout. */
  consumerTimeout: Duration;
  /** FIFO queue and FIFO dead-letter queue; publishers set MessageGroupId and MessageDeduplicationId. */
  fifo?: boolean;
  /**
   * Receives before a message is parked in the dead-letter queue.
   * @default enough for the consumers' backoff to outlast ten minutes of outage
   */
  maxReceiveCount?: number;
  /** @default 4 days */
  retentionPeriod?: Duration;
  /** Alarm when the oldest waiting message is older than this. @default 5 minutes */
  maxMessageAge?: Duration;
  /** What an operator does about a dead-lettered message. */
  deadLetterAdvice: string;
  alarmAction?: IAlarmAction | undefined;
}

export interface ConsumerOptions {
  /** @default 10 */
  batchSize?: number;
  /** Standard queues only; FIFO event sources do not support a batching window. */
  maxBatchingWindow?: Duration;
  /** Most concurrent invocations the event source starts (2–1000). @default no limit */
  maxConcurrency?: number;
}

/**
 * An SQS queue with its dead-letter queue and the two alarms every OneThread queue has: any
 * dead-lettered message, and messages waiting too long. SQS-managed encryption and TLS only.
 */
export class WorkQueue extends Construct {
  public readonly queue: Queue;
  public readonly deadLetterQueue: Queue;
  public readonly deadLetterAlarm: Alarm;
  public readonly messageAgeAlarm: Alarm;
  private readonly batchingWindowLimit: Duration;
  private readonly consumerTimeout: Duration;

  constructor(scope: Construct, id: string, props: WorkQueueProps) {
    super(scope, id);
    const maxReceiveCount = props.maxReceiveCount ?? receivesToOutlast();
    if (!Number.isInteger(maxReceiveCount) || maxReceiveCount < 1 || maxReceiveCount > 1000) {
      throw new Error(`${this.node.path}: maxReceiveCount must be an integer 1–1000, got ${maxReceiveCount}`);
    }
    // Room for a batching window of up to 5 seconds on top of six times the function timeout
    // (AWS guidance for SQS event sources, as on the ingest queue).
    this.batchingWindowLimit = Duration.seconds(5);
    this.consumerTimeout = props.consumerTimeout;
    const visibilityTimeout = Duration.seconds(
      props.consumerTimeout.toSeconds() * 6 + this.batchingWindowLimit.toSeconds(),
    );
    const fifo = props.fifo ?? false;
    const fifoProps = fifo ? { fifo: true, contentBasedDeduplication: false } : {};

    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      ...fifoProps,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.queue = new Queue(this, 'Queue', {
      ...fifoProps,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout,
      retentionPeriod: props.retentionPeriod ?? Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount },
    });

    this.deadLetterAlarm = parkedMessagesAlarm(
      this,
      'DeadLetterAlarm',
      this.deadLetterQueue,
      `${props.purpose} were parked in the dead-letter queue: poison at once (with a \`reason\` ` +
        `attribute), others after ${maxReceiveCount} failed receives. ` +
        props.deadLetterAdvice,
      props.alarmAction,
    );
    const maxAge = props.maxMessageAge ?? Duration.minutes(5);
    this.messageAgeAlarm = messageAgeAlarm(
      this,
      'MessageAgeAlarm',
      this.queue,
      maxAge,
      `${props.purpose} wait more than ${maxAge.toHumanString()} to be processed.`,
      props.alarmAction,
    );
  }

  /**
   * Makes `fn` the queue's consumer, reporting failures record by record. The event source
   * grants it receive, delete and change-visibility (its backoff) on this queue; it may also send
   * to the dead-letter queue, where it parks poison messages with the reason.
   */
  public addConsumer(fn: HouseFunction, options: ConsumerOptions = {}): void {
    const timeout = fn.function.timeout?.toSeconds() ?? 3;
    if (timeout > this.consumerTimeout.toSeconds()) {
      throw new Error(`${this.node.path}: the consumer's timeout is longer than the queue was sized for`);
    }
    const window = options.maxBatchingWindow;
    if (window && window.toSeconds() > this.batchingWindowLimit.toSeconds()) {
      throw new Error(`${this.node.path}: maxBatchingWindow must be at most 5 seconds`);
    }
    fn.function.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: options.batchSize ?? 10,
        maxBatchingWindow: window,
        maxConcurrency: options.maxConcurrency,
        reportBatchItemFailures: true,
      }),
    );
    grantParking(fn, this.deadLetterQueue);
  }
}

/** A consumer parks a message that can never succeed in its queue's dead-letter queue at once. */
export function grantParking(fn: HouseFunction, deadLetterQueue: Queue): void {
  fn.role.addToPrincipalPolicy(
    new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [deadLetterQueue.queueArn] }),
  );
}
