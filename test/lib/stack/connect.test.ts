import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { resourcesOfType } from '../synth.ts';
import { CALLBACK_QUEUE, CONNECT_INSTANCE, TASK_FLOW } from './deployment.ts';
import {
  consumedBy,
  envOf,
  functionNamed,
  logicalIdOf,
  only,
  refersTo,
  resource,
  template,
} from './synthesized.ts';

describe('Amazon Connect', () => {
  const ruleId = () => logicalIdOf('AWS::Events::Rule');

  it('sends contact events of the configured instance to connectEvents, with retries and a DLQ', () => {
    const [eventsId] = functionNamed('connectEvents');
    const [, rule] = only(resourcesOfType(template, 'AWS::Events::Rule'), 'the contact event rule');
    expect(rule.EventPattern).toEqual({
      source: ['aws.connect'],
      'detail-type': ['Amazon Connect Contact Event'],
      detail: { instanceArn: [CONNECT_INSTANCE] },
    });
    const [target] = rule.Targets as { DeadLetterConfig: { Arn: { 'Fn::GetAtt': [string] } } }[];
    const dlqId = target?.DeadLetterConfig.Arn['Fn::GetAtt'][0] ?? 'no dead-letter queue';
    expect(rule.Targets).toEqual([
      expect.objectContaining({
        Arn: { 'Fn::GetAtt': [eventsId, 'Arn'] },
        RetryPolicy: { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 6 * 3600 },
      }),
    ]);
    expect(resource(dlqId)).toMatchObject({
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 24 * 3600,
    });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: dlqId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 'sqs:SendMessage',
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': [ruleId(), 'Arn'] } } },
          }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      FunctionName: { 'Fn::GetAtt': [eventsId, 'Arn'] },
      Principal: 'events.amazonaws.com',
      SourceArn: { 'Fn::GetAtt': [ruleId(), 'Arn'] },
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlqId, 'QueueName'] } }],
      Threshold: 0,
    });
  });

  it('lets only the configured instance invoke the flow lookup, and registers it there', () => {
    const [flowId, flow] = functionNamed('connectFlow');
    expect(flow.Timeout).toBeLessThanOrEqual(8);
    const permissions = resourcesOfType(template, 'AWS::Lambda::Permission').filter(([, props]) =>
      refersTo(props.FunctionName, flowId),
    );
    expect(permissions.map(([, props]) => props)).toEqual([
      {
        Action: 'lambda:InvokeFunction',
        FunctionName: { 'Fn::GetAtt': [flowId, 'Arn'] },
        Principal: 'connect.amazonaws.com',
        SourceArn: CONNECT_INSTANCE,
        SourceAccount: '123456789012',
      },
    ]);
    template.hasResourceProperties('AWS::Connect::IntegrationAssociation', {
      InstanceId: CONNECT_INSTANCE,
      IntegrationType: 'LAMBDA_FUNCTION',
      IntegrationArn: { 'Fn::GetAtt': [flowId, 'Arn'] },
    });
  });

  it('paces requests into Connect with two consumers at most and tells them the flows', () => {
    const { queueId, mapping } = consumedBy('connectRequests');
    expect(mapping.ScalingConfig).toEqual({ MaximumConcurrency: 2 });
    expect(envOf('connectRequests')).toMatchObject({
      ONETHREAD_CONNECT_INSTANCE_ARN: CONNECT_INSTANCE,
      ONETHREAD_CONNECT_REQUESTS_QUEUE_URL: { Ref: queueId },
      ONETHREAD_CONNECT_REQUESTS_PER_SECOND: '1',
      ONETHREAD_CONNECT_TASK_FLOW_ID: TASK_FLOW,
      ONETHREAD_CONNECT_CALLBACK_FLOW_ID: TASK_FLOW,
      ONETHREAD_CONNECT_CALLBACK_QUEUE_ID: CALLBACK_QUEUE,
    });
    expect(envOf('connectCallback').ONETHREAD_CONNECT_REQUESTS_QUEUE_URL).toEqual({ Ref: queueId });
    for (const name of ['connectFlow', 'connectEvents'] as const) {
      expect(envOf(name).ONETHREAD_CONNECT_INSTANCE_ARN, name).toBe(CONNECT_INSTANCE);
    }
  });
});
