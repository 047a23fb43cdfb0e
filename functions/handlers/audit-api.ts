import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { AuditQuerySchema } from '#core/audit.ts';
import { requireSupervisor } from '#http/auth.ts';
import { httpHandler } from '#http/http-handler.ts';
import { parseWith } from '#http/request.ts';
import { type HttpResult, json } from '#http/response.ts';
import { routeByKey } from '#http/router.ts';
import { logger } from '#shared/observability.ts';
import type { AuditLog } from '#store/audit-log.ts';

/**
 * The access audit for supervisors: a customer's entries or an agent's, newest first. Its own
 * function, so it alone may query the audit table (docs/compliance.md#access-audit).
 */
export function makeHandler(deps: { audit: AuditLog }) {
  return httpHandler(logger, routeByKey({ 'GET /audit': (event) => queryAudit(event, deps.audit) }));
}

async function queryAudit(event: APIGatewayProxyEventV2, audit: AuditLog): Promise<HttpResult> {
  requireSupervisor(event);
  const query = parseWith(AuditQuerySchema, event.queryStringParameters ?? {}, '');
  const page = await audit.query(query);
  return json(200, { entries: page.entries, nextCursor: page.nextCursor ?? null });
}
