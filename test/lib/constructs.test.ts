import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
    const { table, auditTable } = new DataStore(stack, 'Data', { deletionProtection: false });
    const identity = new AgentIdentity(stack, 'Identity', {
      deletionProtection: false,
      mfa: 'required',
      domainPrefix: 'probe',
      consoleUrls: ['https://agents.example.com/console/'],
    });
    const first = ROUTES[0];
    if (!first) throw new Error('routes.ts declares no routes');
    expect(
      () =>
        new PublicApi(stack, 'Api', {
          table,
          auditTable,
          ingestQueue: new Queue(stack, 'Queue'),
          userPool: identity.userPool,
          userPoolClients: [identity.consoleClient],
          allowedOrigins: [],
          throttle: { rateLimit: 10, burstLimit: 10 },
          environment: {},
          logRemovalPolicy: RemovalPolicy.DESTROY,
          routing: { bindEngine: () => undefined, bindAnnouncer: () => undefined },
          connect: { bindRequester: () => undefined, bindWebCaller: () => undefined },
          providerSecrets: {},
          routes: [first, first],
          ...logs,
        }),
    ).toThrow(`Probe/Api: route ${first.method} ${first.path} is declared twice`);
  });

  it('refuses a console client the Hosted UI could send nowhere after sign-in', () => {
    expect(
      () =>
        new AgentIdentity(emptyStack(), 'Identity', {
          deletionProtection: false,
          mfa: 'required',
          domainPrefix: 'probe',
          consoleUrls: [],
        }),
    ).toThrow('Probe/Identity: the console client needs at least one console URL');
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
    // The email, console, knowledge and reports buckets, each with its access logs.
    template.resourceCountIs('AWS::S3::Bucket', 8);
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

  it('writes where to sign in and which API to call into config.json, with no dependency cycle', () => {
    const dist = mkdtempSync(path.join(tmpdir(), 'onethread-console-'));
    writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>console</title>');
    try {
      const { app, stack, outdir } = buildTestApp({
        'aws:cdk:bundling-stacks': [],
        'onethread:consoleDist': dist,
      });
      app.synth();
      const resources = Template.fromStack(stack).toJSON().Resources as Record<string, CfnResourceJson>;
      // The client returns to the CDN's URL, the upload names the client: a cycle fails the deployment.
      expect(dependencyCycle(resources)).toBeUndefined();

      const [upload] = Object.values(resources).filter((r) => r.Type === 'Custom::CDKBucketDeployment');
      const props = upload?.Properties as {
        SourceObjectKeys: string[];
        SourceMarkers: Record<string, unknown>[];
      };
      const index = props.SourceObjectKeys.findIndex((key) =>
        existsSync(path.join(outdir, `asset.${key.replace(/\.zip$/, '')}`, 'config.json')),
      );
      const file = path.join(
        outdir,
        `asset.${props.SourceObjectKeys[index]?.replace(/\.zip$/, '')}`,
        'config.json',
      );
      // Deploy-time values are markers in the file; the upload swaps in what they name.
      const markers = props.SourceMarkers[index] ?? {};
      const written = JSON.parse(
        readFileSync(file, 'utf8').replace(
          /<<marker:0xbaba:\d+>>/g,
          (marker) => `{${referenceName(markers[marker])}}`,
        ),
      );
      const logicalId = (type: string) =>
        Object.entries(resources).find(([, r]) => r.Type === type)?.[0] as string;
      expect(written).toMatchObject({
        apiUrl: `{${logicalId('AWS::ApiGatewayV2::Api')}.ApiEndpoint}`,
        region: 'us-east-1',
        userPoolId: `{${logicalId('AWS::Cognito::UserPool')}}`,
        userPoolClientId: `{${logicalId('AWS::Cognito::UserPoolClient')}}`,
        authDomainUrl: `https://{${logicalId('AWS::Cognito::UserPoolDomain')}}.auth.us-east-1.amazoncognito.com`,
      });
    } finally {
      rmSync(dist, { recursive: true, force: true });
    }
  });

  it('lets the console sign in at extra URLs, such as a custom domain, and call the API from there', () => {
    const { stack } = buildTestApp({
      'aws:cdk:bundling-stacks': [],
      'onethread:authDomainPrefix': 'northwind-agents',
      'onethread:consoleUrls': 'https://agents.example.com/console/',
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'northwind-agents' });
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      CallbackURLs: [Match.anyValue(), 'https://agents.example.com/console/'],
      LogoutURLs: [Match.anyValue(), 'https://agents.example.com/console/'],
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: Match.objectLike({ AllowOrigins: [Match.anyValue(), 'https://agents.example.com'] }),
    });
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

  it('tags every taggable resource with the project and the stage, for cost allocation', () => {
    const { stack } = buildTestApp({ 'aws:cdk:bundling-stacks': [] });
    const template = Template.fromStack(stack);
    const tagsOf = (resource: { Properties?: { Tags?: unknown } }) => {
      const tags = resource.Properties?.Tags;
      // Most resources list tags; a few (SSM, the HTTP API) keep a map.
      return Array.isArray(tags)
        ? Object.fromEntries(tags.map((tag: { Key: string; Value: string }) => [tag.Key, tag.Value]))
        : ((tags as Record<string, string> | undefined) ?? {});
    };
    for (const type of [
      'AWS::Lambda::Function',
      'AWS::SQS::Queue',
      'AWS::S3::Bucket',
      'AWS::KMS::Key',
      'AWS::SecretsManager::Secret',
      'AWS::Logs::LogGroup',
    ]) {
      const resources = Object.entries(template.findResources(type));
      expect(resources.length, type).toBeGreaterThan(0);
      for (const [id, resource] of resources) {
        expect(tagsOf(resource), `${type} ${id}`).toMatchObject({
          'onethread:project': 'onethread',
          'onethread:stage': expect.any(String),
        });
      }
    }
  });

  it('gives functions no provider credentials when no secrets are configured', () => {
    const { stack } = buildTestApp({ 'aws:cdk:bundling-stacks': [] });
    const template = Template.fromStack(stack);
    // The one secret is the survey link key the stack generates itself.
    expect(Object.keys(template.findResources('AWS::SecretsManager::Secret'))).toEqual([
      expect.stringMatching(/^SurveyLinks/),
    ]);
    const text = JSON.stringify(template.toJSON());
    expect(text).not.toContain('resolve:secretsmanager');
    expect(text).not.toMatch(/ONETHREAD_(META|X|TWILIO)_SECRET_ID/);
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

interface CfnResourceJson {
  Type: string;
  Properties?: unknown;
  DependsOn?: string | string[];
}

/** `{ Ref: X }` as `X`, `{ 'Fn::GetAtt': [X, A] }` as `X.A`. */
function referenceName(value: unknown): string {
  const ref = value as { Ref?: string; 'Fn::GetAtt'?: string[] };
  return ref.Ref ?? ref['Fn::GetAtt']?.join('.') ?? JSON.stringify(value);
}

/** The logical ids a resource refers to: Ref, GetAtt, Sub placeholders and DependsOn. */
function referencesOf(resource: CfnResourceJson): Set<string> {
  const found = new Set<string>([resource.DependsOn ?? []].flat());
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (!value || typeof value !== 'object') return;
    const node = value as Record<string, unknown>;
    if (typeof node.Ref === 'string') found.add(node.Ref);
    const getAtt = node['Fn::GetAtt'];
    if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') found.add(getAtt[0]);
    const sub = node['Fn::Sub'];
    const template = Array.isArray(sub) ? sub[0] : sub;
    if (typeof template === 'string') {
      for (const [, id] of template.matchAll(/\$\{([A-Za-z0-9]+)[.}]/g)) found.add(id as string);
    }
    for (const child of Object.values(node)) visit(child);
  };
  visit(resource.Properties);
  return found;
}

/** A chain of resources that depend on each other in a circle, as CloudFormation would refuse. */
function dependencyCycle(resources: Record<string, CfnResourceJson>): string[] | undefined {
  const state = new Map<string, 'visiting' | 'done'>();
  const walk = (id: string, trail: string[]): string[] | undefined => {
    if (state.get(id) === 'done') return undefined;
    if (state.get(id) === 'visiting') return [...trail.slice(trail.indexOf(id)), id];
    state.set(id, 'visiting');
    for (const next of referencesOf(resources[id] as CfnResourceJson)) {
      if (!(next in resources)) continue;
      const cycle = walk(next, [...trail, id]);
      if (cycle) return cycle;
    }
    state.set(id, 'done');
    return undefined;
  };
  for (const id of Object.keys(resources)) {
    const cycle = walk(id, []);
    if (cycle) return cycle;
  }
  return undefined;
}
