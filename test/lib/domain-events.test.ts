import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../functions/routes.ts';
import { buildTestApp, removeTestOutputs, resourcesOfType } from './synth.ts';

afterAll(removeTestOutputs);

type Json = Record<string, unknown>;
type Statement = { Action: string | string[]; Resource: unknown };

const WEBHOOKS = [
  {
    name: 'crm',
    url: 'https://crm.example.com/hooks/onethread',
    eventTypes: ['customer.erased', 'customer.merged'],
  },
  { name: 'warehouse', url: 'https://data.example.com/ingest', secretName: 'ot/webhooks/warehouse' },
];

let template: Template;
let plain: Template;

const refersTo = (value: unknown, logicalId: string) =>
  String(JSON.stringify(value)).includes(`"${logicalId}"`);

function only(
  source: Template,
  type: string,
  predicate: (props: Json) => boolean = () => true,
): [string, Json] {
  const matches = resourcesOfType(source, type).filter(([, props]) => predicate(props));
  expect(matches, type).toHaveLength(1);
  return matches[0] as [string, Json];
}

beforeAll(() => {
  template = Template.fromStack(
    buildTestApp({ 'aws:cdk:bundling-stacks': [], 'onethread:webhooks': WEBHOOKS }).stack,
  );
  plain = Template.fromStack(buildTestApp({ 'aws:cdk:bundling-stacks': [] }).stack);
});

describe('domain events on AWS', () => {
  it('keeps every onethread event of its own bus in an archive for a year, for replays', () => {
    const [busId] = only(plain, 'AWS::Events::EventBus');
    const [, archive] = only(plain, 'AWS::Events::Archive');
    expect(refersTo(archive.SourceArn, busId)).toBe(true);
    expect(archive).toMatchObject({ EventPattern: { source: ['onethread'] }, RetentionDays: 365 });
  });

  it('lets liveUpdates alone put events, on that bus alone, and tells it the bus', () => {
    const [busId] = only(plain, 'AWS::Events::EventBus');
    const puts = resourcesOfType(plain, 'AWS::IAM::Policy').filter(([, policy]) =>
      (policy.PolicyDocument as { Statement: Statement[] }).Statement.some((statement) =>
        [statement.Action].flat().includes('events:PutEvents'),
      ),
    );
    expect(puts).toHaveLength(1);
    const [[, policy]] = puts as [[string, Json]];
    const [, updates] = only(
      plain,
      'AWS::Lambda::Function',
      (props) => props.Description === FUNCTIONS.liveUpdates.description,
    );
    const roleId = (updates.Role as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
    expect(refersTo(policy.Roles, roleId)).toBe(true);
    const statement = (policy.PolicyDocument as { Statement: Statement[] }).Statement.find((s) =>
      [s.Action].flat().includes('events:PutEvents'),
    );
    expect(statement?.Action).toBe('events:PutEvents');
    expect(refersTo(statement?.Resource, busId)).toBe(true);
    const variables = (updates.Environment as { Variables: Json }).Variables;
    expect(refersTo(variables.ONETHREAD_EVENT_BUS, busId)).toBe(true);
  });

  it('names the bus, its ARN and the archive in the outputs', () => {
    const outputs = plain.toJSON().Outputs as Record<string, { Value: unknown }>;
    const [busId] = only(plain, 'AWS::Events::EventBus');
    expect(refersTo(outputs.EventBusName?.Value, busId)).toBe(true);
    expect(refersTo(outputs.EventBusArn?.Value, busId)).toBe(true);
    expect(outputs.EventArchiveName).toBeDefined();
  });

  it('makes no webhook resources when none is configured', () => {
    for (const type of ['AWS::Events::Connection', 'AWS::Events::ApiDestination', 'AWS::Events::Rule']) {
      const onBus = resourcesOfType(plain, type).filter(([, props]) =>
        JSON.stringify(props).includes('OneThread webhook'),
      );
      expect(onBus, type).toEqual([]);
    }
  });

  it("posts each webhook's events through an API destination that carries its key", () => {
    const connections = resourcesOfType(template, 'AWS::Events::Connection');
    expect(connections).toHaveLength(2);
    for (const [, connection] of connections) {
      expect(connection).toMatchObject({
        AuthorizationType: 'API_KEY',
        AuthParameters: { ApiKeyAuthParameters: { ApiKeyName: 'x-onethread-webhook-key' } },
      });
    }
    const keys = connections.map(([, c]) => JSON.stringify(c.AuthParameters));
    // The named secret is read by name; the other webhook's key is made in the stack.
    expect(keys.some((key) => key.includes(':secret:ot/webhooks/warehouse:SecretString'))).toBe(true);
    const [generatedId] = only(template, 'AWS::SecretsManager::Secret', (props) =>
      String(props.Description).includes('crm webhook'),
    );
    expect(keys.some((key) => key.includes(generatedId))).toBe(true);
    const endpoints = resourcesOfType(template, 'AWS::Events::ApiDestination').map(([, d]) => d);
    expect(
      endpoints.map((d) => [d.InvocationEndpoint, d.HttpMethod, d.InvocationRateLimitPerSecond]),
    ).toEqual([
      ['https://crm.example.com/hooks/onethread', 'POST', 20],
      ['https://data.example.com/ingest', 'POST', 20],
    ]);
  });

  it('matches the configured event types, retries for a day, then parks events in an encrypted DLQ', () => {
    const [busId] = only(template, 'AWS::Events::EventBus');
    const rules = resourcesOfType(template, 'AWS::Events::Rule').filter(([, rule]) =>
      refersTo(rule.EventBusName, busId),
    );
    expect(rules.map(([, rule]) => rule.EventPattern)).toEqual([
      { source: ['onethread'], 'detail-type': ['customer.erased', 'customer.merged'] },
      { source: ['onethread'] },
    ]);
    const failures = resourcesOfType(template, 'AWS::SQS::Queue').filter(([id]) =>
      id.includes('WebhookFailures'),
    );
    expect(failures).toHaveLength(1);
    const [[dlqId, dlq]] = failures as [[string, Json]];
    expect(dlq).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600 });
    const alarms = resourcesOfType(template, 'AWS::CloudWatch::Alarm').filter(([, alarm]) =>
      refersTo(alarm.Dimensions, dlqId),
    );
    expect(alarms).toHaveLength(1);
    for (const [, rule] of rules) {
      const [target] = rule.Targets as Json[];
      expect(target).toMatchObject({
        RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86_400 },
      });
      expect(JSON.stringify(target?.DeadLetterConfig)).toMatch(/WebhookFailures/);
    }
  });
});
