import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { afterAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../functions/routes.ts';
import { AgentIdentity } from '../../lib/agent-identity.ts';
import { PublicApi } from '../../lib/api.ts';
import { DataStore } from '../../lib/data.ts';
import { bindQueue, HouseFunction } from '../../lib/house-function.ts';
import { IngestPipeline } from '../../lib/ingest.ts';
import { WorkQueue } from '../../lib/work-queue.ts';
import { buildTestApp, removeTestOutputs } from './synth.ts';

afterAll(removeTestOutputs);

// No bundling: these tests are about construct wiring and props, not the handler code.
const emptyStack = () => new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Probe');
const logs = { logRetention: RetentionDays.ONE_WEEK };

describe('construct props', () => {
  it('refuses a function memory size Lambda does not offer', () => {
    expect(
      () =>
        new HouseFunction(emptyStack(), 'Fn', { entry: 'x.ts', description: 'x', memorySize: 64, ...logs }),
    ).toThrow(/Probe\/Fn: memorySize must be 128–10240 MB, got 64/);
  });

  it('refuses to bind one environment variable to two different queues', () => {
    const stack = emptyStack();
    const fn = new HouseFunction(stack, 'Fn', {
      entry: 'functions/handlers/health.ts',
      description: 'probe',
      ...logs,
    });
    bindQueue(fn, new Queue(stack, 'A'), 'send');
    expect(() => bindQueue(fn, new Queue(stack, 'B'), 'send')).toThrow(/INGEST_QUEUE_URL is already bound/);
  });

  it('refuses a redrive limit SQS does not accept', () => {
    const stack = emptyStack();
    const { table } = new DataStore(stack, 'Data', { deletionProtection: false });
    expect(
      () =>
        new IngestPipeline(stack, 'Ingest', {
          table,
          environment: {},
          maxReceiveCount: 0,
          logRemovalPolicy: RemovalPolicy.DESTROY,
          ...logs,
        }),
    ).toThrow(/Probe\/Ingest: maxReceiveCount must be an integer 1–1000, got 0/);
  });

  it('refuses a route table that declares the same route twice', () => {
    const stack = emptyStack();
    const { table } = new DataStore(stack, 'Data', { deletionProtection: false });
    const identity = new AgentIdentity(stack, 'Identity', { deletionProtection: false, mfa: 'required' });
    const first = ROUTES[0];
    if (!first) throw new Error('routes.ts declares no routes');
    expect(
      () =>
        new PublicApi(stack, 'Api', {
          table,
          ingestQueue: new Queue(stack, 'Queue'),
          userPool: identity.userPool,
          userPoolClients: [identity.consoleClient],
          allowedOrigins: [],
          throttle: { rateLimit: 10, burstLimit: 10 },
          environment: {},
          logRemovalPolicy: RemovalPolicy.DESTROY,
          routing: { bindEngine: () => undefined },
          connect: { bindRequester: () => undefined },
          providerSecrets: {},
          routes: [first, first],
          ...logs,
        }),
    ).toThrow(`Probe/Api: route ${first.method} ${first.path} is declared twice`);
  });

  it('refuses a consumer whose timeout outlasts the visibility timeout the queue was sized for', () => {
    const stack = emptyStack();
    const work = new WorkQueue(stack, 'Work', {
      purpose: 'Probes',
      consumerTimeout: Duration.seconds(10),
      deadLetterAdvice: 'none',
    });
    const fn = new HouseFunction(stack, 'Fn', {
      entry: 'functions/handlers/health.ts',
      description: 'probe',
      timeout: Duration.seconds(30),
      ...logs,
    });
    expect(() => work.addConsumer(fn)).toThrow(/Probe\/Work: the consumer's timeout is longer/);
  });

  it('deploys the email pipeline without a receipt rule when no email domain is set', () => {
    const { stack } = buildTestApp({ 'aws:cdk:bundling-stacks': [] });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::SES::ReceiptRuleSet', 0);
    template.resourceCountIs('AWS::SES::ReceiptRule', 0);
    // The function, its queue and the bucket exist either way, so every function is deployed.
    template.hasResourceProperties('AWS::Lambda::Function', { MemorySize: 1024, Timeout: 60 });
    // The email bucket and its access logs, the console bucket and its access logs.
    template.resourceCountIs('AWS::S3::Bucket', 4);
    expect(JSON.stringify(template.findResources('AWS::S3::BucketPolicy'))).not.toContain(
      'ses.amazonaws.com',
    );
    expect(Object.keys(template.toJSON().Outputs)).not.toContain('EmailReceiptRuleSetName');
  });

  it('deploys the Connect functions without an instance, but lets nothing invoke or act for one', () => {
    const { stack } = buildTestApp({ 'aws:cdk:bundling-stacks': [] });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Connect::IntegrationAssociation', 0);
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['aws.connect'], 'detail-type': ['Amazon Connect Contact Event'] },
    });
    const json = JSON.stringify(template.toJSON());
    expect(json).not.toContain('connect.amazonaws.com');
    expect(json).not.toContain('"connect:');
    expect(json).not.toContain('ONETHREAD_CONNECT_INSTANCE_ARN');
  });

  it('refuses a Connect instance in another region than the stack', () => {
    expect(() =>
      buildTestApp({
        'aws:cdk:bundling-stacks': [],
        'onethread:connectInstanceArn':
          'arn:aws:connect:eu-west-2:123456789012:instance/0c4f5f1e-6f7a-4c1e-9d3b-2a8e5b6c7d8e',
      }),
    ).toThrow(/instance is in eu-west-2, but this stack deploys to us-east-1/);
  });

  it('hosts the console empty, with a warning, when it has not been built', () => {
    const { stack } = buildTestApp({ 'aws:cdk:bundling-stacks': [] });
    Template.fromStack(stack).resourceCountIs('Custom::CDKBucketDeployment', 0);
    const warnings = Annotations.fromStack(stack).findWarning(
      '*',
      Match.stringLikeRegexp('No built console'),
    );
    expect(warnings).toHaveLength(1);
  });

  it('uploads a built console under console/ with its configuration, and invalidates the CDN', () => {
    const dist = mkdtempSync(path.join(tmpdir(), 'onethread-console-'));
    writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>console</title>');
    try {
      const { stack } = buildTestApp({ 'aws:cdk:bundling-stacks': [], 'onethread:consoleDist': dist });
      const template = Template.fromStack(stack);
      template.hasResourceProperties('Custom::CDKBucketDeployment', {
        DestinationBucketKeyPrefix: 'console/',
        DistributionPaths: ['/console/*'],
      });
      expect(
        Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('No built console')),
      ).toEqual([]);
    } finally {
      rmSync(dist, { recursive: true, force: true });
    }
  });

  it('receives the whole email domain when no addresses are listed', () => {
    const { stack } = buildTestApp({
      'aws:cdk:bundling-stacks': [],
      'onethread:emailDomain': 'support.example.com',
    });
    Template.fromStack(stack).hasResourceProperties('AWS::SES::ReceiptRule', {
      Rule: { Recipients: ['support.example.com'] },
    });
  });

  it('uses a custom domain as the public URL when one is configured', () => {
    const { stack } = buildTestApp({
      'aws:cdk:bundling-stacks': [],
      'onethread:publicUrl': 'https://api.example.com',
    });
    Template.fromStack(stack).hasOutput('TwilioWebhookUrl', {
      Value: 'https://api.example.com/webhooks/twilio/sms',
    });
  });

  it('gives functions no provider credentials when no secrets are configured', () => {
    const { stack } = buildTestApp({ 'aws:cdk:bundling-stacks': [] });
    expect(JSON.stringify(Template.fromStack(stack).toJSON())).not.toContain('secretsmanager');
  });

  it('lets a throw-away deployment delete its data with the stack', () => {
    const { stack } = buildTestApp({
      'aws:cdk:bundling-stacks': [],
      'onethread:deletionProtection': false,
    });
    const template = Template.fromStack(stack);
    template.hasResource('AWS::DynamoDB::GlobalTable', { DeletionPolicy: 'Delete' });
    template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Delete' });
    template.hasResource('AWS::Cognito::UserPool', { DeletionPolicy: 'Delete' });
    for (const bucket of Object.values(template.findResources('AWS::S3::Bucket'))) {
      expect(bucket.DeletionPolicy).toBe('Delete');
    }
    const [table] = Object.values(template.findResources('AWS::DynamoDB::GlobalTable'));
    expect(table?.Properties.Replicas[0].DeletionProtectionEnabled).toBe(false);
  });
});
