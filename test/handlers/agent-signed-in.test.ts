import { readFileSync } from 'node:fs';
import type { PostAuthenticationTriggerEvent } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { AuditQuerySchema } from '#core/audit.ts';
import { makeHandler } from '#handlers/agent-signed-in.ts';
import { AuditLog } from '#store/audit-log.ts';
import { context } from '../support/events.ts';
import { createTestStack, type TestStack } from '../support/local-aws.ts';

const signIn: PostAuthenticationTriggerEvent = JSON.parse(
  readFileSync(new URL('../fixtures/cognito/post-authentication.json', import.meta.url), 'utf8'),
);

describe('Cognito post-authentication trigger', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await createTestStack();
  });

  it("records the agent's sign-in under the agent the user works as, and lets Cognito go on", async () => {
    const agentId = `agent-${crypto.randomUUID().slice(0, 8)}`;
    const event = {
      ...signIn,
      request: {
        ...signIn.request,
        userAttributes: { ...signIn.request.userAttributes, 'custom:agentId': agentId },
      },
    };

    const answer = await makeHandler(stack)(event, context);

    expect(answer).toEqual(event);
    const { entries } = await stack.audit.query(AuditQuerySchema.parse({ agentId }));
    expect(entries).toEqual([
      {
        id: expect.stringMatching(/^aud_/),
        at: expect.any(String),
        actor: { agentId, principal: signIn.request.userAttributes.sub, role: 'unknown' },
        action: 'agent.signed-in',
        from: {},
        requestId: context.awsRequestId,
      },
    ]);
    expect(JSON.stringify(entries)).not.toContain('ana.lima@example.com');
    expect(JSON.stringify(entries)).not.toContain('Ana Lima');
  });

  it('names a user without an agent id by their user name', async () => {
    const userName = `user-${crypto.randomUUID().slice(0, 8)}`;
    const { 'custom:agentId': _agentId, ...attributes } = signIn.request.userAttributes;

    await makeHandler(stack)(
      { ...signIn, userName, request: { ...signIn.request, userAttributes: attributes } },
      context,
    );

    const { entries } = await stack.audit.query(AuditQuerySchema.parse({ agentId: userName }));
    expect(entries.map((entry) => entry.action)).toEqual(['agent.signed-in']);
  });

  it('fails the sign-in when its entry cannot be written', async () => {
    const audit = new AuditLog({ doc: stack.table.doc, tableName: 'no-such-audit-table' }, stack.clock.now);
    await expect(makeHandler({ audit })(signIn, context)).rejects.toThrow();
  });
});
