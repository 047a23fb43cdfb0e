import type { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { type Lambda, lambdaHandler } from '#shared/lambda-handler.ts';
import type { AuditLog } from '#store/audit-log.ts';
import { auditTrail } from './audit-trail.ts';
import { httpErrors } from './error-handler.ts';
import type { HttpResult } from './response.ts';
import type { RouteHandler } from './router.ts';

export type HttpLambda = Lambda<APIGatewayProxyEventV2, HttpResult>;

/**
 * The house HTTP handler: the one handler base, then the route, with errors mapped in one place.
 * Routes functions/routes.ts marks as audited are recorded in the access audit given; without
 * one, they fail rather than go unrecorded.
 */
export function httpHandler(logger: Logger, route: RouteHandler, audit?: AuditLog): HttpLambda {
  return lambdaHandler((event) => route(event), [httpErrors(logger), auditTrail(audit)], logger);
}
