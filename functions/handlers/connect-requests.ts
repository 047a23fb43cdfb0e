import type { SQSClient } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import { ConnectBusyError, type ConnectWork } from '#channels/connect/client.ts';
import type { ConnectConfig } from '#channels/connect/config.ts';
import { type ConnectRequest, ConnectRequestSchema } from '#channels/connect/requests.ts';
import { backoffSeconds } from '#queue/backoff.ts';
import { receiveCount } from '#queue/retries.ts';
import { sqsHandler } from '#queue/sqs-handler.ts';
import type { ConnectTasks } from '#routing/connect-tasks.ts';
import { logger } from '#shared/observability.ts';
import type { PlacedCallsRepo } from '#store/placed-calls-repo.ts';

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
 * than the configured rate. When Connect throttles, the request and whatever comes to it during
 * the backoff (the rest of the batch) go back to the queue hidden until the backoff is over, so
 * nothing is lost and Connect gets room to recover. Requests Connect refuses, or that are
 * malformed, go to the dead-letter queue at once.
 */
export function makeHandler(deps: ConnectRequestsDeps) {
  const spacingMs = 1000 / deps.config.requestsPerSecond;
  let lastCallAt = 0;
  /** Until when Connect is left alone after it throttled. */
  let busyUntil = 0;

  const pace = async () => {
    const wait = lastCallAt + spacingMs - Date.now();
    if (wait > 0) await new Promise((done) => setTimeout(done, wait));
    lastCallAt = Date.now();
  };

  /** Connect's answer, or a busy refusal that hides the request for the backoff it starts or is in. */
  const call = async (request: ConnectRequest, record: SQSRecord) => {
    const waitMs = busyUntil - Date.now();
    if (waitMs > 0) {
      throw new ConnectBusyError('Connect is backing off', 'Backoff', {
        retryAfterSeconds: Math.ceil(waitMs / 1000),
      });
    }
    await pace();
    try {
      return await deps.work.perform(request);
    } catch (error) {
      if (!(error instanceof ConnectBusyError)) throw error;
      const seconds = backoffSeconds(receiveCount(record));
      busyUntil = Date.now() + seconds * 1000;
      logger.warn('Connect throttled; backing off', { code: error.connectCode, seconds });
      throw new ConnectBusyError(error.message, error.connectCode, {
        cause: error,
        retryAfterSeconds: seconds,
      });
    }
  };

  const perform = async (request: ConnectRequest, record: SQSRecord) => {
    const contactId = await call(request, record);
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

  return sqsHandler(ConnectRequestSchema, perform, {
    sqs: deps.sqs,
    source: 'connectRequests',
    queueUrl: deps.config.requestsQueueUrl,
    sequential: true,
  });
}
