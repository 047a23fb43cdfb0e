#!/usr/bin/env node
import { App } from 'aws-cdk-lib';
import { buildApp } from '../lib/app.ts';
import { ConfigError } from '../lib/config.ts';

const app = new App();
try {
  // Account and region come from the CLI's profile when there is one; without credentials the
  // stack stays environment-agnostic, so `cdk synth` works offline.
  buildApp(app, { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION });
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}
app.synth();
