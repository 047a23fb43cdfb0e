import { describe, expect, it } from 'vitest';
import { SWEEP_MESSAGE } from '../../../functions/routing/routing-queue.ts';
import { resourcesOfType } from '../synth.ts';
import {
  actionsOf,
  consumedBy,
  envOf,
  functionNamed,
  only,
  refersTo,
  resource,
  type Statement,
  statementsOf,
  template,
} from './synthesized.ts';

describe('routing', () => {
  it('orders routing events in a FIFO queue with a FIFO dead-letter queue and no content dedupe', () => {
    const { queueId, dlqId } = consumedBy('router');
    expect(resource(queueId)).toMatchObject({ FifoQueue: true, ContentBasedDeduplication: false });
    expect(resource(dlqId)).toMatchObject({ FifoQueue: true });
  });

  it('delivers timers through a standard queue, which allows per-message delays', () => {
    const { queueId, dlqId } = consumedBy('routingTimers');
    expect(resource(queueId).FifoQueue).toBeUndefined();
    expect(resource(dlqId).FifoQueue).toBeUndefined();
  });

  it('takes FIFO batches without a batching window, which FIFO event sources do not allow', () => {
    expect(consumedBy('router').mapping.MaximumBatchingWindowInSeconds).toBeUndefined();
  });

  it('gives the engines one partition, the effects the timer queue, and ingest the event queue', () => {
    const timers = consumedBy('routingTimers').queueId;
    const events = consumedBy('router').queueId;
    for (const name of ['router', 'routingTimers', 'routingApi', 'routingEffects'] as const) {
      expect(envOf(name), name).toMatchObject({
        ONETHREAD_ROUTING_PARTITION: 'default',
        ONETHREAD_ROUTING_CONFIG: '{"offerSeconds":30}',
      });
      expect(envOf(name).ROUTING_QUEUE_URL, name).toBeUndefined();
      const schedules = name === 'routingTimers' || name === 'routingEffects';
      expect(envOf(name).ROUTING_TIMER_QUEUE_URL, name).toEqual(schedules ? { Ref: timers } : undefined);
    }
    expect(envOf('ingest')).toMatchObject({
      ROUTING_QUEUE_URL: { Ref: events },
      ONETHREAD_ROUTING_PARTITION: 'default',
    });
    expect(envOf('ingest').ROUTING_TIMER_QUEUE_URL).toBeUndefined();
  });

  it('schedules timers beyond 15 minutes in one schedule group, delivered by a role only Scheduler of this account assumes', () => {
    const [, group] = only(
      resourcesOfType(template, 'AWS::Scheduler::ScheduleGroup'),
      'the timer schedule group',
    );
    const { queueId, dlqId } = consumedBy('routingTimers');
    const [roleId, role] = only(
      resourcesOfType(template, 'AWS::IAM::Role').filter(
        ([id]) => id.startsWith('Routing') && id.includes('SchedulerRole'),
      ),
      'the scheduler role',
    );
    expect(role.AssumeRolePolicyDocument).toMatchObject({
      Statement: [
        {
          Principal: { Service: 'scheduler.amazonaws.com' },
          Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } },
        },
      ],
    });
    const roleStatements = resourcesOfType(template, 'AWS::IAM::Policy')
      .filter(([, policy]) => refersTo(policy.Roles, roleId))
      .flatMap(([, policy]) => (policy.PolicyDocument as { Statement: Statement[] }).Statement);
    expect(roleStatements).toEqual([
      expect.objectContaining({
        Action: 'sqs:SendMessage',
        Resource: expect.arrayContaining([
          { 'Fn::GetAtt': [queueId, 'Arn'] },
          { 'Fn::GetAtt': [dlqId, 'Arn'] },
        ]),
      }),
    ]);
    const [, sweep] = only(
      resourcesOfType(template, 'AWS::Scheduler::Schedule').filter(([id]) => id.startsWith('Routing')),
      'the routing sweep',
    );
    expect(sweep).toMatchObject({
      GroupName: group.Name,
      ScheduleExpression: 'rate(1 minute)',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: {
        Arn: { 'Fn::GetAtt': [queueId, 'Arn'] },
        RoleArn: { 'Fn::GetAtt': [roleId, 'Arn'] },
        Input: JSON.stringify(SWEEP_MESSAGE),
      },
    });
    for (const name of ['routingTimers', 'routingEffects'] as const) {
      expect(envOf(name), name).toMatchObject({
        ROUTING_SCHEDULE_GROUP: group.Name,
        ROUTING_SCHEDULER_ROLE_ARN: { 'Fn::GetAtt': [roleId, 'Arn'] },
        ROUTING_TIMER_QUEUE_ARN: { 'Fn::GetAtt': [queueId, 'Arn'] },
        ROUTING_TIMER_DLQ_ARN: { 'Fn::GetAtt': [dlqId, 'Arn'] },
      });
      const passRole = statementsOf(functionNamed(name)[0]).find((statement) =>
        actionsOf(statement).includes('iam:PassRole'),
      );
      expect(passRole, name).toMatchObject({
        Resource: { 'Fn::GetAtt': [roleId, 'Arn'] },
        Condition: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
      });
    }
  });
});
