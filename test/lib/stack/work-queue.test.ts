import { describe, expect, it } from 'vitest';
import { resourcesOfType } from '../synth.ts';
import {
  CONSUMERS,
  consumedBy,
  functionNamed,
  logicalIdOf,
  MAX_RECEIVES,
  resource,
  template,
} from './synthesized.ts';

describe('queues', () => {
  it('parks a message in the dead-letter queue once its receives outlast ten minutes of backoff, and keeps it 14 days', () => {
    for (const name of Object.keys(CONSUMERS) as (keyof typeof CONSUMERS)[]) {
      const { queueId, dlqId } = consumedBy(name);
      expect(resource(queueId).RedrivePolicy, name).toEqual({
        deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] },
        maxReceiveCount: MAX_RECEIVES,
      });
      expect(resource(dlqId).MessageRetentionPeriod, name).toBe(14 * 24 * 3600);
    }
  });

  it('encrypts every queue and refuses requests without TLS', () => {
    const queues = resourcesOfType(template, 'AWS::SQS::Queue');
    // Each consumed queue with its dead-letter queue, the contact event rule's dead-letter queue
    // and the live-updates stream's on-failure queue.
    expect(queues).toHaveLength(2 * Object.keys(CONSUMERS).length + 2);
    for (const [, queue] of queues) {
      expect(queue.SqsManagedSseEnabled ?? queue.KmsMasterKeyId).toBeTruthy();
    }
    const policies = resourcesOfType(template, 'AWS::SQS::QueuePolicy');
    expect(policies).toHaveLength(queues.length);
    for (const [, policy] of policies) {
      expect(policy.PolicyDocument).toMatchObject({
        Statement: expect.arrayContaining([
          expect.objectContaining({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      });
    }
  });

  it('feeds each consumer in batches that report failures record by record', () => {
    for (const [name, batchSize] of Object.entries(CONSUMERS) as [keyof typeof CONSUMERS, number][]) {
      const { queueId, mapping } = consumedBy(name);
      expect(mapping, name).toMatchObject({
        EventSourceArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
        BatchSize: batchSize,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
    }
    expect(consumedBy('ingest').mapping.MaximumBatchingWindowInSeconds).toBe(1);
  });

  it('hides a message for at least six times the function timeout while it is processed', () => {
    for (const name of Object.keys(CONSUMERS) as (keyof typeof CONSUMERS)[]) {
      const [, fn] = functionNamed(name);
      const visibility = resource(consumedBy(name).queueId).VisibilityTimeout as number;
      expect(visibility, name).toBeGreaterThanOrEqual(6 * (fn.Timeout as number));
    }
  });

  it('alarms on any dead-lettered message and on messages waiting too long, for every queue', () => {
    const topicId = logicalIdOf('AWS::SNS::Topic', (props) => props.DisplayName === 'OneThread alarms');
    for (const name of Object.keys(CONSUMERS) as (keyof typeof CONSUMERS)[]) {
      const { queueId, dlqId } = consumedBy(name);
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlqId, 'QueueName'] } }],
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
        AlarmActions: [{ Ref: topicId }],
      });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'ApproximateAgeOfOldestMessage',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
        ComparisonOperator: 'GreaterThanThreshold',
        AlarmActions: [{ Ref: topicId }],
      });
    }
  });
});
