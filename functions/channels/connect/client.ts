import {
  ConnectClient,
  StartOutboundVoiceContactCommand,
  StartTaskContactCommand,
} from '@aws-sdk/client-connect';
import type { ConnectConfig } from '#channels/connect/config.ts';
import { DomainError } from '#core/errors.ts';
import type { ConnectRequest } from './requests.ts';

/** Connect refused for now (throttled, over a quota, or failing): the same request can succeed later. */
export class ConnectBusyError extends DomainError {
  constructor(
    message: string,
    /** Connect's own name for the refusal (`ThrottlingException`). */
    readonly connectCode: string,
    options?: { cause?: unknown; retryAfterSeconds?: number },
  ) {
    super('connect_busy', message, {}, options);
    this.name = 'ConnectBusyError';
  }
}

/** Connect refused the request itself (bad parameters, missing settings): retrying will not help. */
export class ConnectRejectedError extends DomainError {
  constructor(
    message: string,
    /** Connect's own name for the refusal, or `Config` for a setting of ours that is missing. */
    readonly connectCode: string,
    options?: { cause?: unknown },
  ) {
    super('connect_rejected', message, {}, options);
    this.name = 'ConnectRejectedError';
  }
}

const BUSY = new Set([
  'ThrottlingException',
  'TooManyRequestsException',
  'LimitExceededException',
  'ServiceQuotaExceededException',
  'InternalServiceException',
]);

/** Starts work in Amazon Connect; one method per operation OneThread uses. */
export interface ConnectWork {
  /** Performs the request; returns the new contact's id. */
  perform(request: ConnectRequest): Promise<string>;
}

/**
 * The Connect API through `@aws-sdk/client-connect`, signed as usual. It makes one attempt per
 * request: retries and their pacing belong to the requests queue, not to a burst inside a Lambda.
 */
export function connectWork(config: ConnectConfig, client?: ConnectClient): ConnectWork {
  const connect =
    client ?? new ConnectClient({ region: config.region, endpoint: config.endpoint, maxAttempts: 1 });
  const instanceId = config.instanceArn?.split('/').at(-1);
  return {
    async perform(request) {
      if (!instanceId) throw new ConnectRejectedError('ONETHREAD_CONNECT_INSTANCE_ARN is not set', 'Config');
      const linked = {
        ...request.attributes,
        onethreadConversationId: request.conversationId,
        onethreadCustomerId: request.customerId,
      };
      try {
        if (request.operation === 'startTask') {
          const flow = request.contactFlowId ?? config.taskFlowId;
          if (!flow)
            throw new ConnectRejectedError('no task flow (ONETHREAD_CONNECT_TASK_FLOW_ID)', 'Config');
          const { ContactId } = await connect.send(
            new StartTaskContactCommand({
              InstanceId: instanceId,
              ContactFlowId: flow,
              Name: request.name,
              Description: request.description,
              References: request.timelineUrl
                ? { Timeline: { Type: 'URL', Value: request.timelineUrl } }
                : undefined,
              Attributes: linked,
              ClientToken: request.clientToken,
            }),
          );
          return ContactId ?? '';
        }
        const flow = request.contactFlowId ?? config.callbackFlowId;
        const queue = request.queueId ?? config.callbackQueueId;
        if (!flow || !queue) {
          throw new ConnectRejectedError(
            'no callback flow and queue (ONETHREAD_CONNECT_CALLBACK_FLOW_ID, _QUEUE_ID)',
            'Config',
          );
        }
        const { ContactId } = await connect.send(
          new StartOutboundVoiceContactCommand({
            InstanceId: instanceId,
            ContactFlowId: flow,
            QueueId: queue,
            DestinationPhoneNumber: request.destinationPhoneNumber,
            Attributes: linked,
            ClientToken: request.clientToken,
            TrafficType: 'GENERAL',
          }),
        );
        return ContactId ?? '';
      } catch (error) {
        throw classify(error);
      }
    },
  };
}

/** A Connect API failure as busy (retry later) or rejected (retrying will not help). */
export function classify(error: unknown): Error {
  if (error instanceof ConnectRejectedError) return error;
  const { name = 'Error', message = String(error) } = error as { name?: string; message?: string };
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  const busy =
    BUSY.has(name) || status === 429 || (status !== undefined && status >= 500) || status === undefined;
  return busy
    ? new ConnectBusyError(`Connect is busy: ${message}`, name, { cause: error })
    : new ConnectRejectedError(`Connect refused the request: ${message}`, name, { cause: error });
}
