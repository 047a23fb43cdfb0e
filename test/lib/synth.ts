import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { buildApp } from '../../lib/app.ts';
import type { OneThreadStack } from '../../lib/onethread-stack.ts';

export interface Synthesized {
  app: App;
  stack: OneThreadStack;
  /** The cloud assembly directory, holding the template and validation-report.json. */
  outdir: string;
}

const outdirs: string[] = [];

/** Deletes the cloud assemblies (with their bundles) this test file synthesized. */
export function removeTestOutputs(): void {
  for (const outdir of outdirs.splice(0)) rmSync(outdir, { recursive: true, force: true });
}

/** The context cdk.json gives every `cdk` command: the feature flags a deployment runs with. */
export const PROJECT_CONTEXT: Record<string, unknown> = JSON.parse(readFileSync('cdk.json', 'utf8')).context;

/**
 * Builds the app exactly as bin/app.ts does (cdk-nag included), under cdk.json's context with the
 * given keys over it.
 * Bundling the four functions takes seconds: call it once per file, in `beforeAll`.
 */
export function buildTestApp(context: Record<string, unknown> = {}): Synthesized {
  const outdir = mkdtempSync(path.join(tmpdir(), 'onethread-cdk-'));
  outdirs.push(outdir);
  // No console upload unless a test asks for one: the checkout may or may not have a build.
  const app = new App({
    outdir,
    context: {
      ...PROJECT_CONTEXT,
      'onethread:stage': 'test',
      'onethread:consoleDist': 'test/no-console-build',
      ...context,
    },
  });
  const stack = buildApp(app, { account: '123456789012', region: 'us-east-1' });
  return { app, stack, outdir };
}

/** Resources of one CloudFormation type, by logical id. */
export function resourcesOfType(
  template: { findResources(type: string): Record<string, { Properties?: Record<string, unknown> }> },
  type: string,
): [string, Record<string, unknown>][] {
  return Object.entries(template.findResources(type)).map(([id, resource]) => [
    id,
    resource.Properties ?? {},
  ]);
}
