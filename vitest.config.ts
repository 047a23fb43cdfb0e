import { defineConfig } from 'vitest/config';

// The emulators start in this process (global setup), before `test.env` applies to workers.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

/** Tests that need no emulators: the pure core and the CDK templates. */
const OFFLINE = [
  'console/test/**/*.test.{ts,tsx}',
  'test/core/**/*.test.ts',
  'test/lib/**/*.test.ts',
  'test/http/**/*.test.ts',
  'test/shared/**/*.test.ts',
  'test/lambda/**/*.test.ts',
  'test/chat-client/package.test.ts',
];

/** The synthesized stack's tests, one file per construct. */
const STACK = 'test/lib/stack/*.test.ts';

export default defineConfig({
  test: {
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      POWERTOOLS_METRICS_DISABLED: 'true',
    },
    projects: [
      { extends: true, test: { name: 'offline', include: OFFLINE, exclude: [STACK] } },
      {
        extends: true,
        // The stack's template, synthesized once for the files that look into it.
        test: { name: 'stack', include: [STACK], globalSetup: ['./test/lib/stack/synthesize.global.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          exclude: [...OFFLINE, STACK],
          // One DynamoDB Local and one SQS emulator for the run, started only for these tests.
          globalSetup: ['./test/global-setup.ts'],
        },
      },
    ],
  },
});
