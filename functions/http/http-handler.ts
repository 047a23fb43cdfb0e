import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import type { AuditLog } from '#store/audit-log.ts';
import { auditTrail } from './audit-trail.ts';
import { httpErrors } from './error-handler.ts';
import type { HttpResult } from './response.ts';
import type { RouteHandler } from './router.ts';

export type HttpLambda = (event: APIGatewayProxyEventV2, context: Context) => Promise<HttpResult>;

/**
 * The house HTTP handler: observability first, then the route, with errors mapped in one place.
 * Routes functions/routes.ts marks as audited are recorded in the access audit given; without
 * one, they fail rather than go unrecorded.
 */
export function httpHandler(logger: Logger, route: RouteHandler, audit?: AuditLog): HttpLambda {
  return middy<APIGatewayProxyEventV2, HttpResult>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(httpErrors(logger))
    .use(auditTrail(audit))
    .handler((event) => route(event));
}
