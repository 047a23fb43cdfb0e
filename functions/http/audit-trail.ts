import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { AuditRecord } from '#core/audit.ts';
import { safeJson } from '#shared/json.ts';
import type { AuditLog } from '#store/audit-log.ts';
import { type AuditSpec, ROUTES, routeKey } from '../routes.ts';
import { callerFromClaims } from './auth.ts';
import { decodePathSegment, rawBody } from './request.ts';
import type { HttpResult } from './response.ts';

/**
 * The customer an audited answer touched, when neither its path nor its JSON names them (a
 * file's bytes, a redirect): set by the handler, on a symbol key, so it never leaves in the answer.
 */
const AUDITED_CUSTOMER = Symbol('audited customer');

/** Names the customer an audited answer is about, for its audit entry only. */
export function auditedFor(result: HttpResult, customerId: string | undefined): HttpResult {
  return Object.assign(result, { [AUDITED_CUSTOMER]: customerId });
}

const AUDITED = new Map(
  ROUTES.flatMap((route) => (route.audit ? [[routeKey(route), route.audit] as const] : [])),
);

/**
 * middy middleware: every successful request to a route functions/routes.ts marks as audited
 * becomes one entry of the access audit, written before the answer leaves. A failed write fails
 * the request: a customer's record is never shown, or exported, without its entry. Refused and
 * failed requests are not entries (they touched nothing); a redirect is, as it hands out a
 * signed link to what was asked for (a file, on AWS).
 */
export function auditTrail(audit: AuditLog | undefined): MiddlewareObj<APIGatewayProxyEventV2, HttpResult> {
  return {
    after: async (request) => {
      const spec = AUDITED.get(request.event.routeKey);
      const status = request.response?.statusCode ?? 500;
      if (!spec || status < 200 || status >= 400) return;
      if (!audit) throw new Error(`${request.event.routeKey} is audited but this function has no audit log`);
      const records = auditRecords(request.event, request.response as HttpResult, spec);
      await Promise.all(records.map((record) => audit.record(record)));
    },
  };
}

/**
 * The entries a request makes: one, or one per customer a search listed (each was shown). Who
 * (the verified claims), what, and from where (API Gateway's view).
 */
function auditRecords(event: APIGatewayProxyEventV2, result: HttpResult, spec: AuditSpec): AuditRecord[] {
  const listed = spec.action === 'customer.read' ? listedCustomerIds(result) : undefined;
  if (!listed) return [auditRecord(event, result, spec)];
  return listed.map((customerId) => ({ ...auditRecord(event, result, spec), customerId }));
}

function auditRecord(event: APIGatewayProxyEventV2, result: HttpResult, spec: AuditSpec): AuditRecord {
  const claims = (event.requestContext as { authorizer?: { jwt?: { claims?: Record<string, unknown> } } })
    .authorizer?.jwt?.claims;
  const caller = callerFromClaims(claims);
  if (!caller) throw new Error(`${event.routeKey} is audited but reached the handler without a caller`);
  const aboutCustomer = spec.action.startsWith('customer.');
  const customerId =
    handlerCustomerId(result) ??
    (aboutCustomer ? (pathId(event, 'customerId') ?? answeredCustomerId(result)) : undefined);
  const related = aboutCustomer ? requestedCustomerId(event) : undefined;
  const { http, requestId } = event.requestContext;
  return {
    actor: { agentId: caller.agentId, role: caller.isSupervisor ? 'supervisor' : 'agent' },
    action: spec.action,
    customerId,
    relatedCustomerId: related !== customerId ? related : undefined,
    resource: spec.resource
      ? { type: spec.resource.type, id: resourceId(event, result, spec.resource.id) }
      : undefined,
    from: { sourceIp: http.sourceIp, userAgent: http.userAgent?.slice(0, 512) || undefined },
    requestId,
  };
}

function handlerCustomerId(result: HttpResult): string | undefined {
  const named = (result as { [AUDITED_CUSTOMER]?: unknown })[AUDITED_CUSTOMER];
  return typeof named === 'string' ? named : undefined;
}

function resourceId(
  event: APIGatewayProxyEventV2,
  result: HttpResult,
  where: NonNullable<AuditSpec['resource']>['id'],
): string | undefined {
  if (!where) return undefined;
  if ('path' in where) return pathId(event, where.path);
  return stringField(jsonOf(result.body, result.isBase64Encoded), ...where.answer);
}

function pathId(event: APIGatewayProxyEventV2, name: string): string | undefined {
  const raw = event.pathParameters?.[name];
  return raw === undefined ? undefined : decodePathSegment(raw);
}

/** A customer found by an identity is named only by the answer (`{ customer: { customerId } }`). */
function answeredCustomerId(result: HttpResult): string | undefined {
  return stringField(jsonOf(result.body, result.isBase64Encoded), 'customer', 'customerId');
}

/** A search names the customers it shows in the answer (`{ customers: [{ customerId }] }`). */
function listedCustomerIds(result: HttpResult): string[] | undefined {
  const customers = (jsonOf(result.body, result.isBase64Encoded) as { customers?: unknown })?.customers;
  if (!Array.isArray(customers)) return undefined;
  return customers.flatMap((customer) => {
    const id = (customer as { customerId?: unknown })?.customerId;
    return typeof id === 'string' ? [id] : [];
  });
}

/** Merges and unmerges name the other customer in the request body (`{ customerId }`). */
function requestedCustomerId(event: APIGatewayProxyEventV2): string | undefined {
  return stringField(jsonOf(rawBody(event).toString('utf8'), false), 'customerId');
}

function jsonOf(body: string | undefined, base64: boolean | undefined): unknown {
  return !body || base64 ? undefined : safeJson(body);
}

function stringField(value: unknown, ...path: string[]): string | undefined {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return typeof current === 'string' ? current : undefined;
}
