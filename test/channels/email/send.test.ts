import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { acceptInboundEmail, type InboundEmail } from '#channels/email/inbound.ts';
import { inboundDeps } from '#channels/email/receive.ts';
import { EmailSendError, sendEmailReply } from '#channels/email/send.ts';
import { DomainError, NotFoundError } from '#core/errors.ts';
import type { Emulator } from '#local/emulators.ts';
import { startSesEmulator } from '#local/ses-emulator.ts';
import { QueueHoursRepo } from '#store/queue-hours-repo.ts';
import { createEmailStack, drainIngest, type EmailStack, fixture, timelineOf } from './support.ts';

interface SentEmail {
  messageId: string;
  from: string;
  replyTo: string[];
  destination: { to: string[] };
  subject: string;
  body: { text?: string; html?: string };
  headers?: Array<{ name: string; value: string }>;
}

let ses: Emulator;
beforeAll(async () => {
  ses = await startSesEmulator();
});
afterAll(async () => {
  await ses?.stop();
});

async function sent(sesMessageId: string): Promise<SentEmail | undefined> {
  const store = (await (await fetch(`${ses.endpoint}/store`)).json()) as { emails: SentEmail[] };
  return store.emails.find((email) => email.messageId === sesMessageId);
}

function header(email: SentEmail | undefined, name: string): string | undefined {
  return email?.headers?.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value;
}

let counter = 0;
const PASSING = { spf: 'PASS', dkim: 'PASS', dmarc: 'PASS' };
async function deliver(stack: EmailStack, raw: Buffer | string, overrides: Partial<InboundEmail> = {}) {
  counter += 1;
  await acceptInboundEmail(inboundDeps(stack), {
    providerMessageId: `send-test-${counter}-${Date.now()}`,
    raw: typeof raw === 'string' ? fixture(raw) : raw,
    receivedAt: new Date(Date.now() - 60_000 + counter),
    envelope: { recipients: ['support@northwind.example'] },
    verdicts: PASSING,
    ...overrides,
  });
  await drainIngest(stack);
}

async function conversationOf(stack: EmailStack): Promise<string> {
  const [entry] = await timelineOf(stack, 'email:zoe.muller@example.net');
  return entry?.conversationId as string;
}

describe('email replies', () => {
  let stack: EmailStack;
  beforeEach(async () => {
    stack = await createEmailStack({ sesEndpoint: ses.endpoint, email: { fromName: 'Northwind Support' } });
  });

  it('answers from the address the customer wrote to, threaded, with a reply token, and records it', async () => {
    await deliver(stack, 'chain-1-question.eml');
    const conversationId = await conversationOf(stack);
    const result = await sendEmailReply(stack, {
      conversationId,
      text: 'Hello Zoe, the refund left us on 4 March.',
      html: '<p>Hello Zoe, the refund left us on <b>4 March</b>.</p><script>x()</script>',
      agentId: 'agent-ana',
    });

    const email = await sent(result.sesMessageId);
    expect(email).toMatchObject({
      from: '"Northwind Support" <support@northwind.example>',
      destination: { to: ['"Zoe Mueller" <zoe.muller@example.net>'] },
      subject: 'Re: Where is my refund for order #48213?',
      body: {
        text: 'Hello Zoe, the refund left us on 4 March.',
        html: '<p>Hello Zoe, the refund left us on <b>4 March</b>.</p>',
      },
    });
    expect(email?.replyTo).toEqual([result.replyTo]);
    expect(result.replyTo).toMatch(/^support\+r[0-9a-f]{16}@northwind\.example$/);
    expect(header(email, 'In-Reply-To')).toBe('<CAHx7qLm2Fz9kP0w8Rt3nV5bY1cJ6dS4gA@mail.example.net>');
    expect(header(email, 'References')).toBe('<CAHx7qLm2Fz9kP0w8Rt3nV5bY1cJ6dS4gA@mail.example.net>');

    const [outbound] = await timelineOf(stack, 'email:zoe.muller@example.net');
    expect(outbound).toMatchObject({
      interactionId: result.interactionId,
      conversationId,
      direction: 'outbound',
      channel: 'email',
      providerMessageId: result.sesMessageId,
      text: 'Hello Zoe, the refund left us on 4 March.',
      sentBy: 'agent-ana',
      deliveryStatus: 'accepted',
    });
    expect(outbound?.email).toMatchObject({
      messageId: `<${result.sesMessageId}@email.amazonses.com>`,
      sesMessageId: result.sesMessageId,
      mailbox: 'support@northwind.example',
      firstResponse: { queueId: 'general', targetSeconds: 86_400, met: true },
    });
    expect(result.recorded).toBe('timeline');
  });

  it('carries the whole chain in References when answering a reply', async () => {
    await deliver(stack, 'chain-1-question.eml');
    await deliver(stack, 'chain-2-reply.eml');
    const first = await sendEmailReply(stack, {
      conversationId: await conversationOf(stack),
      text: 'Here is the reference: NW-REF-88812.',
      agentId: 'agent-ben',
    });
    const email = await sent(first.sesMessageId);
    expect(header(email, 'In-Reply-To')).toBe('<CAHx7qLm9Wq2eR5tY8uI1oP4aS7dF0gH3jK@mail.example.net>');
    expect(header(email, 'References')).toBe(
      '<CAHx7qLm2Fz9kP0w8Rt3nV5bY1cJ6dS4gA@mail.example.net> ' +
        '<0102019572c1a8e4-3b9d6f21-7c4e-4a85-9e13-5d2b8f0a6c47-000000@eu-west-1.amazonses.com> ' +
        '<CAHx7qLm9Wq2eR5tY8uI1oP4aS7dF0gH3jK@mail.example.net>',
    );
    expect(email?.subject).toBe('Re: Where is my refund for order #48213?');
  });

  it('measures the first response only once per work item', async () => {
    await deliver(stack, 'chain-1-question.eml');
    const conversationId = await conversationOf(stack);
    const first = await sendEmailReply(stack, { conversationId, text: 'First.', agentId: 'agent-ana' });
    const second = await sendEmailReply(stack, { conversationId, text: 'Second.', agentId: 'agent-ana' });
    expect(first.firstResponse).toBeDefined();
    expect(second.firstResponse).toBeUndefined();
  });

  it('counts only the queue’s open hours on the first-response clock', async () => {
    await deliver(stack, 'chain-1-question.eml');
    const conversationId = await conversationOf(stack);
    const conversation = await stack.conversations.get(conversationId);
    const item = await stack.workItems.get(conversation?.openWorkItemId ?? '');
    // Closed all of today: the mail waited, but no open second has passed.
    const today = new Date().toISOString().slice(0, 10);
    const weekly = (['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const).map((day) => ({
      day,
      open: '09:00',
      close: '17:00',
    }));
    await new QueueHoursRepo(stack.table).put(
      item?.queueId ?? 'general',
      { timeZone: 'UTC', weekly, holidays: [{ date: today }] },
      new Date().toISOString(),
    );
    const { firstResponse } = await sendEmailReply(stack, {
      conversationId,
      text: 'First.',
      agentId: 'agent-ana',
    });
    expect(firstResponse).toMatchObject({ seconds: 0, met: true });
  });

  it('threads the customer’s answer back into the conversation, by In-Reply-To or by the reply token alone', async () => {
    const quiet = await createEmailStack({
      sesEndpoint: ses.endpoint,
      app: { conversationPolicy: { quietSeconds: 1 } },
    });
    await deliver(quiet, 'chain-1-question.eml');
    const conversationId = await conversationOf(quiet);
    const reply = await sendEmailReply(quiet, { conversationId, text: 'Refund sent.', agentId: 'agent-ana' });
    await quiet.table.doc.send(
      new UpdateCommand({
        TableName: quiet.table.tableName,
        Key: { pk: `CONVERSATION#${conversationId}`, sk: 'CONVERSATION' },
        UpdateExpression: 'REMOVE openWorkItemId',
      }),
    );
    await new Promise((done) => setTimeout(done, 1100));

    const answer = [
      'From: Zoe Mueller <zoe.muller@example.net>',
      `To: ${reply.replyTo}`,
      'Subject: A different subject',
      'Date: Wed, 12 Mar 2025 10:00:00 +0000',
      'Message-ID: <answer-1@mail.example.net>',
      `In-Reply-To: ${reply.messageId}`,
      '',
      'Got it, thanks.',
    ].join('\r\n');
    await deliver(quiet, Buffer.from(answer), {
      receivedAt: new Date(),
      envelope: { recipients: ['support@northwind.example'] },
    });
    const [threaded] = await timelineOf(quiet, 'email:zoe.muller@example.net');
    expect(threaded?.text).toBe('Got it, thanks.');
    expect(threaded?.conversationId).toBe(conversationId);

    const tokenOnly = answer
      .replace(/In-Reply-To: .*\r\n/, '')
      .replace('<answer-1@', '<answer-2@')
      .replace('Got it', 'Token');
    await deliver(quiet, Buffer.from(tokenOnly), {
      receivedAt: new Date(Date.now() + 1000),
      envelope: { recipients: [reply.replyTo] },
    });
    const [byToken] = await timelineOf(quiet, 'email:zoe.muller@example.net');
    expect(byToken?.text).toBe('Token, thanks.');
    expect(byToken?.conversationId).toBe(conversationId);
  });

  it('never answers an automatic reply: it answers the customer’s own last email instead', async () => {
    await deliver(stack, 'chain-1-question.eml');
    await deliver(stack, 'auto-reply.eml');
    const result = await sendEmailReply(stack, {
      conversationId: await conversationOf(stack),
      text: 'We will wait until you are back.',
      agentId: 'agent-ana',
    });
    expect(header(await sent(result.sesMessageId), 'In-Reply-To')).toBe(
      '<CAHx7qLm2Fz9kP0w8Rt3nV5bY1cJ6dS4gA@mail.example.net>',
    );
  });

  it('refuses to answer a conversation that holds only machine mail', async () => {
    await deliver(stack, 'auto-reply.eml');
    const conversationId = await conversationOf(stack);
    await expect(
      sendEmailReply(stack, { conversationId, text: 'Hello?', agentId: 'agent-ana' }),
    ).rejects.toMatchObject({ code: 'conflict' });
  });

  it('rejects an empty reply and an unknown conversation', async () => {
    await expect(
      sendEmailReply(stack, { conversationId: 'conv_x', text: '   ', agentId: 'agent-ana' }),
    ).rejects.toBeInstanceOf(DomainError);
    await expect(
      sendEmailReply(stack, { conversationId: 'conv_missing', text: 'Hi', agentId: 'agent-ana' }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('reports a reply SES could not take, and keeps it on the timeline flagged', async () => {
    const offline = await createEmailStack({ sesEndpoint: 'http://127.0.0.1:9' });
    await deliver(offline, 'chain-1-question.eml');
    const conversationId = await conversationOf(offline);
    const error = await sendEmailReply(offline, {
      conversationId,
      text: 'This will not go out.',
      agentId: 'agent-ana',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmailSendError);
    expect(error).toMatchObject({ retryable: true });
    const [failed] = await timelineOf(offline, 'email:zoe.muller@example.net');
    expect(failed).toMatchObject({
      interactionId: (error as EmailSendError).interactionId,
      direction: 'outbound',
      deliveryStatus: 'failed',
      sentBy: 'agent-ana',
      text: 'This will not go out.',
      conversationId,
    });
    expect(failed?.deliveryReason).toBeTruthy();
  });
});
