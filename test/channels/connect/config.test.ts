import { describe, expect, it } from 'vitest';
import { loadConnectConfig } from '#channels/connect/config.ts';
import { ConfigError } from '#shared/env.ts';

describe('Amazon Connect settings', () => {
  it('has defaults that work with no Connect settings at all', () => {
    expect(loadConnectConfig({})).toEqual({
      lookupBudgetMs: 3_000,
      recentContactHours: 24,
      region: 'us-east-1',
      requestsPerSecond: 2,
    });
  });

  it('reads the instance, the endpoint and the flows', () => {
    const config = loadConnectConfig({
      ONETHREAD_CONNECT_INSTANCE_ARN:
        'arn:aws:connect:eu-west-1:111122223333:instance/7c2a9e14-5b3d-4f86-a1e0-9d8c7b6a5f43',
      CONNECT_ENDPOINT: 'http://127.0.0.1:4599',
      ONETHREAD_CONNECT_LOOKUP_BUDGET_MS: '1500',
      ONETHREAD_CONNECT_TASK_FLOW_ID: 'flow-1',
      AWS_REGION: 'eu-west-1',
    });
    expect(config).toMatchObject({
      endpoint: 'http://127.0.0.1:4599',
      lookupBudgetMs: 1500,
      region: 'eu-west-1',
    });
  });

  it('stops at start with a clear message when a setting is wrong', () => {
    expect(() => loadConnectConfig({ ONETHREAD_CONNECT_INSTANCE_ARN: 'instance-1' })).toThrow(ConfigError);
    expect(() => loadConnectConfig({ ONETHREAD_CONNECT_LOOKUP_BUDGET_MS: '9000' })).toThrow(
      /ONETHREAD_CONNECT_LOOKUP_BUDGET_MS/,
    );
  });
});
