import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { buildTestApp, removeTestOutputs } from './synth.ts';

afterAll(removeTestOutputs);

type Statement = { Action: string | string[]; Resource: unknown };

function translateStatements(context: Record<string, unknown>) {
  const { stack } = buildTestApp(context);
  const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy');
  return Object.values(policies).flatMap((policy) =>
    (policy.Properties.PolicyDocument.Statement as Statement[]).filter((statement) =>
      [statement.Action].flat().some((action) => action.startsWith('translate:')),
    ),
  );
}

/** A first synth bundles every function, which takes a while on a cold machine. */
const SYNTH = { timeout: 180_000 };

describe('live translation in the stack', () => {
  it('grants nothing of Amazon Translate while translation is off', SYNTH, () => {
    expect(translateStatements({})).toEqual([]);
  });

  it(
    'grants the replies function TranslateText alone, on * (it has no resource-level permissions)',
    SYNTH,
    () => {
      const statements = translateStatements({ 'onethread:translation': true });
      // Policy minimisation merges it with the other grants on * (X-Ray's), never with a resource.
      expect(statements).toEqual([expect.objectContaining({ Resource: '*' })]);
      expect(
        statements
          .flatMap((statement) => [statement.Action].flat())
          .filter((action) => !action.startsWith('xray:')),
      ).toEqual(['translate:TranslateText']);
    },
  );

  it(
    'passes the AwsSolutions checks with translation on, the wildcard acknowledged with its reason',
    SYNTH,
    () => {
      const { app } = buildTestApp({ 'onethread:translation': true });
      const assembly = app.synth();
      const report = JSON.parse(
        readFileSync(path.join(assembly.directory, 'validation-report.json'), 'utf8'),
      );
      const nag = report.pluginReports.find(
        (plugin: { pluginName: string }) => plugin.pluginName === 'AwsSolutions',
      );
      expect(nag.conclusion).toBe('success');
      const reasons = (nag.suppressedViolations ?? []).map(
        (finding: { reason?: string }) => finding.reason ?? '',
      );
      expect(reasons.some((reason: string) => reason.includes('translate:TranslateText'))).toBe(true);
    },
  );
});
