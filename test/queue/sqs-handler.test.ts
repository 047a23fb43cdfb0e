import type { SQSEvent } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { sqsHandler } from '#queue/sqs-handler.ts';
import { context, sqsEvent } from '../support/events.ts';
import { createTestStack, type TestStack } from '../support/local-aws.ts';

const StepSchema = z.object({ n: z.number() });

/** A FIFO batch: each record's message group and step, in the order the queue hands them out. */
function fifoBatch(records: Array<[group: string, n: number]>): SQSEvent {
  const event = sqsEvent(records.map(([, n]) => JSON.stringify({ n })));
  event.Records.forEach((record, index) => {
    record.attributes.MessageGroupId = records[index]?.[0];
  });
  return event;
}

describe('the queue consumer factory', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await createTestStack();
  });

  it('on a FIFO queue, holds back the rest of a group after its first failure and goes on with the others', async () => {
    const done: string[] = [];
    const consume = sqsHandler(
      StepSchema,
      async ({ n }, record) => {
        if (n === 2) throw new Error('not yet');
        done.push(`${record.attributes.MessageGroupId}:${n}`);
      },
      { sqs: stack.sqs, source: 'test', fifo: true },
    );
    const event = fifoBatch([
      ['a', 1],
      ['a', 2],
      ['b', 3],
      ['a', 4],
      ['b', 5],
    ]);
    const { batchItemFailures } = await consume(event, context);
    expect(done).toEqual(['a:1', 'b:3', 'b:5']);
    expect(batchItemFailures.map((failure) => failure.itemIdentifier)).toEqual([
      event.Records[1]?.messageId,
      event.Records[3]?.messageId,
    ]);
  });

  it('hands the work the parsed body, and fails only the records whose work failed', async () => {
    const seen: number[] = [];
    const consume = sqsHandler(
      StepSchema,
      async ({ n }) => {
        if (n === 2) throw new Error('not yet');
        seen.push(n);
      },
      { sqs: stack.sqs, source: 'test' },
    );
    const event = sqsEvent([JSON.stringify({ n: 1 }), JSON.stringify({ n: 2 }), JSON.stringify({ n: 3 })]);
    const { batchItemFailures } = await consume(event, context);
    expect(seen.sort()).toEqual([1, 3]);
    expect(batchItemFailures).toEqual([{ itemIdentifier: event.Records[1]?.messageId }]);
  });
});
