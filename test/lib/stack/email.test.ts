import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { resourcesOfType } from '../synth.ts';
import {
  consumedBy,
  envOf,
  functionNamed,
  type Json,
  logicalIdOf,
  only,
  refersTo,
  resource,
  template,
} from './synthesized.ts';

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
