import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { FUNCTIONS, ROUTES } from '../../../functions/routes.ts';
import { AUDIT_TABLE_KEYS, TABLE_KEYS } from '../../../functions/store/table.ts';
import { resourcesOfType } from '../synth.ts';
import {
  actionsOf,
  auditTableId,
  envOf,
  functionNamed,
  grantsOf,
  logicalIdOf,
  refersTo,
  resource,
  type Statement,
  statementsOf,
  template,
} from './synthesized.ts';

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
