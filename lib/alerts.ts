import { Duration } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  type IAlarmAction,
  type IMetric,
  Stats,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { StackOutput } from './stack-output.ts';

export interface AlertsProps {
  /** Subscribed to the topic; the address must confirm the subscription from its inbox. */
  email?: string | undefined;
}

/**
 * Where OneThread's alarms go: one SNS topic that operators subscribe to (e-mail here, or a
 * pager or chat integration added in the console).
 */
export class Alerts extends Construct {
  public readonly topic: Topic;
  public readonly action: IAlarmAction;

  constructor(scope: Construct, id: string, props: AlertsProps = {}) {
    super(scope, id);
    // Alarm notifications carry metric names and thresholds, never customer data.
    this.topic = new Topic(this, 'Topic', { displayName: 'OneThread alarms', enforceSSL: true });
    if (props.email) this.topic.addSubscription(new EmailSubscription(props.email));
    this.action = new SnsAction(this.topic);
  }

  outputs(): StackOutput[] {
    return [
      {
        id: 'AlarmTopicArn',
        value: this.topic.topicArn,
        description: 'Subscribe here to receive OneThread alarms',
      },
    ];
  }
}

/**
 * Fires on any message in `queue`, a queue where messages land only when something failed
 * for good (a dead-letter queue). Notifies `action` on alarm and on recovery.
 */
export function parkedMessagesAlarm(
  scope: Construct,
  id: string,
  queue: IQueue,
  description: string,
  action?: IAlarmAction,
): Alarm {
  const metric = queue.metricApproximateNumberOfMessagesVisible({
    period: Duration.minutes(1),
    statistic: Stats.MAXIMUM,
  });
  return queueAlarm(scope, id, { metric, threshold: 0, evaluationPeriods: 1, description }, action);
}

/** Fires when the oldest message in `queue` has waited longer than `maxAge` for three minutes. */
export function messageAgeAlarm(
  scope: Construct,
  id: string,
  queue: IQueue,
  maxAge: Duration,
  description: string,
  action?: IAlarmAction,
): Alarm {
  const metric = queue.metricApproximateAgeOfOldestMessage({
    period: Duration.minutes(1),
    statistic: Stats.MAXIMUM,
  });
  return queueAlarm(
    scope,
    id,
    { metric, threshold: maxAge.toSeconds(), evaluationPeriods: 3, description },
    action,
  );
}

/**
 * Fires when a stream consumer has fallen more than `maxAge` behind its stream for three minutes
 * (Lambda's IteratorAge): it is failing a batch over and over, or cannot keep up.
 */
export function streamLagAlarm(
  scope: Construct,
  id: string,
  metric: IMetric,
  maxAge: Duration,
  description: string,
  action?: IAlarmAction,
): Alarm {
  return queueAlarm(
    scope,
    id,
    { metric, threshold: maxAge.toMilliseconds(), evaluationPeriods: 3, description },
    action,
  );
}

function queueAlarm(
  scope: Construct,
  id: string,
  props: { metric: IMetric; threshold: number; evaluationPeriods: number; description: string },
  action: IAlarmAction | undefined,
): Alarm {
  const alarm = new Alarm(scope, id, {
    alarmDescription: props.description,
    metric: props.metric,
    threshold: props.threshold,
    evaluationPeriods: props.evaluationPeriods,
    comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
    // No messages means no data points, which is the healthy state.
    treatMissingData: TreatMissingData.NOT_BREACHING,
  });
  if (action) {
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
  }
  return alarm;
}
