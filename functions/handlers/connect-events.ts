import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { normalizeContactEvent } from '#channels/connect/events.ts';
import { type ConnectConfig, loadConfig, loadConnectConfig } from '#shared/config.ts';
import { type AppDeps, createDeps, lazyHandler } from '#shared/deps.ts';
import { logger } from '#shared/observability.ts';

export interface ContactEventResult {
  enqueued: boolean;
  ignored?: string | undefined;
}

/**
 * Target of the EventBridge rule for `aws.connect` "Amazon Connect Contact Event": each event
 * becomes a call report on the ingest queue, where it moves the call on the caller's timeline.
 * Events that can never be used (malformed, other channels, unknown types) are dropped with a
 * log line; a queue failure throws, so EventBridge's retry (and the target's DLQ) takes over.
 */
export function makeHandler(deps: AppDeps, connect: ConnectConfig) {
  return middy<unknown, ContactEventResult>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async (event) => {
      const normalized = normalizeContactEvent(event, {
        defaultCountry: deps.config.defaultCountry,
        instanceArn: connect.instanceArn,
      });
      if ('ignored' in normalized) {
        logger.info('contact event ignored', { reason: normalized.ignored, detail: normalized.detail });
        return { enqueued: false, ignored: normalized.ignored };
      }
      await deps.ingestQueue.send(normalized.message);
      logger.info('contact event enqueued', {
        contactId: normalized.message.contactId,
        eventType: normalized.message.event.type,
      });
      return { enqueued: true };
    });
}

export const handler = lazyHandler(() =>
  makeHandler(createDeps(loadConfig(process.env)), loadConnectConfig(process.env)),
);
