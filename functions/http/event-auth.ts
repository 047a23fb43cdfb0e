import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { type ApiKey, keyIdOf, keyMatches } from '#core/api-keys.ts';
import type { EventSource } from '#core/event-intake.ts';
import { unauthorized } from './errors.ts';
import { bearerToken, header } from './request.ts';

export interface ApiKeyLookup {
  get(keyId: string): Promise<ApiKey | undefined>;
}

/**
 * The events API key a request presents (`Authorization: Bearer otk_…` or `x-api-key`), checked
 * against its stored digest. Unknown, revoked and wrong keys get the same 401.
 */
export async function requireApiKey(event: APIGatewayProxyEventV2, keys: ApiKeyLookup): Promise<ApiKey> {
  const presented = bearerToken(event) ?? header(event, 'x-api-key')?.trim();
  const keyId = presented ? keyIdOf(presented) : undefined;
  if (!presented || !keyId) throw unauthorized('missing or invalid API key');
  const key = await keys.get(keyId);
  if (!key || key.revokedAt || !keyMatches(key, presented)) throw unauthorized('missing or invalid API key');
  return key;
}

export function keySource(key: ApiKey): EventSource {
  return { source: key.keyId, evidence: `events:${key.keyId}` };
}

interface IamContext {
  accountId?: string;
  userArn?: string;
  callerId?: string;
}

/**
 * The AWS principal API Gateway authenticated with SigV4 on an IAM route. Nothing else sets
 * this context (the local gateway never does), so without it the request is refused.
 */
export function requireIamCaller(event: APIGatewayProxyEventV2): EventSource {
  const iam = (event.requestContext as { authorizer?: { iam?: IamContext } }).authorizer?.iam;
  const principal = iam?.userArn ?? iam?.callerId;
  if (!iam?.accountId || !principal) throw unauthorized('this route needs a SigV4-signed AWS caller');
  return { source: `iam:${principal}`.slice(0, 512), evidence: `events:iam:${iam.accountId}` };
}
