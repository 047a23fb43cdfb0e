import { randomUUID } from 'node:crypto';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { beforeEach, describe, expect, it } from 'vitest';
import { ConnectRequestsQueue } from '#channels/connect/requests.ts';
import { makeHandler } from '#handlers/connect-callback.ts';
import { ensureQueueWithDlq } from '#local/provision.ts';
import { CALLER, ingest } from '../support/connect.ts';
import { chatMessage, context, httpEvent } from '../support/events.ts';
import { createTestStack, type TestStack } from '../support/local-aws.ts';

const ROUTE = 'POST /conversations/{conversationId}/callback';
const AGENT = { sub: 'agent-ana', 'cognito:groups': 'agents' };

describe('callback request', () => {
  let stack: TestStack;
  let queueUrl: string;
  let callback: ReturnType<typeof makeHandler>;

  beforeEach(async () => {
    stack = await createTestStack();
    ({ queueUrl } = await ensureQueueWithDlq(stack.sqs, `connect-requests-${randomUUID().slice(0, 8)}`, {
      maxReceiveCount: 10,
      visibilityTimeoutSeconds: 30,
    }));
    callback = makeHandler({ ...stack, connectRequests: new ConnectRequestsQueue(stack.sqs, queueUrl) });
  });

  const queued = async () => {
    const { Messages = [] } = await stack.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10 }),
    );
    return Messages.map((m) => JSON.parse(m.Body ?? '{}'));
  };

  const conversationOf = async (identities: string[]) => {
    await ingest(stack, chatMessage({ identities }));
    const customer = await stack.customers.findByIdentity(identities[0] as `phone:${string}`);
    return { customerId: customer?.customerId ?? '', conversationId: customer?.lastConversationId ?? '' };
  };

  const ask = (conversationId: string, body: unknown = {}, claims: Record<string, string> | null = AGENT) =>
    callback(
      httpEvent(ROUTE, { pathParameters: { conversationId }, body, claims: claims ?? undefined }),
      context,
    );

  it("queues a call to the customer's own number with the conversation in its attributes", async () => {
    const { customerId, conversationId } = await conversationOf([`phone:${CALLER}`]);
    const result = await ask(conversationId);
    expect(result.statusCode).toBe(202);
    expect(await queued()).toEqual([
      {
        operation: 'startOutboundVoice',
        clientToken: expect.stringMatching(/^callback_/),
        conversationId,
        customerId,
        destinationPhoneNumber: CALLER,
        attributes: { reason: 'callback-request', requestedBy: 'agent-ana' },
      },
    ]);
  });

  it('tells the customer on the chat they wrote from that a call is coming', async () => {
    await ingest(
      stack,
      chatMessage({ identities: ['chat:s-callback', `phone:${CALLER}`], threadKey: 'chat:s-callback' }),
    );
    const customer = await stack.customers.findByIdentity(`phone:${CALLER}`);
    const conversationId = customer?.lastConversationId ?? '';
    const result = await ask(conversationId);
    expect(JSON.parse(result.body ?? '{}').notifiedOn).toBe('chat');
    const { Messages = [] } = await stack.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: stack.config.ingestQueueUrl, MaxNumberOfMessages: 10 }),
    );
    const notices = Messages.map((m) => JSON.parse(m.Body ?? '{}')).filter((m) => m.direction === 'outbound');
    expect(notices).toEqual([
      expect.objectContaining({
        channel: 'chat',
        conversationId,
        text: expect.stringContaining('call you shortly'),
      }),
    ]);
  });

  it('calls the number given, and asks Connect for the same call when asked twice', async () => {
    const { conversationId } = await conversationOf(['email:ana@example.com']);
    await ask(conversationId, { phone: '(415) 555-0123', requestId: 'r1' });
    await ask(conversationId, { phone: '+1 415 555 0123', requestId: 'r1' });
    const requests = await queued();
    expect(requests.map((r) => r.destinationPhoneNumber)).toEqual(['+14155550123', '+14155550123']);
    expect(requests[0].clientToken).toBe(requests[1].clientToken);
  });

  it('answers 422 when the customer has no number and none is given, 400 for a bad one, 404 for no conversation', async () => {
    const { conversationId } = await conversationOf(['email:ben@example.com']);
    expect((await ask(conversationId)).statusCode).toBe(422);
    expect((await ask(conversationId, { phone: 'call me' })).statusCode).toBe(400);
    expect((await ask('conv_missing')).statusCode).toBe(404);
    expect(await queued()).toEqual([]);
  });

  it('refuses a request without an agent', async () => {
    const { conversationId } = await conversationOf([`phone:${CALLER}`]);
    expect((await ask(conversationId, {}, null)).statusCode).toBe(401);
  });
});
