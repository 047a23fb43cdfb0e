import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { ROUTES, routeKey } from '../../../functions/routes.ts';
import { resourcesOfType } from '../synth.ts';
import {
  distributionId,
  functionNamed,
  httpApiId,
  logicalIdOf,
  only,
  refersTo,
  template,
} from './synthesized.ts';

describe('the HTTP API', () => {
  // The live-updates WebSocket API has routes too (test/lib/live-updates.test.ts).
  const routes = () =>
    resourcesOfType(template, 'AWS::ApiGatewayV2::Route').filter(([, props]) =>
      refersTo(props.ApiId, httpApiId()),
    );
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
    const authorizerId = logicalIdOf(
      'AWS::ApiGatewayV2::Authorizer',
      (props) => props.AuthorizerType === 'JWT',
    );
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
      } else if (route.auth === 'iam') {
        expect(props.AuthorizationType, routeKey(route)).toBe('AWS_IAM');
        expect(props.AuthorizerId, routeKey(route)).toBeUndefined();
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

  it('answers CORS preflight for the configured origins and the console’s only', () => {
    const [, api] = only(
      resourcesOfType(template, 'AWS::ApiGatewayV2::Api').filter(
        ([, props]) => props.ProtocolType === 'HTTP',
      ),
      'the HTTP API',
    );
    const cors = api.CorsConfiguration as Record<string, string[]>;
    expect(cors.AllowOrigins).toEqual([
      'https://www.example.com',
      { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId(), 'DomainName'] }]] },
    ]);
    const methods = new Set(ROUTES.map((route) => route.method));
    expect(cors.AllowMethods?.slice().sort()).toEqual([...methods, 'OPTIONS'].sort());
    expect(cors.AllowHeaders?.slice().sort()).toEqual(['authorization', 'content-type']);
  });

  it('outputs the API URL', () => {
    template.hasOutput('ApiUrl', { Value: Match.anyValue() });
  });
});
