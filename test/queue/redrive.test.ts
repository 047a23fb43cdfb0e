import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { queueDepth, redrive } from '#queue/redrive.ts';
import { createTestStack } from '../support/local-aws.ts';

describe('redrive', () => {
  it('moves back every dead-lettered message, however many receives that takes', async () => {
    const stack = await createTestStack();
    const queueUrl = stack.config.ingestQueueUrl as string;
    const count = 47;
    for (let start = 0; start < count; start += 10) {
      await stack.sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: stack.deadLetterQueueUrl,
          Entries: Array.from({ length: Math.min(10, count - start) }, (_, i) => ({
            Id: String(i),
            MessageBody: JSON.stringify({ n: start + i }),
          })),
        }),
      );
    }
    const progress: number[] = [];
    expect(
      await redrive(stack.sqs, stack.deadLetterQueueUrl, queueUrl, (moved) => progress.push(moved)),
    ).toEqual({
      moved: count,
    });
    expect(progress.length).toBeGreaterThan(1);
    expect(await queueDepth(stack.sqs, stack.deadLetterQueueUrl)).toBe(0);
    expect(await queueDepth(stack.sqs, queueUrl)).toBe(count);
  });
});
