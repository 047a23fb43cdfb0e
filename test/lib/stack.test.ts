import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS, ROUTES, routeKey } from '../../functions/routes.ts';
import { TABLE_KEYS } from '../../functions/store/table.ts';
import { buildTestApp, removeTestOutputs, resourcesOfType } from './synth.ts';

afterAll(removeTestOutputs);

type Statement = { Action: string | string[]; Resource: unknown; Effect: string };
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

beforeAll(() => {
  const { stack } = buildTestApp({ 'onethread:allowedOrigins': 'https://www.example.com' });
  template = Template.fromStack(stack);
  lambdas = resourcesOfType(template, 'AWS::Lambda::Function');
});

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
    const { timeline, queue } = TABLE_KEYS.indexes;
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: [
        { AttributeName: TABLE_KEYS.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE_KEYS.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [timeline, queue].map((index) =>
        Match.objectLike({
          IndexName: index.name,
          KeySchema: [
            { AttributeName: index.partitionKey, KeyType: 'HASH' },
            { AttributeName: index.sortKey, KeyType: 'RANGE' },
          ],
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

describe('the ingest queue', () => {
  it('parks a message in the dead-letter queue after five failed receives', () => {
    const dlqId = logicalIdOf('AWS::SQS::Queue', (props) => props.RedrivePolicy === undefined);
    template.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] }, maxReceiveCount: 5 },
    });
    template.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: Match.absent(),
      MessageRetentionPeriod: 14 * 24 * 3600,
    });
  });

  it('encrypts both queues and refuses requests without TLS', () => {
    for (const [, queue] of resourcesOfType(template, 'AWS::SQS::Queue')) {
      expect(queue.SqsManagedSseEnabled ?? queue.KmsMasterKeyId).toBeTruthy();
    }
    const policies = resourcesOfType(template, 'AWS::SQS::QueuePolicy');
    expect(policies).toHaveLength(2);
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

  it('feeds the ingest function in batches of 10 that report failures record by record', () => {
    const [ingestId] = functionNamed('ingest');
    const queueId = logicalIdOf('AWS::SQS::Queue', (props) => props.RedrivePolicy !== undefined);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: ingestId },
      EventSourceArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
      BatchSize: 10,
      MaximumBatchingWindowInSeconds: Match.anyValue(),
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('hides a message for at least six times the function timeout while it is processed', () => {
    const [, ingest] = functionNamed('ingest');
    const [, queue] = only(
      resourcesOfType(template, 'AWS::SQS::Queue').filter(([, props]) => props.RedrivePolicy),
      'ingest queue',
    );
    expect(queue.VisibilityTimeout as number).toBeGreaterThanOrEqual(6 * (ingest.Timeout as number));
  });

  it('alarms on any dead-lettered message and on messages waiting too long', () => {
    const dlqId = logicalIdOf('AWS::SQS::Queue', (props) => props.RedrivePolicy === undefined);
    const queueId = logicalIdOf('AWS::SQS::Queue', (props) => props.RedrivePolicy !== undefined);
    const topicId = logicalIdOf('AWS::SNS::Topic');
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
  });
});

describe('functions', () => {
  it('deploys every function of functions/routes.ts, so nothing exists only locally', () => {
    for (const name of Object.keys(FUNCTIONS) as (keyof typeof FUNCTIONS)[]) functionNamed(name);
    expect(lambdas).toHaveLength(Object.keys(FUNCTIONS).length);
  });

  it('runs each on Node 22, ARM64, traced, with source maps and its own log group', () => {
    for (const [, fn] of lambdas) {
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
            TABLE_NAME: { Ref: logicalIdOf('AWS::DynamoDB::GlobalTable') },
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
    const queueId = logicalIdOf('AWS::SQS::Queue', (props) => props.RedrivePolicy !== undefined);
    for (const name of ['chatApi', 'health'] as const) {
      const [, fn] = functionNamed(name);
      expect((fn.Environment as { Variables: Json }).Variables.INGEST_QUEUE_URL).toEqual({ Ref: queueId });
    }
  });
});

describe('the HTTP API', () => {
  const routes = () => resourcesOfType(template, 'AWS::ApiGatewayV2::Route');
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
    const authorizerId = logicalIdOf('AWS::ApiGatewayV2::Authorizer');
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

  it('answers CORS preflight for the configured origins only', () => {
    const [, api] = only(resourcesOfType(template, 'AWS::ApiGatewayV2::Api'), 'the HTTP API');
    const cors = api.CorsConfiguration as Record<string, string[]>;
    expect(cors.AllowOrigins).toEqual(['https://www.example.com']);
    expect(cors.AllowMethods?.slice().sort()).toEqual(['GET', 'OPTIONS', 'POST']);
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
  const tableId = () => logicalIdOf('AWS::DynamoDB::GlobalTable');
  const queueIds = () => resourcesOfType(template, 'AWS::SQS::Queue').map(([id]) => id);

  it('grants no wildcard action on the table or the queues', () => {
    const touching = allStatements().filter((statement) =>
      [tableId(), ...queueIds()].some((id) => refersTo(statement.Resource, id)),
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

  it('lets the agent API read the table and nothing else', () => {
    const actions = statementsOf(functionNamed('agentApi')[0])
      .filter((s) => refersTo(s.Resource, tableId()))
      .flatMap(actionsOf);
    expect(actions.sort()).toEqual(['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query']);
    expect(JSON.stringify(statementsOf(functionNamed('agentApi')[0]))).not.toContain('sqs:');
  });

  it('lets the chat API write the table and send to the ingest queue, not receive from it', () => {
    const statements = statementsOf(functionNamed('chatApi')[0]);
    const queueActions = statements.filter((s) => queueIds().some((id) => refersTo(s.Resource, id)));
    expect(queueActions.flatMap(actionsOf)).toEqual(['sqs:SendMessage']);
    expect(statements.flatMap(actionsOf)).toContain('dynamodb:PutItem');
  });

  it('lets the health check describe the table and the queue, and read no data', () => {
    const actions = statementsOf(functionNamed('health')[0])
      .filter((s) => !actionsOf(s).some((action) => /^(logs|xray):/.test(action)))
      .flatMap(actionsOf);
    expect(actions.sort()).toEqual(['dynamodb:DescribeTable', 'sqs:GetQueueAttributes']);
  });

  it('attaches no AWS managed policies to function roles', () => {
    for (const [, role] of resourcesOfType(template, 'AWS::IAM::Role')) {
      expect(role.ManagedPolicyArns).toBeUndefined();
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

  it('has agents and supervisors groups and a console client without a secret', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: 'agents' });
    template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: 'supervisors' });
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      ExplicitAuthFlows: Match.arrayWith(['ALLOW_USER_SRP_AUTH']),
    });
  });
});
