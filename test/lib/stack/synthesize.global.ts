import { Template } from 'aws-cdk-lib/assertions';
import type { TestProject } from 'vitest/node';
import { buildTestApp, removeTestOutputs } from '../synth.ts';
import { STACK_CONTEXT } from './deployment.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The stack's CloudFormation template, synthesized once for every stack test file. */
    stackTemplate: Record<string, unknown>;
  }
}

/**
 * Bundling every function takes half a minute: the stack is synthesized here once, and each
 * stack test file (one per construct) reads the same template.
 */
export function setup(project: TestProject): () => void {
  const { stack } = buildTestApp(STACK_CONTEXT);
  project.provide('stackTemplate', Template.fromStack(stack).toJSON());
  return removeTestOutputs;
}
