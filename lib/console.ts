import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  Annotations,
  Aspects,
  CfnResource,
  Duration,
  type IAspect,
  RemovalPolicy,
  Stack,
  Validations,
} from 'aws-cdk-lib';
import {
  Distribution,
  Function as EdgeFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { NagRuleCompliance, rules } from 'cdk-nag';
import { Construct, type IConstruct } from 'constructs';
import { accessLogBucket, loggedBucket } from './buckets.ts';
import { PROJECT_ROOT } from './house-function.ts';
import type { StackOutput } from './stack-output.ts';

/** The console is built with Vite's base `/console/`: its files live under this prefix. */
export const CONSOLE_PREFIX = 'console/';

export interface ConsoleHostingProps {
  /** The built console (`npm run console:build`), relative to the repository root or absolute. */
  distPath: string;
  /** Keeps the buckets when the stack is deleted. */
  deletionProtection: boolean;
  /** Retention of the buckets' and the distribution's access logs, in days. */
  accessLogRetentionDays: number;
  /** What the console needs to find the platform, written next to it as `console/config.json`. */
  runtimeConfig: Record<string, string>;
  /**
   * An origin besides the console's own that may frame it: the Amazon Connect instance's, whose
   * agent workspace shows the screen pop as a third-party application. Without one, nobody may.
   */
  framedBy?: string | undefined;
}

// `/` and `/console` lead to the console; a path ending in `/` gets its index.html.
const VIEWER_REQUEST = `function handler(event) {
  var request = event.request;
  if (request.uri === '/' || request.uri === '/console') {
    return { statusCode: 302, statusDescription: 'Found', headers: { location: { value: '/${CONSOLE_PREFIX}' } } };
  }
  if (request.uri.endsWith('/')) request.uri += 'index.html';
  return request;
}`;

/**
 * The agent console on AWS: a private, encrypted S3 bucket served only through CloudFront
 * (origin access control), over HTTPS, with security headers. The built console is uploaded
 * when it exists at synth time; otherwise the hosting is created empty and synth warns.
 */
export class ConsoleHosting extends Construct {
  public readonly bucket: Bucket;
  public readonly accessLogs: Bucket;
  public readonly distribution: Distribution;
  public readonly url: string;
  public readonly deployment?: BucketDeployment;

  constructor(scope: Construct, id: string, props: ConsoleHostingProps) {
    super(scope, id);
    const removalPolicy = props.deletionProtection ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    // CloudFront's standard logs are delivered with an ACL, so this bucket keeps ACLs enabled.
    this.accessLogs = accessLogBucket(this, 'AccessLogs', {
      retentionDays: props.accessLogRetentionDays,
      removalPolicy,
      acceptsAcls: true,
    });
    this.bucket = loggedBucket(this, 'Bucket', {
      accessLogs: this.accessLogs,
      logPrefix: 'console-bucket/',
      removalPolicy,
    });

    const headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: props.framedBy
        ? 'OneThread console: HSTS, framed only by itself and Amazon Connect, no sniffing, strict referrer'
        : 'OneThread console: HSTS, no framing, no sniffing, strict referrer',
      securityHeadersBehavior: {
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        // X-Frame-Options cannot name an origin; CSP's frame-ancestors can, and replaces it.
        ...(props.framedBy
          ? {
              contentSecurityPolicy: {
                contentSecurityPolicy: `frame-ancestors 'self' ${props.framedBy}`,
                override: true,
              },
            }
          : { frameOptions: { frameOption: HeadersFrameOption.DENY, override: true } }),
        referrerPolicy: {
          referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
          override: true,
        },
        xssProtection: { protection: true, modeBlock: true, override: true },
      },
    });
    const viewerRequest = new EdgeFunction(this, 'ViewerRequest', {
      comment: 'OneThread console: index.html for directory paths',
      code: FunctionCode.fromInline(VIEWER_REQUEST),
      runtime: FunctionRuntime.JS_2_0,
    });
    this.distribution = new Distribution(this, 'Distribution', {
      comment: `OneThread agent console (${Stack.of(this).stackName})`,
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: headers,
        functionAssociations: [{ function: viewerRequest, eventType: FunctionEventType.VIEWER_REQUEST }],
      },
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: this.accessLogs,
      logFilePrefix: 'distribution/',
    });
    this.acknowledgeDistribution(this.distribution);
    this.url = `https://${this.distribution.distributionDomainName}/${CONSOLE_PREFIX}`;

    const dist = path.resolve(PROJECT_ROOT, props.distPath);
    if (existsSync(path.join(dist, 'index.html'))) {
      this.deployment = new BucketDeployment(this, 'Deployment', {
        sources: [Source.asset(dist), Source.jsonData('config.json', props.runtimeConfig)],
        destinationBucket: this.bucket,
        destinationKeyPrefix: CONSOLE_PREFIX,
        distribution: this.distribution,
        distributionPaths: [`/${CONSOLE_PREFIX}*`],
        memoryLimit: 256,
      });
      this.acknowledgeDeployment();
    } else {
      Annotations.of(this).addWarningV2(
        'onethread:console-not-built',
        `No built console at ${dist}: the console hosting is deployed empty. ` +
          'Run `npm run console:build`, then deploy again.',
      );
    }
  }

  private acknowledgeDistribution(distribution: Distribution): void {
    const reasons: [string, string][] = [
      [
        'CFR1',
        'Agents work from anywhere the business operates; the console holds only static files, ' +
          'and every call it makes is authorised by the API with a Cognito token.',
      ],
      [
        'CFR2',
        'The distribution serves only the static console build; the data behind it is in the API, ' +
          'which has its own throttling and Cognito authorisation. Attach a WAF web ACL if required.',
      ],
      [
        'CFR4',
        'The distribution uses the default *.cloudfront.net certificate, which CloudFront serves ' +
          'with its own TLS policy; a custom domain with an ACM certificate allows TLS 1.2 as minimum.',
      ],
    ];
    for (const [rule, reason] of reasons) {
      Validations.of(distribution).acknowledge({ id: `AwsSolutions::AwsSolutions-${rule}`, reason });
    }
  }

  /**
   * The CDK's upload function (a singleton at stack level): its role, managed policy and
   * runtime are aws-cdk-lib's. Its findings are acknowledged on it alone, as cdk-nag reports them.
   */
  private acknowledgeDeployment(): void {
    const stack = Stack.of(this);
    const handler = stack.node.children.find((child) =>
      child.node.id.startsWith('Custom::CDKBucketDeployment'),
    );
    if (!handler) return;
    Aspects.of(handler).add(
      new AcknowledgeFindings(
        "aws-cdk-lib's BucketDeployment upload function, which runs only during deployments: it " +
          'copies the console build from the CDK asset bucket into the console bucket and invalidates ' +
          'the distribution. Its role, policy and runtime are set by the library.',
      ),
    );
  }

  outputs(): StackOutput[] {
    return [{ id: 'ConsoleUrl', value: this.url, description: 'The agent console (CloudFront)' }];
  }
}

/** Acknowledges the IAM4, IAM5 and L1 findings of the resources it visits, on each resource's parent. */
class AcknowledgeFindings implements IAspect {
  constructor(private readonly reason: string) {}

  visit(node: IConstruct): void {
    const parent = node.node.scope;
    if (!CfnResource.isCfnResource(node) || !parent) return;
    const found = [
      ...findings(() => rules.iam.IAMNoWildcardPermissions(node)).map((f) => `IAM5[${f}]`),
      ...findings(() => rules.iam.IAMNoManagedPolicies(node)).map((f) => `IAM4[${f}]`),
      ...(findings(() => rules.lambda.LambdaLatestVersion(node), true).length ? ['L1'] : []),
    ];
    for (const finding of found) {
      Validations.of(parent).acknowledge({
        id: `AwsSolutions::AwsSolutions-${finding}`,
        reason: this.reason,
      });
    }
  }
}

/** A rule's findings: its list, or one entry when it is simply non-compliant (if `whole`). */
function findings(check: () => unknown, whole = false): string[] {
  try {
    const result = check();
    if (Array.isArray(result)) return result as string[];
    return whole && result === NagRuleCompliance.NON_COMPLIANT ? ['whole'] : [];
  } catch {
    return [];
  }
}
