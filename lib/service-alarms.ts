import { Duration } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  type IAlarmAction,
  MathExpression,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';

export interface ServiceAlarmsProps {
  /** Alarms when the floor answers fewer than this percentage of contacts within target. */
  serviceLevelPercent: number;
  /** Alarms when more than this percentage of the contacts that waited hung up or left. */
  abandonmentPercent: number;
  action?: IAlarmAction | undefined;
}

const PERIOD = Duration.minutes(15);

/**
 * One of the floor's answer figures, as routing logs them (namespace OneThread, no queue
 * dimension): the sum over every queue, which exists whatever queues are configured.
 */
export function floorFigure(
  metricName:
    | 'Answered'
    | 'AnsweredWithinTarget'
    | 'Abandoned'
    | 'SpeedOfAnswer'
    | 'FirstResponseTime'
    | 'SurveyRating',
  statistic = 'Sum',
): Metric {
  return new Metric({
    namespace: 'OneThread',
    metricName,
    dimensionsMap: { service: 'onethread' },
    statistic,
    period: PERIOD,
  });
}

/**
 * The floor's service level and abandonment as alarms, over 15-minute intervals, two in a row.
 * An interval in which nobody waited has no data and is not a breach.
 */
export class ServiceAlarms extends Construct {
  public readonly serviceLevel: Alarm;
  public readonly abandonment: Alarm;

  constructor(scope: Construct, id: string, props: ServiceAlarmsProps) {
    super(scope, id);
    const answered = floorFigure('Answered');
    const within = floorFigure('AnsweredWithinTarget');
    const abandoned = floorFigure('Abandoned');
    this.serviceLevel = this.alarm('ServiceLevel', props.action, {
      expression: new MathExpression({
        expression: '100 * within / answered',
        usingMetrics: { within, answered },
        label: 'service level (%)',
        period: PERIOD,
      }),
      threshold: props.serviceLevelPercent,
      comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
      description: `Fewer than ${props.serviceLevelPercent}% of contacts answered within their queue's target`,
    });
    this.abandonment = this.alarm('Abandonment', props.action, {
      expression: new MathExpression({
        expression: '100 * abandoned / (answered + abandoned)',
        usingMetrics: { abandoned, answered },
        label: 'abandoned (%)',
        period: PERIOD,
      }),
      threshold: props.abandonmentPercent,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      description: `More than ${props.abandonmentPercent}% of waiting contacts abandoned before an answer`,
    });
  }

  private alarm(
    id: string,
    action: IAlarmAction | undefined,
    props: {
      expression: MathExpression;
      threshold: number;
      comparisonOperator: ComparisonOperator;
      description: string;
    },
  ): Alarm {
    const alarm = new Alarm(this, id, {
      alarmDescription: props.description,
      metric: props.expression,
      threshold: props.threshold,
      comparisonOperator: props.comparisonOperator,
      evaluationPeriods: 2,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    if (action) {
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
    }
    return alarm;
  }
}
