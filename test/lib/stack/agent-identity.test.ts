import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { resourcesOfType } from '../synth.ts';
import { distributionId, logicalIdOf, only, resource, template } from './synthesized.ts';

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

  it('signs agents in on the Hosted UI with the authorization code grant only, back to the console', () => {
    const [, client] = only(resourcesOfType(template, 'AWS::Cognito::UserPoolClient'), 'the console client');
    expect(client).toMatchObject({
      GenerateSecret: false,
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid', 'email', 'profile'],
      SupportedIdentityProviders: ['COGNITO'],
    });
    const consoleUrl = {
      'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId(), 'DomainName'] }, '/console/']],
    };
    expect(client.CallbackURLs).toEqual([consoleUrl]);
    expect(client.LogoutURLs).toEqual([consoleUrl]);
  });

  it('lets agents read their agent id but not change it', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      Schema: Match.arrayWith([
        Match.objectLike({ Name: 'agentId', AttributeDataType: 'String', Mutable: true }),
      ]),
    });
    const [, client] = only(resourcesOfType(template, 'AWS::Cognito::UserPoolClient'), 'the console client');
    expect(client.ReadAttributes).toContain('custom:agentId');
    expect(client.WriteAttributes).not.toContain('custom:agentId');
  });

  it('has a Hosted UI domain unique per account and stage, and outputs its URL', () => {
    const domainId = logicalIdOf('AWS::Cognito::UserPoolDomain');
    expect(resource(domainId)).toMatchObject({
      Domain: 'onethread-test-123456789012',
      UserPoolId: { Ref: logicalIdOf('AWS::Cognito::UserPool') },
    });
    template.hasOutput('HostedUiUrl', {
      Value: { 'Fn::Join': ['', ['https://', { Ref: domainId }, '.auth.us-east-1.amazoncognito.com']] },
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
