import type { IAlarmAction } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

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
}
