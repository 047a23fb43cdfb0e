import type { PostAuthenticationTriggerEvent } from 'aws-lambda';
import type { AuditRecord } from '#core/audit.ts';
import { lambdaHandler } from '#shared/lambda-handler.ts';
import type { AuditLog } from '#store/audit-log.ts';

/**
 * Cognito's post-authentication trigger: every agent's sign-in is an entry of the access audit.
 * Cognito waits for it, so a sign-in whose entry cannot be written fails: nobody works unrecorded.
 */
export function makeHandler(deps: { audit: AuditLog }) {
  return lambdaHandler<PostAuthenticationTriggerEvent, PostAuthenticationTriggerEvent>(
    async (event, context) => {
      await deps.audit.record(signInRecord(event, context.awsRequestId));
      return event;
    },
  );
}

/**
 * Who signed in, as the agent API will know them (functions/http/auth.ts: `custom:agentId`, else
 * the user name). Cognito tells a trigger neither the groups nor the client's address.
 */
export function signInRecord(event: PostAuthenticationTriggerEvent, requestId: string): AuditRecord {
  const attributes = event.request.userAttributes;
  return {
    actor: {
      agentId: attributes['custom:agentId'] || event.userName,
      principal: attributes.sub,
      role: 'unknown',
    },
    action: 'agent.signed-in',
    from: {},
    requestId,
  };
}
