import {
  BatchProcessor,
  EventType,
  processPartialResponse,
  SqsFifoPartialProcessorAsync,
} from '@aws-lambda-powertools/batch';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from 'zod';
import { type Lambda, lambdaHandler } from '#shared/lambda-handler.ts';
import { QueueRetries, type RetriesOptions } from './retries.ts';

export interface SqsHandlerOptions extends RetriesOptions {
  sqs: SQSClient;
  /**
   * A FIFO queue: each message group's records are done in order, and after a record fails the
   * rest of its group waits with it (returned, hidden as long), so no event overtakes another.
   */
  fifo?: boolean | undefined;
  /** One record at a time in the batch's order, for a consumer pacing its calls to a provider. */
  sequential?: boolean | undefined;
  /** `text` hands the body over as it came, for a consumer that unwraps it itself; JSON by default. */
  body?: 'json' | 'text' | undefined;
}

export type RecordWork<S extends z.ZodType> = (message: z.output<S>, record: SQSRecord) => Promise<unknown>;

/**
 * The one queue consumer: each record's body is parsed with `schema` (JSON unless told), then
 * `processRecord` does its work. Records fail on their own, as `QueueRetries` settles them: an
 * outage comes back after a growing backoff, a record no retry can fix (malformed, invalid) goes
 * to the dead-letter queue with the reason.
 */
export function sqsHandler<S extends z.ZodType>(
  schema: S,
  processRecord: RecordWork<S>,
  options: SqsHandlerOptions,
): Lambda<SQSEvent, SQSBatchResponse> {
  return lambdaHandler(sqsBatch(schema, processRecord, options));
}

/** The batch function alone, for a handler that also takes events other than a queue's. */
export function sqsBatch<S extends z.ZodType>(
  schema: S,
  processRecord: RecordWork<S>,
  options: SqsHandlerOptions,
): (event: SQSEvent, context: Context) => Promise<SQSBatchResponse> {
  const retries = new QueueRetries(options.sqs, options);
  const recordSchema = z.object({ body: bodySchema(schema, options.body) });
  return async (event, context) => {
    const settled = new Set<string>();
    const work = async (record: SQSRecord) => {
      try {
        return await processRecord(recordSchema.parse(record).body as z.output<S>, record);
      } catch (error) {
        settled.add(record.messageId);
        if (await retries.failed(record, error)) throw error;
        return undefined;
      }
    };
    const response = await processBatch(event, work, context, options);
    // Records of a FIFO group after its failed one were not tried: they come back after it.
    const skipped = response.batchItemFailures.filter((failure) => !settled.has(failure.itemIdentifier));
    for (const { itemIdentifier } of skipped) {
      const record = event.Records.find((r) => r.messageId === itemIdentifier);
      if (record) await retries.later(record);
    }
    return response;
  };
}

/**
 * A record's body, JSON unless the consumer takes the text itself. Parsed here rather than with
 * Powertools' parser schemas, which import zod by name: a bundle then keeps all of zod with its
 * locales (454 KB against 85 KB), in every queue consumer.
 */
function bodySchema(schema: z.ZodType, format: SqsHandlerOptions['body']): z.ZodType {
  if (format === 'text') return z.string().pipe(schema as z.ZodType<unknown, string>);
  const json = z.string().transform((text, context) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      context.addIssue({ code: 'custom', message: 'the body is not JSON' });
      return z.NEVER;
    }
  });
  return json.pipe(schema);
}

/**
 * Powertools' processors, a fresh one per invocation (one holds a batch's state, and the local
 * runtime runs batches side by side).
 */
function processBatch(
  event: SQSEvent,
  work: (record: SQSRecord) => Promise<unknown>,
  context: Context,
  options: SqsHandlerOptions,
): Promise<SQSBatchResponse> {
  if (options.fifo) {
    return processPartialResponse(event, work, new SqsFifoPartialProcessorAsync(), {
      context,
      throwOnFullBatchFailure: false,
      skipGroupOnError: true,
    });
  }
  return processPartialResponse(event, work, new BatchProcessor(EventType.SQS), {
    context,
    throwOnFullBatchFailure: false,
    processInParallel: !options.sequential,
  });
}
