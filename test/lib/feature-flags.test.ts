import { CURRENTLY_RECOMMENDED_FLAGS, NEW_PROJECT_DEFAULT_CONTEXT } from 'aws-cdk-lib/cx-api';
import { describe, expect, it } from 'vitest';
import { PROJECT_CONTEXT } from './synth.ts';

describe('the feature flags in cdk.json', () => {
  it('set every flag this CDK version recommends for new projects, at its recommended value', () => {
    expect(PROJECT_CONTEXT).toMatchObject({ ...NEW_PROJECT_DEFAULT_CONTEXT, ...CURRENTLY_RECOMMENDED_FLAGS });
  });

  it('are the context every synthesis in these tests runs with', () => {
    expect(Object.keys(PROJECT_CONTEXT).filter((key) => key.startsWith('@aws-cdk'))).not.toHaveLength(0);
  });
});
