import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, removeTestOutputs } from './synth.ts';

afterAll(removeTestOutputs);

interface Finding {
  ruleName: string;
  severity: string;
  reason?: string;
  acknowledgedAt?: string;
  violatingConstructs: { constructPath: string }[];
}
interface ValidationReport {
  pluginReports: {
    pluginName: string;
    conclusion: string;
    violations: Finding[];
    suppressedViolations?: Finding[];
  }[];
}

function synthReport(context: Record<string, unknown> = {}): ValidationReport {
  const { app } = buildTestApp(context);
  const assembly = app.synth();
  return JSON.parse(readFileSync(path.join(assembly.directory, 'validation-report.json'), 'utf8'));
}

const nagReport = (report: ValidationReport) => {
  const nag = report.pluginReports.find((plugin) => plugin.pluginName === 'AwsSolutions');
  if (!nag) throw new Error('the AwsSolutions checks did not run');
  return nag;
};

const CONNECT_INSTANCE =
  'arn:aws:connect:us-east-1:123456789012:instance/0c4f5f1e-6f7a-4c1e-9d3b-2a8e5b6c7d8e';

// Every acknowledgement the app makes, so that a new one is a reviewed change to this list.
const ACKNOWLEDGED = new Set([
  'AwsSolutions-IAM5[Resource::*]', // X-Ray write actions, one per function role
  'AwsSolutions-L1', // functions pinned to nodejs22.x
  'AwsSolutions-APIG4', // the public chat, health and provider webhook routes; the live socket after $connect
  // emailInbound: object keys under its three prefixes of the email bucket are known at run time only
  'AwsSolutions-IAM5[Resource::<EmailBucketCF2848D0.Arn>/inbound/*]',
  'AwsSolutions-IAM5[Resource::<EmailBucketCF2848D0.Arn>/attachments/*]',
  'AwsSolutions-IAM5[Resource::<EmailBucketCF2848D0.Arn>/attachments/files/*]',
  'AwsSolutions-IAM5[Resource::<EmailBucketCF2848D0.Arn>/exports/*]',
  'AwsSolutions-IAM5[Resource::<EmailBucketCF2848D0.Arn>/raw/*]',
  'AwsSolutions-IAM5[Resource::<KnowledgeBucket8C8F037E.Arn>/kb/*]',
  'AwsSolutions-IAM5[Resource::<ReportingBucket00E36B01.Arn>/queue-intervals/*]',
  'AwsSolutions-IAM5[Resource::<ReportingBucket00E36B01.Arn>/agent-intervals/*]',
  'AwsSolutions-IAM5[Resource::<ReportingBucket00E36B01.Arn>/exports/*]',
  // liveUpdates: posting to any connection of the live stage (ids made by API Gateway), and
  // ListStreams on the table's streams (the reads themselves are on its one stream)
  'AwsSolutions-IAM5[Resource::arn:aws:execute-api:us-east-1:123456789012:<LiveApi149456B6>/live/POST/@connections/*]',
  'AwsSolutions-IAM5[Resource::<DataTableFDBAD0F2.Arn>/stream/*]',
  // connectRequests: StartTaskContact and StartOutboundVoiceContact on the new contact and the
  // flow and queue a request names, under the one configured instance
  `AwsSolutions-IAM5[Resource::${CONNECT_INSTANCE}/contact/*]`,
  `AwsSolutions-IAM5[Resource::${CONNECT_INSTANCE}/contact-flow/*]`,
  `AwsSolutions-IAM5[Resource::${CONNECT_INSTANCE}/queue/*]`,
  'AwsSolutions-IAM5[Resource::arn:aws:scheduler:us-east-1:123456789012:schedule/OneThreadtest-Routing-TimerSchedules-E0E206B7/*]',
  // the contact event rule's and the webhook rules' target dead-letter queues and the live
  // stream's on-failure queue, which no redrive policy names
  'AwsSolutions-SQS3',
  // the console distribution: no geo restriction, no WAF, the default CloudFront certificate
  'AwsSolutions-CFR1',
  'AwsSolutions-CFR2',
  'AwsSolutions-CFR4',
  // aws-cdk-lib's BucketDeployment upload function (console upload), on its own role only
  'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
  'AwsSolutions-IAM5[Action::s3:Abort*]',
  'AwsSolutions-IAM5[Action::s3:DeleteObject*]',
  'AwsSolutions-IAM5[Action::s3:GetBucket*]',
  'AwsSolutions-IAM5[Action::s3:GetObject*]',
  'AwsSolutions-IAM5[Action::s3:List*]',
  'AwsSolutions-IAM5[Resource::<ConsoleBucket86B6957C.Arn>/*]',
  'AwsSolutions-IAM5[Resource::arn:aws:s3:::cdk-hnb659fds-assets-123456789012-us-east-1/*]',
  // the survey link key: rotating it would void the links already emailed; a generated webhook
  // key, which the connection and the company's system both hold
  'AwsSolutions-SMG4',
  // API Gateway's account-level logging role, which WebSocket stage logs need
  'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
]);

// A stand-in for the built console, so that the upload and its library function are checked.
const CONSOLE_BUILD = mkdtempSync(path.join(tmpdir(), 'onethread-console-'));
writeFileSync(path.join(CONSOLE_BUILD, 'index.html'), '<!doctype html><title>console</title>');
afterAll(() => rmSync(CONSOLE_BUILD, { recursive: true, force: true }));

// Every optional capability on, so that its resources are checked too.
const FULL_CONTEXT = {
  'onethread:consoleDist': CONSOLE_BUILD,
  'aws:cdk:bundling-stacks': [],
  'onethread:emailDomain': 'support.example.com',
  'onethread:emailReceiptAddresses': 'help@support.example.com',
  'onethread:providerSecrets': { meta: 'ot/meta', x: 'ot/x', twilio: 'ot/twilio' },
  'onethread:identityTokenSecret': 'ot/identity-tokens',
  'onethread:identityTokenJwksUrl': 'https://login.example.com/.well-known/jwks.json',
  'onethread:routingConfig': { offerSeconds: 30 },
  'onethread:retention': { messages: 730, channels: { chat: 365 }, emailRaw: 90, attachments: 365 },
  'onethread:connectInstanceArn': CONNECT_INSTANCE,
  'onethread:connectTaskFlowId': '11111111-2222-4333-8444-555555555555',
  'onethread:connectCallbackFlowId': '11111111-2222-4333-8444-555555555555',
  'onethread:connectCallbackQueueId': '66666666-7777-4888-9999-000000000000',
  'onethread:webhooks': [
    { name: 'crm', url: 'https://crm.example.com/hooks', eventTypes: ['customer.erased'] },
    { name: 'warehouse', url: 'https://data.example.com/ingest', secretName: 'ot/webhooks/warehouse' },
  ],
};

describe('AWS Solutions checks (cdk-nag)', () => {
  let report: ValidationReport;
  beforeAll(() => {
    // Skipping bundling keeps this synth fast; the stack test bundles every function.
    report = synthReport(FULL_CONTEXT);
  });

  it('leaves no unacknowledged finding, error or warning', () => {
    const nag = nagReport(report);
    expect(nag.violations.map((v) => `${v.ruleName} at ${v.violatingConstructs[0]?.constructPath}`)).toEqual(
      [],
    );
    expect(nag.conclusion).toBe('success');
  });

  it('acknowledges only the reviewed findings, each on its own construct with a reason', () => {
    const suppressed = nagReport(report).suppressedViolations ?? [];
    expect(new Set(suppressed.map((finding) => finding.ruleName))).toEqual(ACKNOWLEDGED);
    for (const finding of suppressed) {
      expect(finding.reason?.length, finding.ruleName).toBeGreaterThan(40);
      for (const { constructPath } of finding.violatingConstructs) {
        // Acknowledged on the resource or its parent, never on the stack or a whole capability.
        expect(constructPath.startsWith(`${finding.acknowledgedAt}/`), constructPath).toBe(true);
        expect(constructPath.split('/').length - (finding.acknowledgedAt ?? '').split('/').length).toBe(1);
      }
    }
  });

  it('acknowledges the public webhook routes with the provider signature as the reason', () => {
    const apig4 = nagReport(report).suppressedViolations?.filter((f) => f.ruleName === 'AwsSolutions-APIG4');
    const webhooks = (apig4 ?? []).filter((f) => f.acknowledgedAt?.includes('webhooks'));
    expect(webhooks).toHaveLength(5);
    for (const finding of webhooks) expect(finding.reason).toMatch(/[Ss]ignature/);
  });

  it('acknowledges optional MFA only when the deployer chose it', () => {
    const optional = nagReport(
      synthReport({ 'aws:cdk:bundling-stacks': [], 'onethread:agentMfa': 'optional' }),
    );
    expect(optional.violations).toEqual([]);
    expect(optional.suppressedViolations?.map((finding) => finding.ruleName)).toContain('AwsSolutions-COG2');
  });

  it('fails synth on a finding nobody acknowledged', () => {
    const app = new App();
    const stack = new Stack(app, 'Unreviewed');
    new Queue(stack, 'QueueWithoutDeadLetterQueue', { enforceSSL: true });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).toThrow(/AwsSolutions-SQS3/);
  });
});
