import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy, { type MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import { logger as sharedLogger } from './observability.ts';

export type Lambda<E, R> = (event: E, context: Context) => Promise<R>;

/**
 * The one handler base every function is built on (HTTP, queue, stream, scheduled, trigger,
 * authorizer): its log lines carry the invocation's request id and cold start, with keys a
 * previous invocation appended cleared. An edge adds its own middleware after it (HTTP: the
 * error mapping and the access audit).
 */
export function lambdaHandler<E, R>(
  handler: Lambda<E, R>,
  middleware: MiddlewareObj<E, R>[] = [],
  logger: Logger = sharedLogger,
): Lambda<E, R> {
  const base = middy<E, R>().use(injectLambdaContext(logger, { resetKeys: true }));
  for (const layer of middleware) base.use(layer);
  return base.handler(handler);
}
