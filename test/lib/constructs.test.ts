import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { afterAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../functions/routes.ts';
import { AgentIdentity } from '../../lib/agent-identity.ts';
import { PublicApi } from '../../lib/api.ts';
import { DataStore } from '../../lib/data.ts';
import { bindQueue, HouseFunction } from '../../lib/house-function.ts';
import { IngestPipeline } from '../../lib/ingest.ts';
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
          routes: [first, first],
          ...logs,
        }),
    ).toThrow(`Probe/Api: route ${first.method} ${first.path} is declared twice`);
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
    const [table] = Object.values(template.findResources('AWS::DynamoDB::GlobalTable'));
    expect(table?.Properties.Replicas[0].DeletionProtectionEnabled).toBe(false);
  });
});
