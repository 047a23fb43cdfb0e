import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { DomainError } from '#core/errors.ts';
import { unauthorized } from './errors.ts';

/** Who is calling an agent route, from the claims the JWT authorizer checked. */
export interface Caller {
  subject: string;
  /** The agent this user works as: the `custom:agentId` claim, else the Cognito user name. */
  agentId: string;
  groups: string[];
  isSupervisor: boolean;
}

/** Cognito puts groups in `cognito:groups`, as a list or, through API Gateway, a bracketed string. */
function parseGroups(raw: unknown): string[] {
  if (Array.isArray(raw)) return raw.map(String);
  if (typeof raw !== 'string' || !raw) return [];
  return raw
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter(Boolean);
}

/**
 * API Gateway's JWT authorizer (or the local gateway, with the dev token) has already checked
 * the token; this refuses any request that reached a handler without that check.
 */
export function requireCaller(event: APIGatewayProxyEventV2): Caller {
  const claims = (event.requestContext as { authorizer?: { jwt?: { claims?: Record<string, unknown> } } })
    .authorizer?.jwt?.claims;
  const caller = callerFromClaims(claims);
  if (!caller) throw unauthorized();
  return caller;
}

/** The caller a verified token's claims describe; undefined without a subject. */
export function callerFromClaims(claims: Record<string, unknown> | undefined): Caller | undefined {
  const subject = claims?.sub;
  if (typeof subject !== 'string' || !subject) return undefined;
  const groups = parseGroups(claims?.['cognito:groups']);
  const agentId = [claims?.['custom:agentId'], claims?.['cognito:username'], subject].find(
    (value): value is string => typeof value === 'string' && value.length > 0,
  ) as string;
  return { subject, agentId, groups, isSupervisor: groups.includes('supervisors') };
}

export function requireSupervisor(event: APIGatewayProxyEventV2): Caller {
  const caller = requireCaller(event);
  if (!caller.isSupervisor) throw new DomainError('forbidden', 'this needs a supervisor');
  return caller;
}
