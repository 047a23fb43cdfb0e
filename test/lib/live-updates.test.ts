import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../functions/routes.ts';
import { buildTestApp, removeTestOutputs, resourcesOfType } from './synth.ts';

afterAll(removeTestOutputs);

type Json = Record<string, unknown>;
type Statement = { Action: string | string[]; Resource: unknown; Condition?: Json };

let template: Template;

const refersTo = (value: unknown, logicalId: string) => JSON.stringify(value).includes(`"${logicalId}"`);
const actionsOf = (statement: Statement) => [statement.Action].flat();

function only(type: string, predicate: (props: Json) => boolean = () => true): [string, Json] {
  const matches = resourcesOfType(template, type).filter(([, props]) => predicate(props));
  expect(matches, type).toHaveLength(1);
  return matches[0] as [string, Json];
}

const functionOf = (name: 'liveSocket' | 'liveAuthorizer' | 'liveUpdates') =>
  only('AWS::Lambda::Function', (props) => props.Description === FUNCTIONS[name].description);

function statementsOf(name: 'liveSocket' | 'liveAuthorizer' | 'liveUpdates'): Statement[] {
  const [, fn] = functionOf(name);
  const roleId = (fn.Role as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
  return resourcesOfType(template, 'AWS::IAM::Policy')
    .filter(([, policy]) => refersTo(policy.Roles, roleId))
    .flatMap(([, policy]) => (policy.PolicyDocument as { Statement: Statement[] }).Statement);
}

beforeAll(() => {
  const { stack } = buildTestApp({ 'aws:cdk:bundling-stacks': [] });
  template = Template.fromStack(stack);
});

describe('live updates on AWS', () => {
  it('serves a WebSocket API whose $connect checks the token query parameter with liveAuthorizer', () => {
    const [apiId, api] = only('AWS::ApiGatewayV2::Api', (props) => props.ProtocolType === 'WEBSOCKET');
    expect(api.RouteSelectionExpression).toBe('$request.body.action');
    const [authorizerId, authorizer] = only('AWS::ApiGatewayV2::Authorizer', (props) =>
      refersTo(props.ApiId, apiId),
    );
    expect(authorizer).toMatchObject({
      AuthorizerType: 'REQUEST',
      IdentitySource: ['route.request.querystring.token'],
    });
    expect(refersTo(authorizer.AuthorizerUri, functionOf('liveAuthorizer')[0])).toBe(true);

    const routes = resourcesOfType(template, 'AWS::ApiGatewayV2::Route').filter(([, props]) =>
      refersTo(props.ApiId, apiId),
    );
    expect(routes.map(([, props]) => props.RouteKey).sort()).toEqual(
      ['$connect', '$default', '$disconnect', 'subscribe'].sort(),
    );
    for (const [, route] of routes) {
      const isConnect = route.RouteKey === '$connect';
      expect(route.AuthorizationType, String(route.RouteKey)).toBe(isConnect ? 'CUSTOM' : 'NONE');
      if (isConnect) expect(refersTo(route.AuthorizerId, authorizerId)).toBe(true);
    }
    // Every route runs liveSocket.
    const integrations = resourcesOfType(template, 'AWS::ApiGatewayV2::Integration').filter(([, props]) =>
      refersTo(props.ApiId, apiId),
    );
    expect(integrations.length).toBeGreaterThan(0);
    for (const [, integration] of integrations) {
      expect(refersTo(integration.IntegrationUri, functionOf('liveSocket')[0])).toBe(true);
    }
  });

  it('checks tokens against the agents’ user pool and the console client, and chat sessions’ digests', () => {
    const [, fn] = functionOf('liveAuthorizer');
    const variables = (fn.Environment as { Variables: Json }).Variables;
    expect(JSON.stringify(variables.ONETHREAD_USER_POOL_ID)).toMatch(/AgentIdentityUserPool/);
    expect(JSON.stringify(variables.ONETHREAD_USER_POOL_CLIENT_ID)).toMatch(/ConsoleClient/);
    expect(JSON.stringify(variables.TABLE_NAME)).toMatch(/Table/);
    const statements = statementsOf('liveAuthorizer').filter(
      (statement) => !actionsOf(statement).every((a) => a.startsWith('logs:') || a.startsWith('kms:')),
    );
    expect(statements.flatMap(actionsOf).sort()).toEqual([
      'dynamodb:GetItem',
      'xray:PutTelemetryRecords',
      'xray:PutTraceSegments',
    ]);
    // The chat sessions' items alone: it reads nothing else of the table, and writes nothing.
    const read = statements.find((statement) => actionsOf(statement).includes('dynamodb:GetItem'));
    expect(read?.Condition).toEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['CHATSESSION#*'] },
    });
  });

  it('names the socket in each new chat session’s answer', () => {
    const [, fn] = only(
      'AWS::Lambda::Function',
      (props) => props.Description === FUNCTIONS.chatApi.description,
    );
    const liveUrl = JSON.stringify((fn.Environment as { Variables: Json }).Variables.ONETHREAD_LIVE_URL);
    expect(liveUrl).toMatch(/wss:\/\//);
    expect(liveUrl).toMatch(/\/live/);
  });

  it("lets browsers open a connection only from the console's origins: CloudFront's and the configured ones", () => {
    const originsIn = (stackTemplate: Template) => {
      const [, fn] = resourcesOfType(stackTemplate, 'AWS::Lambda::Function').find(
        ([, props]) => props.Description === FUNCTIONS.liveAuthorizer.description,
      ) as [string, Json];
      return (fn.Environment as { Variables: Json }).Variables.ONETHREAD_CONSOLE_ORIGINS;
    };
    const [distributionId] = only('AWS::CloudFront::Distribution');
    expect(originsIn(template)).toEqual({
      'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }]],
    });
    const { stack } = buildTestApp({
      'aws:cdk:bundling-stacks': [],
      'onethread:consoleUrls': ['https://agents.example.com/console/'],
      'onethread:allowedOrigins': ['https://www.example.com'],
    });
    // The sites allowed to call the API embed the chat widget: they get no socket.
    expect(originsIn(Template.fromStack(stack))).toEqual({
      'Fn::Join': [
        '',
        ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }, ',https://agents.example.com'],
      ],
    });
  });

  it('throttles the stage and logs its access as JSON', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: 'live',
      AutoDeploy: true,
      DefaultRouteSettings: Match.objectLike({ ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 }),
      AccessLogSettings: Match.objectLike({
        DestinationArn: Match.anyValue(),
        Format: Match.stringLikeRegexp('connectionId'),
      }),
    });
  });

  it("sets the account's API Gateway logging role before the stage logs, and keeps both", () => {
    const [accountId, account] = only('AWS::ApiGateway::Account');
    const [roleId, role] = only('AWS::IAM::Role', (props) =>
      JSON.stringify(props.AssumeRolePolicyDocument).includes('apigateway.amazonaws.com'),
    );
    expect(account.CloudWatchRoleArn).toEqual({ 'Fn::GetAtt': [roleId, 'Arn'] });
    expect(JSON.stringify(role.ManagedPolicyArns)).toContain(
      'service-role/AmazonAPIGatewayPushToCloudWatchLogs',
    );
    const resources = template.toJSON().Resources as Record<string, Json>;
    for (const id of [accountId, roleId]) expect(resources[id]?.DeletionPolicy, id).toBe('Retain');
    const [stageId] = only('AWS::ApiGatewayV2::Stage', (props) => props.StageName === 'live');
    expect([resources[stageId]?.DependsOn].flat()).toContain(accountId);
  });

  it("leaves the account's API Gateway settings alone when told to", () => {
    const { stack } = buildTestApp({ 'aws:cdk:bundling-stacks': [], 'onethread:apiGatewayLogsRole': false });
    expect(resourcesOfType(Template.fromStack(stack), 'AWS::ApiGateway::Account')).toEqual([]);
  });

  it('streams both images of every table change', () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
    });
  });

  it('invokes liveUpdates only for the partitions that become topics or events, halving failing batches', () => {
    const [functionId] = functionOf('liveUpdates');
    const [, mapping] = only('AWS::Lambda::EventSourceMapping', (props) =>
      refersTo(props.FunctionName, functionId),
    );
    expect(JSON.stringify(mapping.EventSourceArn)).toMatch(/StreamArn/);
    // Tried until its records are six hours old: domain events go out at least once.
    expect(mapping).toMatchObject({ BisectBatchOnFunctionError: true, MaximumRecordAgeInSeconds: 6 * 3600 });
    expect(mapping.MaximumRetryAttempts).toBeUndefined();
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'IteratorAge',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionId } }],
      Threshold: 5 * 60_000,
    });
    expect(JSON.stringify(mapping.DestinationConfig)).toMatch(/StreamFailures/);
    const filters = (mapping.FilterCriteria as { Filters: { Pattern: string }[] }).Filters;
    expect(filters.map((filter) => JSON.parse(filter.Pattern))).toEqual([
      {
        dynamodb: {
          Keys: {
            pk: {
              S: [
                ...['WORKITEM#', 'INTERACTION#', 'CUSTOMER#', 'AGENT#', 'AGENTS#', 'QUEUESTATS#', 'TYPING#'],
                // What domain events are told from besides (docs/events.md).
                ...['CONVERSATION#', 'ERASURE#', 'SURVEY#'],
              ].map((prefix) => ({ prefix })),
            },
          },
        },
      },
      // Of a routing partition, only its queue board: its log and snapshots would wake it for nothing.
      { dynamodb: { Keys: { pk: { S: [{ prefix: 'ROUTING#' }] }, sk: { S: ['QUEUES'] } } } },
      // Timeline entries DynamoDB's TTL deleted: they leave a removed-entry marker.
      {
        eventName: ['REMOVE'],
        userIdentity: { type: ['Service'], principalId: ['dynamodb.amazonaws.com'] },
        dynamodb: { Keys: { pk: { S: [{ prefix: 'INTERACTION#' }] } } },
      },
    ]);
  });

  it("lets only liveUpdates post to connections, and only to this API's live stage", () => {
    const [apiId] = only('AWS::ApiGatewayV2::Api', (props) => props.ProtocolType === 'WEBSOCKET');
    const manage = resourcesOfType(template, 'AWS::IAM::Policy').flatMap(([, policy]) =>
      (policy.PolicyDocument as { Statement: Statement[] }).Statement.filter((statement) =>
        actionsOf(statement).some((action) => action.startsWith('execute-api:')),
      ),
    );
    expect(manage).toHaveLength(1);
    const [statement] = manage as [Statement];
    expect(statementsOf('liveUpdates')).toContainEqual(statement);
    expect(actionsOf(statement)).toEqual(['execute-api:ManageConnections']);
    const resource = JSON.stringify(statement.Resource);
    expect(refersTo(statement.Resource, apiId)).toBe(true);
    expect(resource).toContain('/live/POST/@connections/*');
    expect(statement.Resource).not.toBe('*');
  });

  it('limits the live functions to the live items of the table, by leading key', () => {
    const tableStatements = (name: 'liveSocket' | 'liveUpdates') =>
      statementsOf(name).filter((statement) =>
        actionsOf(statement).some((action) =>
          /^dynamodb:(GetItem|PutItem|UpdateItem|DeleteItem|Query)$/.test(action),
        ),
      );
    const live = { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['LIVE#*', 'LIVECONN#*'] } };
    expect(tableStatements('liveSocket').map((statement) => statement.Condition)).toEqual([live]);
    // liveUpdates also writes the markers of timeline entries retention removed, and nothing else.
    expect(
      tableStatements('liveUpdates').map((statement) => [actionsOf(statement), statement.Condition]),
    ).toEqual([
      [['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:Query'], live],
      // …and reads which chat sessions a conversation has, for their visitors' frames.
      [['dynamodb:Query'], { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['CONVCHAT#*'] } }],
      [['dynamodb:PutItem'], { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['INTERACTION#*'] } }],
    ]);
  });

  it('tells liveUpdates where the management API is, and the console where to connect', () => {
    const [, fn] = functionOf('liveUpdates');
    const endpoint = JSON.stringify(
      (fn.Environment as { Variables: Json }).Variables.ONETHREAD_LIVE_ENDPOINT,
    );
    expect(endpoint).toMatch(/https:\/\//);
    expect(endpoint).toMatch(/\/live/);
    template.hasOutput('LiveUrl', { Value: Match.objectLike({ 'Fn::Join': Match.anyValue() }) });
  });
});
