import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { SQSClient } from '@aws-sdk/client-sqs';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import {
  ConnectBusyError,
  ConnectRejectedError,
  type ConnectWork,
  connectWork,
} from '#channels/connect/client.ts';
import { ConnectRequestSchema } from '#channels/connect/requests.ts';
import { backoffSeconds } from '#queue/backoff.ts';
import { QueueRetries, receiveCount } from '#queue/retries.ts';
import { type ConnectTasks, connectTasks } from '#routing/connect-tasks.ts';
import { type ConnectConfig, loadConnectConfig } from '#shared/config.ts';
import { lazyHandler } from '#shared/deps.ts';
import { logger } from '#shared/observability.ts';
import { createTableClient } from '#store/dynamo.ts';
import { PlacedCallsRepo } from '#store/placed-calls-repo.ts';

export interface ConnectRequestsDeps {
  sqs: SQSClient;
  work: ConnectWork;
  /** Links each task started for a work item to it; without it such tasks are only started. */
  tasks?: Pick<ConnectTasks, 'started'> | undefined;
  /** Records each call placed (a callback) under its contact id, so its reports find its item. */
  placedCalls?: Pick<PlacedCallsRepo, 'placed'> | undefined;
  config: Pick<ConnectConfig, 'requestsQueueUrl' | 'requestsPerSecond'>;
}

/**
 * Consumer of the Connect requests queue: starts tasks and callbacks one at a time, no faster
 * than the configured rate. When Connect throttles, the request and the rest of the batch go back
 * to the queue hidden for the shared backoff, so nothing is lost and Connect gets room to
 * recover. Requests Connect refuses, or that are malformed, go to the dead-letter queue at once.
 */
export function makeHandler(deps: ConnectRequestsDeps) {
  const spacingMs = 1000 / deps.config.requestsPerSecond;
  const retries = new QueueRetries(deps.sqs, {
    source: 'connectRequests',
    queueUrl: deps.config.requestsQueueUrl,
    isPoison: (error) => error instanceof ConnectRejectedError,
  });
  let lastCallAt = 0;

  const pace = async () => {
    const wait = lastCallAt + spacingMs - Date.now();
    if (wait > 0) await new Promise((done) => setTimeout(done, wait));
    lastCallAt = Date.now();
  };

  const perform = async (record: SQSRecord) => {
    const request = ConnectRequestSchema.parse(JSON.parse(record.body));
    await pace();
    const contactId = await deps.work.perform(request);
    logger.info('Connect request done', {
      operation: request.operation,
      conversationId: request.conversationId,
      contactId,
    });
    // A task started but not yet linked comes back on failure: its client token gives the same contact.
    if (request.operation === 'startTask' && request.workItemId && contactId && deps.tasks) {
      await deps.tasks.started(request.workItemId, contactId, new Date());
    }
    // Before the call's first reports, as a rule: Connect answers once it has started dialling.
    if (request.operation === 'startOutboundVoice' && contactId && deps.placedCalls) {
      const { conversationId, customerId, workItemId } = request;
      await deps.placedCalls.placed(contactId, { conversationId, customerId, workItemId }, new Date());
    }
  };

  return middy<SQSEvent, SQSBatchResponse>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async (event) => {
      const failed: string[] = [];
      let backoff: number | undefined;
      for (const record of event.Records) {
        if (backoff !== undefined) {
          failed.push(record.messageId);
          await retries.later(record, backoff);
          continue;
        }
        try {
          await perform(record);
        } catch (error) {
          if (error instanceof ConnectBusyError) {
            backoff = backoffSeconds(receiveCount(record));
            failed.push(record.messageId);
            await retries.later(record, backoff);
            logger.warn('Connect throttled; backing off', { code: error.connectCode, seconds: backoff });
          } else if (await retries.failed(record, error)) {
            failed.push(record.messageId);
          }
        }
      }
      return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
    });
}

export const handler = lazyHandler(() => {
  const config = loadConnectConfig(process.env);
  const sqs = new SQSClient({});
  const tableName = process.env.TABLE_NAME;
  return makeHandler({
    sqs,
    work: connectWork(config),
    config,
    tasks: connectTasks(sqs, process.env),
    placedCalls: tableName ? new PlacedCallsRepo(createTableClient(tableName)) : undefined,
  });
});
