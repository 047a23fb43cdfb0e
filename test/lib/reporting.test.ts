import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../functions/routes.ts';
import { buildTestApp, removeTestOutputs, resourcesOfType } from './synth.ts';

afterAll(removeTestOutputs);

type Json = Record<string, unknown>;
type Statement = { Action: string | string[]; Resource: unknown };

let template: Template;
let bucketId: string;
let exporterId: string;

const json = (value: unknown) => JSON.stringify(value);

beforeAll(() => {
  template = Template.fromStack(buildTestApp().stack);
  const buckets = resourcesOfType(template, 'AWS::S3::Bucket').filter(([, props]) =>
    String(json(props.LoggingConfiguration)).includes('reports-bucket/'),
  );
  expect(buckets).toHaveLength(1);
  bucketId = buckets[0]?.[0] ?? '';
  const exporters = resourcesOfType(template, 'AWS::Lambda::Function').filter(
    ([, props]) => props.Description === FUNCTIONS.intervalExport.description,
  );
  expect(exporters).toHaveLength(1);
  exporterId = exporters[0]?.[0] ?? '';
}, 240_000);

describe('the reports bucket', () => {
  it('is encrypted, private, TLS only and logs its access', () => {
    const bucket = template.toJSON().Resources[bucketId].Properties as Json;
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
      LoggingConfiguration: { LogFilePrefix: 'reports-bucket/' },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('is written by the export alone, under its prefixes, which reads the table and writes nothing there', () => {
    const roleId = (template.toJSON().Resources[exporterId].Properties.Role as { 'Fn::GetAtt': [string] })[
      'Fn::GetAtt'
    ][0];
    const statements = resourcesOfType(template, 'AWS::IAM::Policy')
      .filter(([, policy]) => json(policy.Roles).includes(`"${roleId}"`))
      .flatMap(([, policy]) => (policy.PolicyDocument as { Statement: Statement[] }).Statement);
    const actions = statements.flatMap((statement) => [statement.Action].flat());
    expect(actions.filter((action) => action.startsWith('s3:'))).toEqual(['s3:PutObject']);
    expect(actions.filter((action) => /dynamodb:(Put|Update|Delete|BatchWrite)/.test(action))).toEqual([]);
    const s3 = statements.find((statement) => [statement.Action].flat().includes('s3:PutObject'));
    for (const prefix of ['queue-intervals/*', 'agent-intervals/*', 'exports/*'])
      expect(json(s3?.Resource)).toContain(prefix);
  });
});

describe('the reports API', () => {
  it('reads the table, with no index and no write', () => {
    const [reportsId, reports] = resourcesOfType(template, 'AWS::Lambda::Function').find(
      ([, props]) => props.Description === FUNCTIONS.reportsApi.description,
    ) ?? ['', {}];
    const roleId = (reports.Role as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
    const statements = resourcesOfType(template, 'AWS::IAM::Policy')
      .filter(([, policy]) => json(policy.Roles).includes(`"${roleId}"`))
      .flatMap(([, policy]) => (policy.PolicyDocument as { Statement: Statement[] }).Statement);
    const dynamo = statements.filter((statement) => json(statement.Action).includes('dynamodb:'));
    expect(reportsId).not.toBe('');
    expect(
      dynamo.flatMap((statement) => [statement.Action].flat()).some((a) => /Put|Update|Delete|Write/.test(a)),
    ).toBe(false);
    expect(json(dynamo.map((statement) => statement.Resource))).not.toContain('/index/');
  });
});

describe('the interval export schedule', () => {
  it('runs the export two minutes past every quarter hour', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(2/15 * * * ? *)',
      Target: Match.objectLike({ Arn: { 'Fn::GetAtt': [exporterId, 'Arn'] } }),
    });
  });
});

describe('the Glue tables and the Athena workgroup', () => {
  it('describes both kinds of record as JSON partitioned by day, with partition projection', () => {
    const tables = resourcesOfType(template, 'AWS::Glue::Table');
    expect(tables.map(([, props]) => (props.TableInput as Json).Name).sort()).toEqual([
      'agent_intervals',
      'queue_intervals',
    ]);
    for (const [, props] of tables) {
      const input = props.TableInput as Json;
      expect(input).toMatchObject({
        TableType: 'EXTERNAL_TABLE',
        PartitionKeys: [{ Name: 'date', Type: 'string' }],
        Parameters: {
          'projection.enabled': 'true',
          'projection.date.type': 'date',
          'projection.date.format': 'yyyy-MM-dd',
        },
        StorageDescriptor: { SerdeInfo: { SerializationLibrary: 'org.openx.data.jsonserde.JsonSerDe' } },
      });
      // Athena fills the day in: a literal `${date}`, not a template placeholder.
      expect(json(input.Parameters)).toContain(['date=$', '{date}/'].join(''));
      expect(json((input.StorageDescriptor as Json).Location)).toContain(bucketId);
    }
    template.resourceCountIs('AWS::Glue::Crawler', 0);
  });

  it('keeps query results in the reports bucket, encrypted, whatever a query asks', () => {
    template.hasResourceProperties('AWS::Athena::WorkGroup', {
      WorkGroupConfiguration: {
        EnforceWorkGroupConfiguration: true,
        ResultConfiguration: {
          EncryptionConfiguration: { EncryptionOption: 'SSE_S3' },
          OutputLocation: Match.objectLike({ 'Fn::Join': Match.anyValue() }),
        },
      },
    });
  });
});
