import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { resourcesOfType } from '../synth.ts';
import { type Json, logicalIdOf, only, resource, template } from './synthesized.ts';

describe('the agent console', () => {
  const consoleBucketId = () =>
    logicalIdOf(
      'AWS::S3::Bucket',
      (props) => (props.LoggingConfiguration as Json | undefined)?.LogFilePrefix === 'console-bucket/',
    );

  it('keeps the console in a private, encrypted, TLS-only bucket with access logs', () => {
    expect(resource(consoleBucketId())).toMatchObject({
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: consoleBucketId() },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Action: 's3:GetObject',
            Effect: 'Allow',
            Principal: { Service: 'cloudfront.amazonaws.com' },
          }),
        ]),
      },
    });
  });

  it('serves it only through CloudFront with origin access control, over HTTPS, with security headers', () => {
    const [, distribution] = only(
      resourcesOfType(template, 'AWS::CloudFront::Distribution'),
      'the console CDN',
    );
    const config = distribution.DistributionConfig as Json;
    expect(config).toMatchObject({
      DefaultRootObject: 'index.html',
      Enabled: true,
      Logging: expect.objectContaining({ Prefix: 'distribution/' }),
      DefaultCacheBehavior: expect.objectContaining({
        ViewerProtocolPolicy: 'redirect-to-https',
        ResponseHeadersPolicyId: { Ref: logicalIdOf('AWS::CloudFront::ResponseHeadersPolicy') },
      }),
    });
    const [origin] = config.Origins as Json[];
    expect(origin).toMatchObject({
      DomainName: { 'Fn::GetAtt': [consoleBucketId(), 'RegionalDomainName'] },
      OriginAccessControlId: { 'Fn::GetAtt': [logicalIdOf('AWS::CloudFront::OriginAccessControl'), 'Id'] },
    });
    template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: Match.objectLike({
          StrictTransportSecurity: Match.objectLike({ IncludeSubdomains: true, Override: true }),
          FrameOptions: { FrameOption: 'DENY', Override: true },
          ContentTypeOptions: { Override: true },
        }),
      }),
    });
    template.hasOutput('ConsoleUrl', {
      Value: {
        'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [Match.anyValue(), 'DomainName'] }, '/console/']],
      },
    });
  });
});
