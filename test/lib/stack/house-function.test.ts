import { describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../../functions/routes.ts';
import {
  consumedBy,
  envOf,
  functionNamed,
  type Json,
  lambdas,
  mainTableId,
  template,
} from './synthesized.ts';

describe('functions', () => {
  it('deploys every function of functions/routes.ts, so nothing exists only locally', () => {
    for (const name of Object.keys(FUNCTIONS) as (keyof typeof FUNCTIONS)[]) functionNamed(name);
    expect(lambdas).toHaveLength(Object.keys(FUNCTIONS).length);
  });

  it('sets every variable each function requires at its cold start (requires in functions/routes.ts)', () => {
    for (const [name, spec] of Object.entries(FUNCTIONS) as [
      keyof typeof FUNCTIONS,
      (typeof FUNCTIONS)[keyof typeof FUNCTIONS],
    ][]) {
      const env = envOf(name);
      for (const variable of spec.requires) expect(env[variable], `${name} needs ${variable}`).toBeDefined();
    }
  });

  it('runs each on Node 22, ARM64, traced, with source maps and its own log group', () => {
    // The sign-in trigger writes only the audit and the API document is bundled with its
    // function: neither is told the table. (liveAuthorizer reads chat sessions, to admit visitors.)
    const tableless = (['agentSignedIn', 'apiDocument'] as const).map((name) => {
      expect(envOf(name).TABLE_NAME, name).toBeUndefined();
      return functionNamed(name)[0];
    });
    for (const [id, fn] of lambdas) {
      const table = tableless.includes(id) ? {} : { TABLE_NAME: { Ref: mainTableId() } };
      expect(fn).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        TracingConfig: { Mode: 'Active' },
        LoggingConfig: { LogGroup: { Ref: expect.any(String) } },
        Environment: {
          Variables: expect.objectContaining({
            POWERTOOLS_SERVICE_NAME: 'onethread',
            NODE_OPTIONS: '--enable-source-maps',
            AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
            ...table,
            ONETHREAD_DEFAULT_COUNTRY: 'US',
            ONETHREAD_CONVERSATION_QUIET_SECONDS: '86400',
          }),
        },
      });
      const logGroupId = ((fn.LoggingConfig as Json).LogGroup as { Ref: string }).Ref;
      expect(template.toJSON().Resources[logGroupId].Properties.RetentionInDays).toBe(30);
    }
  });

  it('gives the queue URL to the functions that send to or check the ingest queue', () => {
    const { queueId } = consumedBy('ingest');
    const senders = [
      'chatApi',
      'health',
      'metaWebhook',
      'xWebhook',
      'twilioWebhook',
      'replies',
      'emailInbound',
      'connectFlow',
      'connectEvents',
    ] as const;
    for (const name of senders) expect(envOf(name).INGEST_QUEUE_URL, name).toEqual({ Ref: queueId });
  });
});
