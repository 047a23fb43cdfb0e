import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { ChangeMessageVisibilityCommand, SQSClient } from '@aws-sdk/client-sqs';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { ConnectBusyError, type ConnectWork, connectWork } from '#channels/connect/client.ts';
import { ConnectRequestSchema } from '#channels/connect/requests.ts';
import { type ConnectTasks, connectTasks } from '#routing/connect-tasks.ts';
import { type ConnectConfig, loadConnectConfig } from '#shared/config.ts';
import { lazyHandler } from '#shared/deps.ts';
import { logger } from '#shared/observability.ts';

export interface ConnectRequestsDeps {
  sqs: SQSClient;
  work: ConnectWork;
  /** Links each task started for a work item to it; without it such tasks are only started. */
  tasks?: Pick<ConnectTasks, 'started'> | undefined;
  config: Pick<ConnectConfig, 'requestsQueueUrl' | 'requestsPerSecond'>;
  /** Seconds to hide a request after its first throttled attempt (1), doubled per receive. */
  backoffBaseSeconds?: number;
}

/** SQS's longest visibility timeout: the backoff never hides a request longer. */
const MAX_BACKOFF_SECONDS = 900;

/**
 * Consumer of the Connect requests queue: starts tasks and callbacks one at a time, no faster
 * than the configured rate. When Connect throttles, the request and the rest of the batch go back
 * to the queue hidden for an exponential backoff (by receive count, with jitter), so nothing is
 * lost and Connect gets room to recover. Rejected requests fail and end in the dead-letter queue.
 */
export function makeHandler(deps: ConnectRequestsDeps) {
  const spacingMs = 1000 / deps.config.requestsPerSecond;
  const base = deps.backoffBaseSeconds ?? 1;
  let lastCallAt = 0;

  const pace = async () => {
    const wait = lastCallAt + spacingMs - Date.now();
    if (wait > 0) await new Promise((done) => setTimeout(done, wait));
    lastCallAt = Date.now();
  };

  const hide = async (record: SQSRecord, seconds: number) => {
    if (!deps.config.requestsQueueUrl) return;
    await deps.sqs
      .send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: deps.config.requestsQueueUrl,
          ReceiptHandle: record.receiptHandle,
          VisibilityTimeout: seconds,
        }),
      )
      .catch((error: unknown) =>
        logger.warn('could not delay a throttled request', { error: String(error) }),
      );
  };

  return middy<SQSEvent, SQSBatchResponse>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async (event) => {
      const failed: string[] = [];
      let backoff: number | undefined;
      for (const record of event.Records) {
        if (backoff !== undefined) {
          failed.push(record.messageId);
          await hide(record, backoff);
          continue;
        }
        const parsed = ConnectRequestSchema.safeParse(safeJson(record.body));
        if (!parsed.success) {
          logger.error('malformed Connect request', { messageId: record.messageId });
          failed.push(record.messageId);
          continue;
        }
        const request = parsed.data;
        await pace();
        try {
          const contactId = await deps.work.perform(request);
          logger.info('Connect request done', {
            operation: request.operation,
            conversationId: request.conversationId,
            contactId,
          });
          if (request.operation === 'startTask' && request.workItemId && contactId && deps.tasks) {
            await deps.tasks.started(request.workItemId, contactId, new Date());
          }
        } catch (error) {
          failed.push(record.messageId);
          if (error instanceof ConnectBusyError) {
            const receives = Number(record.attributes.ApproximateReceiveCount ?? '1');
            backoff = backoffSeconds(base, receives);
            await hide(record, backoff);
            logger.warn('Connect throttled; backing off', { code: error.code, seconds: backoff });
          } else {
            // A task started but not yet linked comes back too: its client token gives the same contact.
            logger.error('Connect request failed', {
              operation: request.operation,
              conversationId: request.conversationId,
              error: (error as Error).message,
            });
          }
        }
      }
      return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
    });
}

/** Exponential in the receive count, with up to a second of jitter, capped at SQS's maximum. */
export function backoffSeconds(baseSeconds: number, receiveCount: number): number {
  const exponential = baseSeconds * 2 ** Math.max(0, receiveCount - 1);
  return Math.min(MAX_BACKOFF_SECONDS, Math.round(exponential + Math.random()));
}

function safeJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

export const handler = lazyHandler(() => {
  const config = loadConnectConfig(process.env);
  const sqs = new SQSClient({});
  return makeHandler({ sqs, work: connectWork(config), config, tasks: connectTasks(sqs, process.env) });
});
