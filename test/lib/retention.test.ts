import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../functions/routes.ts';
import { TABLE_KEYS } from '../../functions/store/table.ts';
import { buildTestApp, removeTestOutputs, resourcesOfType } from './synth.ts';

afterAll(removeTestOutputs);

type Json = Record<string, unknown>;
type Statement = { Action: string | string[]; Resource: unknown; Condition?: Json };

const refersTo = (value: unknown, logicalId: string) => JSON.stringify(value).includes(`"${logicalId}"`);

function only(template: Template, type: string, predicate: (props: Json) => boolean): [string, Json] {
  const matches = resourcesOfType(template, type).filter(([, props]) => predicate(props));
  expect(matches, type).toHaveLength(1);
  return matches[0] as [string, Json];
}

const emailBucket = (template: Template) =>
  only(
    template,
    'AWS::S3::Bucket',
    (props) => (props.LoggingConfiguration as Json | undefined)?.LogFilePrefix === 'email-bucket/',
  )[1];
const rulesOf = (bucket: Json) => (bucket.LifecycleConfiguration as { Rules: Json[] }).Rules;

const POLICY = { messages: 730, channels: { chat: 365 }, emailRaw: 90, attachments: 365 };

describe('retention on AWS', () => {
  let template: Template;
  let unset: Template;
  beforeAll(() => {
    const skipBundling = { 'aws:cdk:bundling-stacks': [] };
    template = Template.fromStack(
      buildTestApp({ ...skipBundling, 'onethread:retention': JSON.stringify(POLICY) }).stack,
    );
    unset = Template.fromStack(buildTestApp(skipBundling).stack);
  });

  it('lets DynamoDB delete expired items by their expiresAt', () => {
    // The customer data table, the one with the change stream (the audit table keeps everything).
    const [, table] = only(template, 'AWS::DynamoDB::GlobalTable', (props) => 'StreamSpecification' in props);
    expect(table.TimeToLiveSpecification).toEqual({ AttributeName: TABLE_KEYS.timeToLive, Enabled: true });
  });

  it('expires original messages and attachments in the email bucket after their days', () => {
    expect(rulesOf(emailBucket(template))).toEqual(
      expect.arrayContaining([
        { Id: 'retention-emailRaw-inbound', Prefix: 'inbound/', ExpirationInDays: 90, Status: 'Enabled' },
        { Id: 'retention-emailRaw-raw', Prefix: 'raw/', ExpirationInDays: 90, Status: 'Enabled' },
        {
          Id: 'retention-attachments-attachments',
          Prefix: 'attachments/',
          ExpirationInDays: 365,
          Status: 'Enabled',
        },
        expect.objectContaining({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } }),
      ]),
    );
  });

  it('keeps stored mail without a policy, still aborting incomplete uploads', () => {
    const rules = rulesOf(emailBucket(unset));
    // Only export archives expire (docs/compliance.md#export-jobs): they are copies, kept a week.
    expect(rules.filter((rule) => 'ExpirationInDays' in rule)).toEqual([
      { Id: 'expire-export-archives', Prefix: 'exports/', ExpirationInDays: 7, Status: 'Enabled' },
    ]);
    expect(rules).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } }),
      ]),
    );
  });

  it('hands every function the policy as ONETHREAD_RETENTION', () => {
    const [, ingest] = only(
      template,
      'AWS::Lambda::Function',
      (props) => props.Description === FUNCTIONS.ingest.description,
    );
    const variables = (ingest.Environment as { Variables: Json }).Variables;
    expect(JSON.parse(String(variables.ONETHREAD_RETENTION))).toEqual(POLICY);
  });

  it('hands liveUpdates the TTL deletions of timeline entries, and lets it write markers there only', () => {
    const [functionId, fn] = only(
      template,
      'AWS::Lambda::Function',
      (props) => props.Description === FUNCTIONS.liveUpdates.description,
    );
    const [, mapping] = only(template, 'AWS::Lambda::EventSourceMapping', (props) =>
      refersTo(props.FunctionName, functionId),
    );
    const patterns = (mapping.FilterCriteria as { Filters: { Pattern: string }[] }).Filters.map((filter) =>
      JSON.parse(filter.Pattern),
    );
    expect(patterns).toContainEqual({
      eventName: ['REMOVE'],
      userIdentity: { type: ['Service'], principalId: ['dynamodb.amazonaws.com'] },
      dynamodb: { Keys: { pk: { S: [{ prefix: 'INTERACTION#' }] } } },
    });
    const roleId = (fn.Role as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
    const statements = resourcesOfType(template, 'AWS::IAM::Policy')
      .filter(([, policy]) => refersTo(policy.Roles, roleId))
      .flatMap(([, policy]) => (policy.PolicyDocument as { Statement: Statement[] }).Statement);
    const puts = statements.filter((statement) => [statement.Action].flat().includes('dynamodb:PutItem'));
    expect(puts).toEqual([
      expect.objectContaining({
        Action: 'dynamodb:PutItem',
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['INTERACTION#*'] } },
      }),
    ]);
  });
});
