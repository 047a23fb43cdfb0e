import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { ServiceAlarms } from '../../lib/service-alarms.ts';

function alarmsOf(props: { serviceLevelPercent: number; abandonmentPercent: number }) {
  const stack = new Stack(new App(), 'Probe');
  new ServiceAlarms(stack, 'ServiceAlarms', props);
  return Object.values(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm')).map(
    (alarm) => alarm.Properties,
  );
}

const expressionOf = (alarm: { Metrics: Array<{ Expression?: string }> }) =>
  alarm.Metrics.find((metric) => metric.Expression)?.Expression;

describe("the floor's service alarms", () => {
  const [serviceLevel, abandonment] = alarmsOf({ serviceLevelPercent: 75, abandonmentPercent: 12 });

  it('fire when the service level falls below its threshold for two 15-minute intervals', () => {
    expect(serviceLevel).toMatchObject({
      Threshold: 75,
      ComparisonOperator: 'LessThanThreshold',
      EvaluationPeriods: 2,
      TreatMissingData: 'notBreaching',
    });
    expect(expressionOf(serviceLevel)).toBe('100 * within / answered');
  });

  it('fire when more of the waiting contacts abandon than the threshold allows', () => {
    expect(abandonment).toMatchObject({ Threshold: 12, ComparisonOperator: 'GreaterThanThreshold' });
    expect(expressionOf(abandonment)).toBe('100 * abandoned / (answered + abandoned)');
  });

  it("watch the floor's figures routing logs, with no queue dimension", () => {
    const watched = serviceLevel.Metrics.flatMap(
      (metric: { MetricStat?: { Metric: unknown; Period: number } }) =>
        metric.MetricStat ? [metric.MetricStat] : [],
    );
    expect(watched).toEqual([
      expect.objectContaining({
        Metric: {
          Namespace: 'OneThread',
          MetricName: 'AnsweredWithinTarget',
          Dimensions: [{ Name: 'service', Value: 'onethread' }],
        },
        Period: 900,
      }),
      expect.objectContaining({
        Metric: {
          Namespace: 'OneThread',
          MetricName: 'Answered',
          Dimensions: [{ Name: 'service', Value: 'onethread' }],
        },
      }),
    ]);
  });
});
