import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../functions/routes.ts';
import { buildTestApp, removeTestOutputs, resourcesOfType } from './synth.ts';

afterAll(removeTestOutputs);

type Json = Record<string, unknown>;
type Statement = { Action: string | string[]; Resource: unknown };

describe('customer export jobs on AWS', () => {
  let template: Template;
  beforeAll(() => {
    template = Template.fromStack(buildTestApp({ 'aws:cdk:bundling-stacks': [] }).stack);
  });

  const functionOf = (description: string) => {
    const found = resourcesOfType(template, 'AWS::Lambda::Function').filter(
      ([, props]) => props.Description === description,
    );
    expect(found, description).toHaveLength(1);
    return found[0] as [string, Json];
  };
  it('builds an archive for up to 15 minutes, retried twice when it fails', () => {
    const [id, builder] = functionOf(FUNCTIONS.customerExports.description);
    expect(builder.Timeout).toBe(900);
    const [, config] = resourcesOfType(template, 'AWS::Lambda::EventInvokeConfig').find(([, props]) =>
      JSON.stringify(props.FunctionName).includes(id),
    ) as [string, Json];
    expect(config).toMatchObject({ MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 });
  });

  it('lets the agent API start it and sign download links, and the builder write archives under exports/ only', () => {
    const [builderId] = functionOf(FUNCTIONS.customerExports.description);
    const [, agentApi] = functionOf(FUNCTIONS.agentApi.description);
    expect(JSON.stringify((agentApi.Environment as Json).Variables)).toContain('ONETHREAD_EXPORT_FUNCTION');
    const policies = JSON.stringify(resourcesOfType(template, 'AWS::IAM::Policy').map(([, props]) => props));
    expect(policies).toContain('lambda:InvokeFunction');
    expect(policies).toContain(builderId);
    const writes = resourcesOfType(template, 'AWS::IAM::Policy')
      .flatMap(([, props]) => (props.PolicyDocument as { Statement: Statement[] }).Statement)
      .filter((statement) => [statement.Action].flat().includes('s3:PutObject'));
    expect(JSON.stringify(writes)).toContain('/exports/*');
  });

  it('expires export archives after a week', () => {
    const rules = resourcesOfType(template, 'AWS::S3::Bucket').flatMap(
      ([, props]) =>
        ((props.LifecycleConfiguration as { Rules?: Json[] } | undefined)?.Rules ?? []) as Json[],
    );
    expect(rules).toContainEqual({
      Id: 'expire-export-archives',
      Prefix: 'exports/',
      ExpirationInDays: 7,
      Status: 'Enabled',
    });
  });
});
