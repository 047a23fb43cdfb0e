import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receivesToOutlast } from '../../functions/queue/backoff.ts';
import { FUNCTIONS, ROUTES, routeKey } from '../../functions/routes.ts';
import { SWEEP_MESSAGE } from '../../functions/routing/routing-queue.ts';
import { AUDIT_TABLE_KEYS, TABLE_KEYS } from '../../functions/store/table.ts';
import { buildTestApp, removeTestOutputs, resourcesOfType } from './synth.ts';

afterAll(removeTestOutputs);

type Statement = { Action: string | string[]; Resource: unknown; Effect: string; Condition?: Json };
type Json = Record<string, unknown>;

let template: Template;
let lambdas: [string, Json][];

const actionsOf = (statement: Statement) =>
  Array.isArray(statement.Action) ? statement.Action : [statement.Action];
const refersTo = (value: unknown, logicalId: string) => JSON.stringify(value).includes(`"${logicalId}"`);
const only = (matches: [string, Json][], what: string): [string, Json] => {
  expect(matches, what).toHaveLength(1);
  return matches[0] as [string, Json];
};

function functionNamed(name: keyof typeof FUNCTIONS): [string, Json] {
  return only(
    lambdas.filter(([, props]) => props.Description === FUNCTIONS[name].description),
    `the deployed function for ${name}`,
  );
}

function statementsOf(functionLogicalId: string): Statement[] {
  const [, fn] = only(
    lambdas.filter(([id]) => id === functionLogicalId),
    functionLogicalId,
  );
  const roleId = (fn.Role as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
  return resourcesOfType(template, 'AWS::IAM::Policy')
    .filter(([, policy]) => refersTo(policy.Roles, roleId))
    .flatMap(([, policy]) => (policy.PolicyDocument as { Statement: Statement[] }).Statement);
}

function logicalIdOf(type: string, predicate: (props: Json) => boolean = () => true): string {
  return only(
    resourcesOfType(template, type).filter(([, props]) => predicate(props)),
    type,
  )[0];
}

/** The queue a function consumes, that queue's dead-letter queue and the event source. */
function consumedBy(name: keyof typeof FUNCTIONS): { queueId: string; dlqId: string; mapping: Json } {
  const [functionId] = functionNamed(name);
  const [, mapping] = only(
    resourcesOfType(template, 'AWS::Lambda::EventSourceMapping').filter(([, props]) =>
      refersTo(props.FunctionName, functionId),
    ),
    `the event source of ${name}`,
  );
  const queueId = (mapping.EventSourceArn as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
  const queue = resource(queueId);
  const dlqId = (queue.RedrivePolicy as { deadLetterTargetArn: { 'Fn::GetAtt': [string] } })
    .deadLetterTargetArn['Fn::GetAtt'][0];
  return { queueId, dlqId, mapping };
}

const resource = (logicalId: string): Json => template.toJSON().Resources[logicalId].Properties;
/** The customer data table has the change stream; the access audit's table has none. */
const mainTableId = () =>
  logicalIdOf('AWS::DynamoDB::GlobalTable', (props) => 'StreamSpecification' in props);
const auditTableId = () =>
  logicalIdOf('AWS::DynamoDB::GlobalTable', (props) => !('StreamSpecification' in props));
const httpApiId = () => logicalIdOf('AWS::ApiGatewayV2::Api', (props) => props.ProtocolType === 'HTTP');
const distributionId = () => logicalIdOf('AWS::CloudFront::Distribution');
const envOf = (name: keyof typeof FUNCTIONS): Json =>
  (functionNamed(name)[1].Environment as { Variables: Json }).Variables;

/** Functions that consume a queue, with the largest batch each takes. */
const CONSUMERS = { ingest: 10, router: 10, routingTimers: 10, emailInbound: 5, connectRequests: 5 } as const;
/** Receives before a message is dead-lettered: enough for every consumer's backoff to outlast an outage. */
const MAX_RECEIVES = receivesToOutlast();

const CONNECT_INSTANCE =
  'arn:aws:connect:us-east-1:123456789012:instance/0c4f5f1e-6f7a-4c1e-9d3b-2a8e5b6c7d8e';
const TASK_FLOW = '11111111-2222-4333-8444-555555555555';
const CALLBACK_QUEUE = '66666666-7777-4888-9999-000000000000';
const WEB_CALL_FLOW = '77777777-8888-4999-8aaa-bbbbbbbbbbbb';

const SECRETS = { meta: 'onethread/meta', x: 'onethread/x', twilio: 'onethread/twilio' };
const IDENTITY_TOKEN_SECRET = 'onethread/identity-tokens';
const IDENTITY_JWKS = 'https://login.example.com/.well-known/jwks.json';
const ARTICLE_URL = 'https://shop.example/help/?article={articleId}';

beforeAll(() => {
  const { stack } = buildTestApp({
    'onethread:allowedOrigins': 'https://www.example.com',
    'onethread:emailDomain': 'support.example.com',
    'onethread:emailReceiptAddresses': 'help@support.example.com,billing@support.example.com',
    'onethread:providerSecrets': SECRETS,
    'onethread:identityTokenSecret': IDENTITY_TOKEN_SECRET,
    'onethread:identityTokenJwksUrl': IDENTITY_JWKS,
    'onethread:routingConfig': { offerSeconds: 30 },
    'onethread:connectInstanceArn': CONNECT_INSTANCE,
    'onethread:connectTaskFlowId': TASK_FLOW,
    'onethread:connectCallbackFlowId': TASK_FLOW,
    'onethread:connectCallbackQueueId': CALLBACK_QUEUE,
    'onethread:connectWebCallFlowId': WEB_CALL_FLOW,
    'onethread:kbArticleUrl': ARTICLE_URL,
  });
  template = Template.fromStack(stack);
  lambdas = resourcesOfType(template, 'AWS::Lambda::Function');
  // Bundles every function with esbuild, one after another.
}, 240_000);

describe('the customer data table', () => {
  it('encrypts the table with its own rotating KMS key', () => {
    const keyId = logicalIdOf('AWS::KMS::Key');
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
      Replicas: [
        Match.objectLike({ SSESpecification: { KMSMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } } }),
      ],
    });
  });

  it('keeps point-in-time recovery, expires dedupe records by TTL and bills on demand', () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: { AttributeName: TABLE_KEYS.timeToLive, Enabled: true },
      Replicas: [
        Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }),
      ],
    });
  });

  it('has the key layout the repositories and the local runtime use', () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: [
        { AttributeName: TABLE_KEYS.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE_KEYS.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: Object.values(TABLE_KEYS.indexes).map((index) =>
        Match.objectLike({
          IndexName: index.name,
          KeySchema: [
            { AttributeName: index.partitionKey, KeyType: 'HASH' },
            { AttributeName: index.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: index.projection },
        }),
      ),
    });
  });

  it('is protected from deletion and kept when the stack is deleted, by default', () => {
    template.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        Replicas: [Match.objectLike({ DeletionProtectionEnabled: true })],
      }),
    });
    template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain' });
  });
});

/** A function's grants beyond its own logs and X-Ray, as `action on resource` lines. */
const grantsOf = (name: keyof typeof FUNCTIONS) =>
  statementsOf(functionNamed(name)[0])
    .filter((statement) => !actionsOf(statement).some((action) => /^(logs|xray):/.test(action)))
    .flatMap((statement) => {
      const resources = Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
      return actionsOf(statement).flatMap((action) =>
        resources.map((target) => `${action} on ${nameOf(target)}`),
      );
    })
    .sort();
const nameOf = (target: unknown): string => {
  const text = JSON.stringify(target);
  const id = /"Fn::GetAtt":\["([A-Za-z0-9]+)","Arn"\]/.exec(text)?.[1] ?? text;
  const suffix = /"(\/[^"]*)"\]\]\}$/.exec(text)?.[1] ?? '';
  const type = template.toJSON().Resources[id]?.Type ?? '?';
  return `${label(id, type)}${suffix}`;
};
const label = (id: string, type: string): string => {
  const queues: Record<string, string> = {};
  for (const name of Object.keys(CONSUMERS) as (keyof typeof CONSUMERS)[]) {
    const { queueId, dlqId } = consumedBy(name);
    queues[queueId] = `${name} queue`;
    queues[dlqId] = `${name} dead-letter queue`;
  }
  if (queues[id]) return queues[id];
  if (id === auditTableId()) return 'audit table';
  return (
    { 'AWS::DynamoDB::GlobalTable': 'table', 'AWS::KMS::Key': 'key', 'AWS::S3::Bucket': 'bucket' }[type] ?? id
  );
};

describe('the access audit', () => {
  const audit = () => resource(auditTableId());
  const policies = () =>
    resourcesOfType(template, 'AWS::IAM::Policy').map(([, policy]) => ({
      roles: policy.Roles,
      statements: (policy.PolicyDocument as { Statement: Statement[] }).Statement,
    }));
  const auditStatements = () =>
    policies().flatMap(({ statements }) => statements.filter((s) => refersTo(s.Resource, auditTableId())));
  const functionsGranted = (action: string) =>
    (Object.keys(FUNCTIONS) as (keyof typeof FUNCTIONS)[])
      .filter((name) =>
        statementsOf(functionNamed(name)[0]).some(
          (s) => refersTo(s.Resource, auditTableId()) && actionsOf(s).includes(action),
        ),
      )
      .sort();

  it('keeps its own table, encrypted with the customer data key, recoverable, protected and kept', () => {
    const keyId = logicalIdOf('AWS::KMS::Key');
    const { actor } = AUDIT_TABLE_KEYS.indexes;
    expect(audit()).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
      KeySchema: [
        { AttributeName: AUDIT_TABLE_KEYS.partitionKey, KeyType: 'HASH' },
        { AttributeName: AUDIT_TABLE_KEYS.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        expect.objectContaining({
          IndexName: actor.name,
          KeySchema: [
            { AttributeName: actor.partitionKey, KeyType: 'HASH' },
            { AttributeName: actor.sortKey, KeyType: 'RANGE' },
          ],
        }),
      ],
      Replicas: [
        expect.objectContaining({
          SSESpecification: { KMSMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } },
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          DeletionProtectionEnabled: true,
        }),
      ],
    });
    expect(audit().TimeToLiveSpecification).toBeUndefined();
    expect(template.toJSON().Resources[auditTableId()].DeletionPolicy).toBe('Retain');
  });

  it('is append-only: no role may update, delete or batch-write an entry', () => {
    const actions = new Set(auditStatements().flatMap(actionsOf));
    expect([...actions].sort()).toEqual(['dynamodb:PutItem', 'dynamodb:Query']);
  });

  it('lets the functions of audited routes and the sign-in trigger only put entries', () => {
    const audited = new Set(ROUTES.filter((route) => route.audit).map((route) => route.function));
    expect(functionsGranted('dynamodb:PutItem')).toEqual([...audited, 'agentSignedIn'].sort());
    for (const name of functionsGranted('dynamodb:PutItem')) {
      expect(
        grantsOf(name).filter((grant) => grant.includes('audit table')),
        name,
      ).toEqual(['dynamodb:PutItem on audit table']);
    }
  });

  it('lets the audit API alone query it, on the table and its actor index, and read nothing else', () => {
    expect(functionsGranted('dynamodb:Query')).toEqual(['auditApi']);
    expect(grantsOf('auditApi').filter((grant) => !grant.startsWith('kms:'))).toEqual([
      'dynamodb:Query on audit table',
      `dynamodb:Query on audit table/index/${AUDIT_TABLE_KEYS.indexes.actor.name}`,
    ]);
    expect(envOf('auditApi').AUDIT_TABLE_NAME).toEqual({ Ref: auditTableId() });
  });

  it("records sign-ins with the user pool's post-authentication trigger", () => {
    const [triggerId] = functionNamed('agentSignedIn');
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      LambdaConfig: { PostAuthentication: { 'Fn::GetAtt': [triggerId, 'Arn'] } },
    });
  });
});

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

describe('inbound email', () => {
  const bucketId = () =>
    logicalIdOf(
      'AWS::S3::Bucket',
      (props) => (props.LoggingConfiguration as Json | undefined)?.LogFilePrefix === 'email-bucket/',
    );
  const topicId = () => logicalIdOf('AWS::SNS::Topic', (props) => props.DisplayName !== 'OneThread alarms');
  // The partition is known from the region (`@aws-cdk/core:target-partitions`).
  const ruleArn = () =>
    'arn:aws:ses:us-east-1:123456789012:receipt-rule-set/OneThread-test-email:receipt-rule/inbound';

  it('keeps mail in an encrypted, private, TLS-only bucket with access logs and a lifecycle', () => {
    const bucket = resource(bucketId());
    expect(bucket).toMatchObject({
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    });
    const rules = (bucket.LifecycleConfiguration as { Rules: Json[] }).Rules;
    expect(rules).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } }),
        expect.objectContaining({
          Transitions: [{ StorageClass: 'INTELLIGENT_TIERING', TransitionInDays: 30 }],
        }),
      ]),
    );
    const policy = only(
      resourcesOfType(template, 'AWS::S3::BucketPolicy').filter(([, props]) =>
        refersTo(props.Bucket, bucketId()),
      ),
      'the email bucket policy',
    )[1];
    expect(policy.PolicyDocument).toMatchObject({
      Statement: expect.arrayContaining([
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      ]),
    });
  });

  it('lets only this receipt rule of this account write to inbound/ and publish to the topic', () => {
    const conditions = {
      StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
      ArnLike: { 'aws:SourceArn': ruleArn() },
    };
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId() },
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Action: 's3:PutObject',
            Effect: 'Allow',
            Principal: { Service: 'ses.amazonaws.com' },
            Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId(), 'Arn'] }, '/inbound/*']] },
            Condition: conditions,
          },
        ]),
      },
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: topicId() }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 'sns:Publish',
            Effect: 'Allow',
            Principal: { Service: 'ses.amazonaws.com' },
            Condition: conditions,
          }),
        ]),
      },
    });
  });

  it('receives the configured addresses into the bucket and notifies the topic', () => {
    template.hasResourceProperties('AWS::SES::ReceiptRuleSet', { RuleSetName: 'OneThread-test-email' });
    const [, rule] = only(resourcesOfType(template, 'AWS::SES::ReceiptRule'), 'the receipt rule');
    expect(rule.Rule).toEqual({
      Name: 'inbound',
      Enabled: true,
      ScanEnabled: true,
      TlsPolicy: 'Optional',
      Recipients: ['help@support.example.com', 'billing@support.example.com'],
      Actions: [
        {
          S3Action: {
            BucketName: { Ref: bucketId() },
            ObjectKeyPrefix: 'inbound/',
            TopicArn: { Ref: topicId() },
          },
        },
      ],
    });
    // SES checks both permissions when it creates the rule.
    const ruleResource = Object.values(template.findResources('AWS::SES::ReceiptRule'))[0] as {
      DependsOn: string[];
    };
    const bucketPolicyId = logicalIdOf('AWS::S3::BucketPolicy', (props) =>
      refersTo(props.Bucket, bucketId()),
    );
    const topicPolicyId = logicalIdOf('AWS::SNS::TopicPolicy', (props) => refersTo(props.Topics, topicId()));
    expect(ruleResource.DependsOn).toEqual(expect.arrayContaining([bucketPolicyId, topicPolicyId]));
  });

  it('delivers the notifications raw from the topic to the email queue', () => {
    const { queueId } = consumedBy('emailInbound');
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'sqs',
      TopicArn: { Ref: topicId() },
      Endpoint: { 'Fn::GetAtt': [queueId, 'Arn'] },
      RawMessageDelivery: true,
    });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: queueId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Action: 'sqs:SendMessage',
            Effect: 'Allow',
            Principal: { Service: 'sns.amazonaws.com' },
            Resource: { 'Fn::GetAtt': [queueId, 'Arn'] },
            Condition: { ArnEquals: { 'aws:SourceArn': { Ref: topicId() } } },
          },
        ]),
      },
    });
  });

  it('follows the table stream to carry routing decisions out, never skipping one, and alarms when it lags', () => {
    const [effectsId] = functionNamed('routingEffects');
    const [, mapping] = only(
      resourcesOfType(template, 'AWS::Lambda::EventSourceMapping').filter(([, props]) =>
        refersTo(props.FunctionName, effectsId),
      ),
      'the routing effects stream mapping',
    );
    expect(mapping).toMatchObject({ StartingPosition: 'TRIM_HORIZON' });
    expect(mapping.MaximumRetryAttempts).toBeUndefined();
    expect(mapping.MaximumRecordAgeInSeconds).toBeUndefined();
    const [filter] = (mapping.FilterCriteria as { Filters: { Pattern: string }[] }).Filters;
    expect(JSON.parse(filter?.Pattern ?? '{}')).toEqual({
      eventName: ['INSERT'],
      dynamodb: { NewImage: { entity: { S: ['routingLog'] } } },
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'IteratorAge',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: Match.anyValue() } }],
      Threshold: 60_000,
      AlarmActions: Match.anyValue(),
    });
  });

  it('gives every function that keeps a routing engine warm a full vCPU and the memory for a large floor', () => {
    for (const name of ['router', 'routingTimers', 'routingEffects', 'routingApi'] as const) {
      expect(functionNamed(name)[1], name).toMatchObject({ MemorySize: 1769 });
    }
  });

  it('sizes emailInbound for 25 MB messages and tells it where everything is', () => {
    const [, fn] = functionNamed('emailInbound');
    expect(fn).toMatchObject({ MemorySize: 1024, Timeout: 60 });
    const { dlqId } = consumedBy('emailInbound');
    expect(envOf('emailInbound')).toMatchObject({
      ONETHREAD_EMAIL_BUCKET: { Ref: bucketId() },
      ONETHREAD_EMAIL_OBJECT_PREFIX: 'inbound/',
      ONETHREAD_EMAIL_DLQ_URL: { Ref: dlqId },
      ONETHREAD_EMAIL_MAX_MESSAGE_BYTES: String(25 * 1024 * 1024),
      ONETHREAD_EMAIL_MAX_ATTACHMENT_BYTES: String(10 * 1024 * 1024),
      INGEST_QUEUE_URL: { Ref: consumedBy('ingest').queueId },
    });
  });

  it('outputs the rule set to activate', () => {
    template.hasOutput('EmailReceiptRuleSetName', { Value: 'OneThread-test-email' });
  });
});

describe('the knowledge base', () => {
  it('tells the knowledge function its languages and the page articles are read on', () => {
    expect(envOf('knowledgeApi')).toMatchObject({
      ONETHREAD_KB_LANGUAGES: 'en',
      ONETHREAD_KB_ARTICLE_URL: ARTICLE_URL,
    });
  });
});

describe('provider webhooks and replies', () => {
  const apiEndpoint = () => ({ 'Fn::GetAtt': [httpApiId(), 'ApiEndpoint'] });
  const reference = (provider: keyof typeof SECRETS, key: string) =>
    `{{resolve:secretsmanager:${SECRETS[provider]}:SecretString:${key}::}}`;
  const SECRET_VARIABLES = /^(META_|X_CONSUMER|X_ACCESS|TWILIO_(AUTH|ACCOUNT))/;
  const secretsOf = (name: keyof typeof FUNCTIONS) =>
    Object.fromEntries(Object.entries(envOf(name)).filter(([key]) => SECRET_VARIABLES.test(key)));

  const SECRET_IDS = /^ONETHREAD_(META|X|TWILIO)_SECRET_ID$/;
  const secretIdsOf = (name: keyof typeof FUNCTIONS) =>
    Object.fromEntries(Object.entries(envOf(name)).filter(([key]) => SECRET_IDS.test(key)));

  it('tells each function where its providers’ secrets are, and puts no credential in its configuration', () => {
    expect(secretIdsOf('metaWebhook')).toEqual({ ONETHREAD_META_SECRET_ID: SECRETS.meta });
    expect(secretIdsOf('xWebhook')).toEqual({ ONETHREAD_X_SECRET_ID: SECRETS.x });
    expect(secretIdsOf('twilioWebhook')).toEqual({ ONETHREAD_TWILIO_SECRET_ID: SECRETS.twilio });
    expect(secretIdsOf('replies')).toEqual({
      ONETHREAD_META_SECRET_ID: SECRETS.meta,
      ONETHREAD_X_SECRET_ID: SECRETS.x,
      ONETHREAD_TWILIO_SECRET_ID: SECRETS.twilio,
    });
    // The ingest consumer sends queued notices and surveys: what replies need to send.
    expect(secretIdsOf('ingest')).toEqual(secretIdsOf('replies'));
    // The account SID identifies the Twilio account; it is not a credential.
    for (const name of ['twilioWebhook', 'replies', 'ingest'] as const) {
      expect(secretsOf(name), name).toEqual({
        TWILIO_ACCOUNT_SID: reference('twilio', 'TWILIO_ACCOUNT_SID'),
      });
    }
    for (const name of ['metaWebhook', 'xWebhook'] as const) expect(secretsOf(name), name).toEqual({});
    for (const name of ['chatApi', 'agentApi', 'health', 'router', 'emailInbound'] as const) {
      expect(secretsOf(name), name).toEqual({});
      expect(secretIdsOf(name), name).toEqual({});
    }
  });

  it('tells Twilio-facing functions the public URL, built from the API id without a cycle', () => {
    for (const name of ['twilioWebhook', 'replies'] as const) {
      expect(envOf(name).ONETHREAD_PUBLIC_URL, name).toEqual(apiEndpoint());
    }
    template.hasOutput('TwilioWebhookUrl', {
      Value: { 'Fn::Join': ['', [apiEndpoint(), '/webhooks/twilio/sms']] },
    });
  });
});

describe('functions', () => {
  it('deploys every function of functions/routes.ts, so nothing exists only locally', () => {
    for (const name of Object.keys(FUNCTIONS) as (keyof typeof FUNCTIONS)[]) functionNamed(name);
    expect(lambdas).toHaveLength(Object.keys(FUNCTIONS).length);
  });

  it('runs each on Node 22, ARM64, traced, with source maps and its own log group', () => {
    // The sign-in trigger writes only the audit and the API document is bundled with its
    // function: neither is told the table. (liveAuthorizer reads chat sessions, to admit visitors.)
    const tableless = (['agentSignedIn', 'apiDocument'] as const).map((name) => {
      expect(envOf(name).TABLE_NAME, name).toBeUndefined();
      return functionNamed(name)[0];
    });
    for (const [id, fn] of lambdas) {
      const table = tableless.includes(id) ? {} : { TABLE_NAME: { Ref: mainTableId() } };
      expect(fn).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        TracingConfig: { Mode: 'Active' },
        LoggingConfig: { LogGroup: { Ref: expect.any(String) } },
        Environment: {
          Variables: expect.objectContaining({
            POWERTOOLS_SERVICE_NAME: 'onethread',
            NODE_OPTIONS: '--enable-source-maps',
            AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
            ...table,
            ONETHREAD_DEFAULT_COUNTRY: 'US',
            ONETHREAD_CONVERSATION_QUIET_SECONDS: '86400',
          }),
        },
      });
      const logGroupId = ((fn.LoggingConfig as Json).LogGroup as { Ref: string }).Ref;
      expect(template.toJSON().Resources[logGroupId].Properties.RetentionInDays).toBe(30);
    }
  });

  it('gives the queue URL to the functions that send to or check the ingest queue', () => {
    const { queueId } = consumedBy('ingest');
    const senders = [
      'chatApi',
      'health',
      'metaWebhook',
      'xWebhook',
      'twilioWebhook',
      'replies',
      'emailInbound',
      'connectFlow',
      'connectEvents',
    ] as const;
    for (const name of senders) expect(envOf(name).INGEST_QUEUE_URL, name).toEqual({ Ref: queueId });
  });
});

describe('the HTTP API', () => {
  // The live-updates WebSocket API has routes too (test/lib/live-updates.test.ts).
  const routes = () =>
    resourcesOfType(template, 'AWS::ApiGatewayV2::Route').filter(([, props]) =>
      refersTo(props.ApiId, httpApiId()),
    );
  const routeFor = (key: string) =>
    only(
      routes().filter(([, props]) => props.RouteKey === key),
      `route ${key}`,
    )[1];

  it('serves exactly the routes of functions/routes.ts', () => {
    expect(
      routes()
        .map(([, props]) => props.RouteKey)
        .sort(),
    ).toEqual(ROUTES.map(routeKey).sort());
  });

  it('sends each route to the function routes.ts names', () => {
    const integrations = Object.fromEntries(resourcesOfType(template, 'AWS::ApiGatewayV2::Integration'));
    for (const route of ROUTES) {
      const target = JSON.stringify(routeFor(routeKey(route)).Target);
      const integrationId = Object.keys(integrations).find((id) => target.includes(`"${id}"`));
      expect(integrationId, `integration of ${routeKey(route)}`).toBeDefined();
      const [functionId] = functionNamed(route.function);
      expect(integrations[integrationId as string]?.IntegrationUri).toEqual({
        'Fn::GetAtt': [functionId, 'Arn'],
      });
    }
  });

  it('requires a Cognito JWT on every agent route and none on public routes', () => {
    const authorizerId = logicalIdOf(
      'AWS::ApiGatewayV2::Authorizer',
      (props) => props.AuthorizerType === 'JWT',
    );
    const poolId = logicalIdOf('AWS::Cognito::UserPool');
    const clientId = logicalIdOf('AWS::Cognito::UserPoolClient');
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [{ Ref: clientId }],
        Issuer: { 'Fn::Join': ['', [Match.stringLikeRegexp('cognito-idp'), { Ref: poolId }]] },
      },
    });
    for (const route of ROUTES) {
      const props = routeFor(routeKey(route));
      if (route.auth === 'agent') {
        expect(props, routeKey(route)).toMatchObject({
          AuthorizationType: 'JWT',
          AuthorizerId: { Ref: authorizerId },
        });
      } else if (route.auth === 'iam') {
        expect(props.AuthorizationType, routeKey(route)).toBe('AWS_IAM');
        expect(props.AuthorizerId, routeKey(route)).toBeUndefined();
      } else {
        expect(props.AuthorizationType ?? 'NONE', routeKey(route)).toBe('NONE');
        expect(props.AuthorizerId, routeKey(route)).toBeUndefined();
      }
    }
  });

  it('throttles the default stage and writes JSON access logs', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 },
      AccessLogSettings: {
        DestinationArn: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] },
        Format: Match.serializedJson(Match.objectLike({ requestId: '$context.requestId' })),
      },
    });
  });

  it('answers CORS preflight for the configured origins and the console’s only', () => {
    const [, api] = only(
      resourcesOfType(template, 'AWS::ApiGatewayV2::Api').filter(
        ([, props]) => props.ProtocolType === 'HTTP',
      ),
      'the HTTP API',
    );
    const cors = api.CorsConfiguration as Record<string, string[]>;
    expect(cors.AllowOrigins).toEqual([
      'https://www.example.com',
      { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId(), 'DomainName'] }]] },
    ]);
    const methods = new Set(ROUTES.map((route) => route.method));
    expect(cors.AllowMethods?.slice().sort()).toEqual([...methods, 'OPTIONS'].sort());
    expect(cors.AllowHeaders?.slice().sort()).toEqual(['authorization', 'content-type']);
  });

  it('outputs the API URL', () => {
    template.hasOutput('ApiUrl', { Value: Match.anyValue() });
  });
});

describe('least privilege', () => {
  const allStatements = () =>
    resourcesOfType(template, 'AWS::IAM::Policy').flatMap(
      ([, policy]) => (policy.PolicyDocument as { Statement: Statement[] }).Statement,
    );
  const tableId = mainTableId;
  const queueIds = () => resourcesOfType(template, 'AWS::SQS::Queue').map(([id]) => id);
  const bucketIds = () => resourcesOfType(template, 'AWS::S3::Bucket').map(([id]) => id);

  it('grants no wildcard action on the table, the queues or the buckets', () => {
    const touching = allStatements().filter((statement) =>
      [tableId(), ...queueIds(), ...bucketIds()].some((id) => refersTo(statement.Resource, id)),
    );
    expect(touching.length).toBeGreaterThan(0);
    for (const statement of touching) {
      for (const action of actionsOf(statement)) expect(action).not.toContain('*');
    }
  });

  it('names table indexes one by one instead of index/*', () => {
    expect(JSON.stringify(allStatements())).not.toContain('/index/*');
  });

  it('uses Resource "*" only for the X-Ray actions that support nothing narrower', () => {
    for (const statement of allStatements().filter((s) => JSON.stringify(s.Resource) === '"*"')) {
      expect(actionsOf(statement).sort()).toEqual(['xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
    }
  });

  it('lets the agent API read and write the table (merges, erasure jobs), hand erasures to ingest, read stored email (exports) and start export jobs', () => {
    const actions = statementsOf(functionNamed('agentApi')[0])
      .filter((s) => refersTo(s.Resource, tableId()))
      .flatMap(actionsOf);
    expect(actions.sort()).toEqual(TABLE_READ_WRITE);
    const others = grantsOf('agentApi').filter((grant) => !grant.startsWith('dynamodb:'));
    expect(others.filter((grant) => !grant.startsWith('kms:'))).toEqual(
      [
        'lambda:InvokeFunction on CustomerExportsBuilderFunctionA235F8A7',
        's3:GetObject on bucket/attachments/*',
        's3:GetObject on bucket/exports/*',
        's3:GetObject on bucket/inbound/*',
        's3:GetObject on bucket/raw/*',
        'sqs:SendMessage on ingest queue',
      ].sort(),
    );
  });

  it('lets ingest delete stored email, for erasures, and store fetched provider media, nothing else in the bucket', () => {
    expect(grantsOf('ingest').filter((grant) => grant.startsWith('s3:'))).toEqual([
      's3:DeleteObject on bucket/attachments/*',
      's3:DeleteObject on bucket/inbound/*',
      's3:DeleteObject on bucket/raw/*',
      's3:GetObject on bucket/attachments/files/*',
      's3:PutObject on bucket/attachments/files/*',
    ]);
  });

  it('gives attachments least privilege: uploads granted by their API alone, read by chat and replies', () => {
    const s3Of = (name: keyof typeof FUNCTIONS) => grantsOf(name).filter((grant) => grant.startsWith('s3:'));
    expect(s3Of('attachmentsApi')).toEqual([
      's3:GetObject on bucket/attachments/files/*',
      's3:PutObject on bucket/attachments/files/*',
    ]);
    expect(s3Of('chatApi')).toEqual(['s3:GetObject on bucket/attachments/files/*']);
    expect(s3Of('replies')).toEqual(['s3:GetObject on bucket/attachments/files/*']);
  });

  it('lets the chat API write the table and send to the ingest and routing queues, not receive from them', () => {
    const statements = statementsOf(functionNamed('chatApi')[0]);
    const queueActions = statements.filter((s) => queueIds().some((id) => refersTo(s.Resource, id)));
    // The ingest queue for messages; the routing events queue for a waiting visitor's leaving.
    expect(new Set(queueActions.flatMap(actionsOf))).toEqual(new Set(['sqs:SendMessage']));
    expect(grantsOf('chatApi')).toContain('sqs:SendMessage on ingest queue');
    expect(grantsOf('chatApi')).toContain('sqs:SendMessage on router queue');
    expect(statements.flatMap(actionsOf)).toContain('dynamodb:PutItem');
  });

  it('lets the health check describe the table and the queue, and read no data', () => {
    const actions = statementsOf(functionNamed('health')[0])
      .filter((s) => !actionsOf(s).some((action) => /^(logs|xray):/.test(action)))
      .flatMap(actionsOf);
    expect(actions.sort()).toEqual(['dynamodb:DescribeTable', 'sqs:GetQueueAttributes']);
  });

  it('lets the events API read items by key, write only API keys, and send to the ingest queue', () => {
    const statements = statementsOf(functionNamed('eventsApi')[0]).filter((s) =>
      refersTo(s.Resource, tableId()),
    );
    const keyed = statements.filter((s) => JSON.stringify(s.Condition ?? {}).includes('LeadingKeys'));
    expect(statements.filter((s) => !keyed.includes(s)).flatMap(actionsOf)).toEqual(['dynamodb:GetItem']);
    expect(keyed.flatMap(actionsOf).sort()).toEqual([
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
    ]);
    expect(keyed[0]?.Condition).toEqual({
      'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['APIKEYS'] },
    });
    const queues = statementsOf(functionNamed('eventsApi')[0]).filter((s) =>
      queueIds().some((id) => refersTo(s.Resource, id)),
    );
    expect(queues.flatMap(actionsOf)).toEqual(['sqs:SendMessage']);
  });

  const TABLE_READ_WRITE = [
    'dynamodb:BatchGetItem',
    'dynamodb:BatchWriteItem',
    'dynamodb:ConditionCheckItem',
    'dynamodb:DeleteItem',
    'dynamodb:GetItem',
    'dynamodb:PutItem',
    'dynamodb:Query',
    'dynamodb:UpdateItem',
  ];

  it('lets the routing engines use the table and send nothing: deciding is appending to the log', () => {
    for (const name of ['router', 'routingApi'] as const) {
      const grants = grantsOf(name);
      // The router parks a malformed event on its own dead-letter queue.
      expect(
        grants.filter((grant) => grant.startsWith('sqs:SendMessage')),
        name,
      ).toEqual(name === 'router' ? ['sqs:SendMessage on router dead-letter queue'] : []);
      for (const action of TABLE_READ_WRITE) expect(grants, name).toContain(`${action} on table`);
      expect(
        grants.filter((grant) => !/^(dynamodb|kms|sqs):/.test(grant)),
        name,
      ).toEqual([]);
    }
  });

  it('lets the routing effects schedule timers and hand work to Connect, and the timer consumer delay timers', () => {
    const sends = (name: 'routingEffects' | 'routingTimers') =>
      grantsOf(name).filter((grant) => grant.startsWith('sqs:SendMessage'));
    expect(sends('routingEffects')).toEqual([
      'sqs:SendMessage on connectRequests queue',
      'sqs:SendMessage on routingTimers queue',
    ]);
    expect(sends('routingTimers')).toEqual([
      'sqs:SendMessage on routingTimers dead-letter queue',
      'sqs:SendMessage on routingTimers queue',
    ]);
    for (const name of ['routingEffects', 'routingTimers'] as const) {
      const grants = grantsOf(name);
      for (const action of TABLE_READ_WRITE) expect(grants, name).toContain(`${action} on table`);
      expect(
        grants.filter((grant) => !/^(dynamodb|kms|sqs):/.test(grant)),
        name,
      ).toEqual([
        expect.stringMatching(/^iam:PassRole on .*SchedulerRole/),
        expect.stringMatching(/^scheduler:CreateSchedule on /),
      ]);
    }
  });

  it('lets ingest announce work items on the routing queue, park poison and continue erasures, and send to no other queue', () => {
    expect(grantsOf('ingest').filter((grant) => grant.startsWith('sqs:SendMessage'))).toEqual([
      'sqs:SendMessage on ingest dead-letter queue',
      'sqs:SendMessage on ingest queue',
      'sqs:SendMessage on router queue',
    ]);
  });

  it('lets emailInbound read inbound mail, store attachments, look up one item and enqueue', () => {
    expect(grantsOf('emailInbound')).toEqual(
      [
        'dynamodb:GetItem on table',
        'kms:Decrypt on key',
        's3:GetObject on bucket/inbound/*',
        's3:PutObject on bucket/attachments/*',
        's3:PutObject on bucket/raw/*',
        'sqs:SendMessage on ingest queue',
        'sqs:SendMessage on emailInbound dead-letter queue',
        'sqs:ChangeMessageVisibility on emailInbound queue',
        'sqs:DeleteMessage on emailInbound queue',
        'sqs:GetQueueAttributes on emailInbound queue',
        'sqs:GetQueueUrl on emailInbound queue',
        'sqs:ReceiveMessage on emailInbound queue',
      ].sort(),
    );
  });

  /** Secret reads are GetSecretValue and DescribeSecret on one named secret. */
  const secretGrantsOf = (name: keyof typeof FUNCTIONS) => [
    ...new Set(grantsOf(name).filter((grant) => grant.startsWith('secretsmanager:GetSecretValue'))),
  ];

  it('lets the webhooks enqueue and read their provider’s secret, and nothing else', () => {
    for (const name of ['metaWebhook', 'xWebhook', 'twilioWebhook'] as const) {
      const grants = grantsOf(name);
      expect(
        grants.filter((grant) => !grant.startsWith('secretsmanager:')),
        name,
      ).toEqual(['sqs:SendMessage on ingest queue']);
      expect(secretGrantsOf(name), name).toHaveLength(1);
    }
  });

  it('lets replies use the table as the chat edge does, enqueue, and send email from the domain only', () => {
    const grants = grantsOf('replies');
    const ses = grants.filter((grant) => grant.startsWith('ses:'));
    const beyondSecretsAndSes = (list: string[]) =>
      list.filter((grant) => !/^(ses|secretsmanager):/.test(grant));
    // The chat API also tells routing when a waiting visitor leaves; replies have no one waiting.
    const chatEdge = grantsOf('chatApi').filter((grant) => grant !== 'sqs:SendMessage on router queue');
    expect(beyondSecretsAndSes(grants)).toEqual(beyondSecretsAndSes(chatEdge));
    expect(secretGrantsOf('replies')).toHaveLength(3);
    expect(ses).toHaveLength(1);
    expect(ses[0]).toMatch(/^ses:SendEmail on .*identity\/.+/);
  });

  it('grants secret reads only to the functions that talk to providers, check identity tokens or sign survey links, and SES only to those that email customers', () => {
    const reading = (Object.keys(FUNCTIONS) as (keyof typeof FUNCTIONS)[]).filter(
      (name) => secretGrantsOf(name).length,
    );
    expect(reading.sort()).toEqual([
      'chatApi',
      'connectCallback',
      'ingest',
      'metaWebhook',
      'replies',
      'surveysApi',
      'twilioWebhook',
      'xWebhook',
    ]);
    const actions = allStatements().flatMap(actionsOf);
    expect(new Set(actions.filter((action) => action.startsWith('ses:')))).toEqual(
      new Set(['ses:SendEmail']),
    );
    const senders = (Object.keys(FUNCTIONS) as (keyof typeof FUNCTIONS)[]).filter((name) =>
      grantsOf(name).some((grant) => grant.startsWith('ses:')),
    );
    // Codes (chat), replies, notices and surveys (ingest), transcripts (surveys).
    expect(senders.sort()).toEqual(['chatApi', 'ingest', 'replies', 'surveysApi']);
  });

  it("lets the chat API read the identity token key's value and nothing else of Secrets Manager, and send codes from the domain", () => {
    const grants = grantsOf('chatApi');
    const secretGrants = grants.filter((grant) => grant.startsWith('secretsmanager:'));
    expect(secretGrants).toHaveLength(1);
    expect(secretGrants[0]).toMatch(
      /^secretsmanager:GetSecretValue on .*secret:onethread\/identity-tokens-\?{6}/,
    );
    expect(grants.filter((grant) => grant.startsWith('ses:'))).toEqual([
      expect.stringMatching(/^ses:SendEmail on .*identity\/support\.example\.com/),
    ]);
    expect(envOf('chatApi')).toMatchObject({
      ONETHREAD_IDENTITY_TOKEN_AUDIENCE: 'onethread-test',
      ONETHREAD_IDENTITY_TOKEN_SECRET_ID: IDENTITY_TOKEN_SECRET,
      ONETHREAD_IDENTITY_TOKEN_JWKS_URL: IDENTITY_JWKS,
      ONETHREAD_EMAIL_FROM_ADDRESS: 'support@support.example.com',
    });
    expect(JSON.stringify(envOf('chatApi'))).not.toContain('resolve:secretsmanager');
  });

  it('lets web calls start contacts only with the web call flow, keep their ledger and report the call', () => {
    const grants = grantsOf('webCalls');
    for (const action of TABLE_READ_WRITE) expect(grants).toContain(`${action} on table`);
    expect(grants.filter((grant) => grant.startsWith('sqs:'))).toEqual(['sqs:SendMessage on ingest queue']);
    expect(grants.filter((grant) => grant.startsWith('connect:'))).toEqual([
      `connect:StartWebRTCContact on ${JSON.stringify(`${CONNECT_INSTANCE}/contact-flow/${WEB_CALL_FLOW}`)}`,
      `connect:StartWebRTCContact on ${JSON.stringify(`${CONNECT_INSTANCE}/contact/*`)}`,
    ]);
    expect(grants.filter((grant) => !/^(dynamodb|kms|sqs|connect):/.test(grant))).toEqual([]);
    expect(envOf('webCalls')).toMatchObject({
      ONETHREAD_CONNECT_INSTANCE_ARN: CONNECT_INSTANCE,
      ONETHREAD_CONNECT_WEBRTC_FLOW_ID: WEB_CALL_FLOW,
    });
    const others = (Object.keys(FUNCTIONS) as (keyof typeof FUNCTIONS)[]).filter(
      (name) => name !== 'webCalls' && grantsOf(name).some((grant) => grant.includes('StartWebRTCContact')),
    );
    expect(others).toEqual([]);
  });

  it('lets the Connect flow lookup create callers, report the call and announce a callback’s work item, and nothing else', () => {
    const grants = grantsOf('connectFlow');
    for (const action of TABLE_READ_WRITE) expect(grants).toContain(`${action} on table`);
    expect(grants.filter((grant) => grant.startsWith('sqs:'))).toEqual([
      'sqs:SendMessage on ingest queue',
      'sqs:SendMessage on router queue',
    ]);
    expect(envOf('connectFlow')).toMatchObject({
      ROUTING_QUEUE_URL: { Ref: consumedBy('router').queueId },
      ONETHREAD_ROUTING_PARTITION: 'default',
    });
    expect(grants.filter((grant) => !/^(dynamodb|kms|sqs):/.test(grant))).toEqual([]);
  });

  /**
   * Updates by key on the table, a read of the work item (its queue names its routing partition),
   * and the routing queue: how a Connect task's end reaches its work item.
   */
  const TASK_LINKS = [
    'dynamodb:GetItem on table',
    'dynamodb:UpdateItem on table',
    'kms:Decrypt on key',
    'kms:Encrypt on key',
    'kms:GenerateDataKey on key',
    'sqs:SendMessage on router queue',
  ];

  it('lets connectEvents enqueue call reports and close tasks’ work items, and connectCallback read, queue requests and notify', () => {
    expect(grantsOf('connectEvents')).toEqual([...TASK_LINKS, 'sqs:SendMessage on ingest queue'].sort());
    const grants = grantsOf('connectCallback');
    const tableActions = grants
      .filter((grant) => grant.startsWith('dynamodb:'))
      .map((grant) => grant.split(' ')[0]);
    expect(new Set(tableActions)).toEqual(
      new Set(['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query']),
    );
    expect(grants.filter((grant) => grant.startsWith('sqs:'))).toEqual([
      'sqs:SendMessage on connectRequests queue',
      'sqs:SendMessage on ingest queue',
    ]);
    expect(secretGrantsOf('connectCallback')).toHaveLength(3);
  });

  it('lets connectRequests start tasks and callbacks in the one instance, consume its queue and link tasks', () => {
    const under = (type: string) => JSON.stringify(`${CONNECT_INSTANCE}/${type}/*`);
    expect(grantsOf('connectRequests')).toEqual(
      [
        ...['StartTaskContact', 'StartOutboundVoiceContact'].flatMap((action) =>
          ['contact', 'contact-flow', 'queue'].map((type) => `connect:${action} on ${under(type)}`),
        ),
        ...TASK_LINKS,
        'sqs:ChangeMessageVisibility on connectRequests queue',
        'sqs:DeleteMessage on connectRequests queue',
        'sqs:GetQueueAttributes on connectRequests queue',
        'sqs:GetQueueUrl on connectRequests queue',
        'sqs:ReceiveMessage on connectRequests queue',
        'sqs:SendMessage on connectRequests dead-letter queue',
      ].sort(),
    );
    const actions = allStatements().flatMap(actionsOf);
    // StartWebRTCContact is the web calls function's alone (see above).
    expect(actions.filter((action) => action.startsWith('connect:')).sort()).toEqual([
      'connect:StartOutboundVoiceContact',
      'connect:StartTaskContact',
      'connect:StartWebRTCContact',
    ]);
  });

  it('attaches no AWS managed policies to function roles, only to API Gateway’s logging role', () => {
    const assumedBy = (role: Json) => JSON.stringify(role.AssumeRolePolicyDocument);
    const managed = resourcesOfType(template, 'AWS::IAM::Role').filter(([, role]) => role.ManagedPolicyArns);
    expect(managed.map(([, role]) => assumedBy(role))).toEqual([
      expect.stringContaining('apigateway.amazonaws.com'),
    ]);
  });
});

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

describe('the agent console', () => {
  const consoleBucketId = () =>
    logicalIdOf(
      'AWS::S3::Bucket',
      (props) => (props.LoggingConfiguration as Json | undefined)?.LogFilePrefix === 'console-bucket/',
    );

  it('keeps the console in a private, encrypted, TLS-only bucket with access logs', () => {
    expect(resource(consoleBucketId())).toMatchObject({
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: consoleBucketId() },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Action: 's3:GetObject',
            Effect: 'Allow',
            Principal: { Service: 'cloudfront.amazonaws.com' },
          }),
        ]),
      },
    });
  });

  it('serves it only through CloudFront with origin access control, over HTTPS, with security headers', () => {
    const [, distribution] = only(
      resourcesOfType(template, 'AWS::CloudFront::Distribution'),
      'the console CDN',
    );
    const config = distribution.DistributionConfig as Json;
    expect(config).toMatchObject({
      DefaultRootObject: 'index.html',
      Enabled: true,
      Logging: expect.objectContaining({ Prefix: 'distribution/' }),
      DefaultCacheBehavior: expect.objectContaining({
        ViewerProtocolPolicy: 'redirect-to-https',
        ResponseHeadersPolicyId: { Ref: logicalIdOf('AWS::CloudFront::ResponseHeadersPolicy') },
      }),
    });
    const [origin] = config.Origins as Json[];
    expect(origin).toMatchObject({
      DomainName: { 'Fn::GetAtt': [consoleBucketId(), 'RegionalDomainName'] },
      OriginAccessControlId: { 'Fn::GetAtt': [logicalIdOf('AWS::CloudFront::OriginAccessControl'), 'Id'] },
    });
    template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: Match.objectLike({
          StrictTransportSecurity: Match.objectLike({ IncludeSubdomains: true, Override: true }),
          FrameOptions: { FrameOption: 'DENY', Override: true },
          ContentTypeOptions: { Override: true },
        }),
      }),
    });
    template.hasOutput('ConsoleUrl', {
      Value: {
        'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [Match.anyValue(), 'DomainName'] }, '/console/']],
      },
    });
  });
});

describe('operations dashboard', () => {
  it('shows ingest rate, routing latency and effects lag, queue depth and dead letters on one dashboard', () => {
    const dashboards = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
    expect(dashboards).toHaveLength(1);
    const body = JSON.stringify(dashboards[0]?.Properties?.DashboardBody);
    for (const title of [
      'Ingest rate',
      'Routing latency',
      'Routing effects behind the log',
      'Queue depth',
      'Dead-lettered messages',
    ]) {
      expect(body).toContain(title);
    }
  });

  it('graphs the business figures: service level, speed of answer, first response, CSAT, backlog, per queue and per channel', () => {
    const [dashboard] = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
    // Quotes inside the body's JSON inside the template's JSON, unescaped to read as written.
    const body = JSON.stringify(dashboard?.Properties?.DashboardBody).replaceAll('\\', '');
    for (const metric of ['AnsweredWithinTarget', 'SpeedOfAnswer', 'FirstResponseTime', 'SurveyRating']) {
      expect(body).toContain(metric);
    }
    for (const search of [
      '{OneThread,queue,service} MetricName="Backlog"',
      '{OneThread,queue,service} MetricName="OldestWait"',
      '{OneThread,channel,service} MetricName="Answered"',
    ]) {
      expect(body).toContain(search);
    }
  });
});

describe('agent identity', () => {
  it('lets only administrators create agents, with strong passwords, MFA and threat protection', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: Match.objectLike({ AllowAdminCreateUserOnly: true }),
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
      Policies: {
        PasswordPolicy: Match.objectLike({
          MinimumLength: 12,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        }),
      },
    });
  });

  it('signs agents in on the Hosted UI with the authorization code grant only, back to the console', () => {
    const [, client] = only(resourcesOfType(template, 'AWS::Cognito::UserPoolClient'), 'the console client');
    expect(client).toMatchObject({
      GenerateSecret: false,
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid', 'email', 'profile'],
      SupportedIdentityProviders: ['COGNITO'],
    });
    const consoleUrl = {
      'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId(), 'DomainName'] }, '/console/']],
    };
    expect(client.CallbackURLs).toEqual([consoleUrl]);
    expect(client.LogoutURLs).toEqual([consoleUrl]);
  });

  it('lets agents read their agent id but not change it', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      Schema: Match.arrayWith([
        Match.objectLike({ Name: 'agentId', AttributeDataType: 'String', Mutable: true }),
      ]),
    });
    const [, client] = only(resourcesOfType(template, 'AWS::Cognito::UserPoolClient'), 'the console client');
    expect(client.ReadAttributes).toContain('custom:agentId');
    expect(client.WriteAttributes).not.toContain('custom:agentId');
  });

  it('has a Hosted UI domain unique per account and stage, and outputs its URL', () => {
    const domainId = logicalIdOf('AWS::Cognito::UserPoolDomain');
    expect(resource(domainId)).toMatchObject({
      Domain: 'onethread-test-123456789012',
      UserPoolId: { Ref: logicalIdOf('AWS::Cognito::UserPool') },
    });
    template.hasOutput('HostedUiUrl', {
      Value: { 'Fn::Join': ['', ['https://', { Ref: domainId }, '.auth.us-east-1.amazoncognito.com']] },
    });
  });

  it('has agents and supervisors groups and a console client without a secret', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: 'agents' });
    template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: 'supervisors' });
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      ExplicitAuthFlows: Match.arrayWith(['ALLOW_USER_SRP_AUTH']),
    });
  });
});
