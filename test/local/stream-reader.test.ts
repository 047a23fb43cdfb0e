import { afterEach, describe, expect, it } from 'vitest';
import { localClientConfig } from '#local/emulators.ts';
import { type StreamReader, startStreamReader } from '#local/stream-reader.ts';
import { createTestStack, dynamoEndpoint } from '../support/local-aws.ts';

describe('the local DynamoDB stream reader', () => {
  const warnings: Error[] = [];
  const onWarning = (warning: Error) => warnings.push(warning);
  let reader: StreamReader | undefined;
  afterEach(async () => {
    await reader?.stop();
    process.off('warning', onWarning);
  });

  it('idles for as long as nothing changes without piling up listeners on its stop signal', async () => {
    const stack = await createTestStack();
    process.on('warning', onWarning);
    reader = await startStreamReader({
      dynamo: localClientConfig(dynamoEndpoint()),
      tableName: stack.table.tableName,
      handler: async () => undefined,
      functionName: 'liveUpdates',
      // Hundreds of idle pauses in a second; a listener kept per pause warns after the tenth.
      idleMs: 1,
    });
    await new Promise((done) => setTimeout(done, 1_000));
    expect(warnings.filter((warning) => warning.name === 'MaxListenersExceededWarning')).toEqual([]);
  });
});
