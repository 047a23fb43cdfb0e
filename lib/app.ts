import { type App, type Environment, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { loadConfig } from './config.ts';
import { OneThreadStack } from './onethread-stack.ts';

/**
 * Builds the OneThread app: validates the context, adds the stack for the configured stage and
 * runs the AWS Solutions checks on synth, so an unacknowledged finding fails `cdk synth`.
 */
export function buildApp(app: App, env?: Environment): OneThreadStack {
  const config = loadConfig(app);
  const stack = new OneThreadStack(app, `OneThread-${config.stage}`, {
    config,
    env,
    description: `OneThread multichannel customer service (${config.stage})`,
  });
  // Cost allocation: every taggable resource says whose it is and which stage, so the bill can be
  // split by them once the tags are activated in the Billing console (docs/deploy.md).
  Tags.of(stack).add('onethread:project', 'onethread');
  Tags.of(stack).add('onethread:stage', config.stage);
  // cdk-nag 3 is a policy-validation plugin; the v2 `Aspects.of(app).add(...)` form crashes.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return stack;
}
