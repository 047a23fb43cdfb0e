import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../lib/config.ts';
import { ConsoleHosting } from '../../lib/console.ts';

const INSTANCE_URL = 'https://example.my.connect.aws';

function hosting(framedBy?: string): Template {
  const stack = new Stack(new App(), 'Probe');
  new ConsoleHosting(stack, 'Console', {
    distPath: 'test/no-console-build',
    deletionProtection: false,
    accessLogRetentionDays: 7,
    runtimeConfig: { apiUrl: 'https://api.example.com' },
    framedBy,
  });
  return Template.fromStack(stack);
}

const securityHeaders = (template: Template) => {
  const [policy] = Object.values(template.findResources('AWS::CloudFront::ResponseHeadersPolicy'));
  return policy?.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig as Record<string, unknown>;
};

describe('the Connect instance URL in context', () => {
  it('takes the instance’s access URL, without a trailing slash', () => {
    expect(
      parseConfig({ 'onethread:connectInstanceUrl': `${INSTANCE_URL}/` }).channels.connectInstanceUrl,
    ).toBe(INSTANCE_URL);
    expect(
      parseConfig({ 'onethread:connectInstanceUrl': 'https://example.awsapps.com/connect' }).channels
        .connectInstanceUrl,
    ).toBe('https://example.awsapps.com/connect');
    expect(parseConfig({}).channels.connectInstanceUrl).toBeUndefined();
  });

  it.each([
    'https://connect.example.com',
    'http://example.my.connect.aws',
    'https://example.my.connect.aws/ccp-v2',
    'https://example.my.connect.aws.example.net',
  ])('refuses %s: the console would let it frame the agent console', (url) => {
    expect(() => parseConfig({ 'onethread:connectInstanceUrl': url })).toThrow(ConfigError);
    expect(() => parseConfig({ 'onethread:connectInstanceUrl': url })).toThrow(
      /onethread:connectInstanceUrl/,
    );
  });
});

describe('who may frame the console', () => {
  it('nobody, without a Connect instance', () => {
    const headers = securityHeaders(hosting());
    expect(headers.FrameOptions).toEqual({ FrameOption: 'DENY', Override: true });
    expect(headers.ContentSecurityPolicy).toBeUndefined();
  });

  it('itself and the Connect instance only, with one (its agent workspace shows the screen pop)', () => {
    const template = hosting(INSTANCE_URL);
    const headers = securityHeaders(template);
    expect(headers.ContentSecurityPolicy).toEqual({
      ContentSecurityPolicy: `frame-ancestors 'self' ${INSTANCE_URL}`,
      Override: true,
    });
    expect(headers.FrameOptions).toBeUndefined();
    // The rest of the security headers stay.
    expect(headers).toMatchObject({
      StrictTransportSecurity: expect.objectContaining({ Override: true }),
      ContentTypeOptions: { Override: true },
      ReferrerPolicy: expect.objectContaining({ Override: true }),
    });
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultCacheBehavior: Match.objectLike({ ResponseHeadersPolicyId: Match.anyValue() }),
      }),
    });
  });
});
