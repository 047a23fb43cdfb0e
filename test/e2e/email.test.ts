import { createTransport, type Transporter } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendEmailReply } from '#channels/email/send.ts';
import type { Interaction } from '#core/model.ts';
import { makeHandler as makeIngest } from '#handlers/ingest.ts';
import { type LocalEmail, startLocalEmail } from '#local/email.ts';
import { type Poller, startPoller } from '#local/sqs-poller.ts';
import { timelineOf } from '../channels/email/support.ts';
import { createTestStack, type TestStack } from '../support/local-aws.ts';

interface SentEmail {
  messageId: string;
  from: string;
  replyTo: string[];
  destination: { to: string[] };
  subject: string;
  body: { text?: string };
  headers?: Array<{ name: string; value: string }>;
}

/** Waits until the customer's timeline shows what `done` looks for. */
async function waitForTimeline(
  email: LocalEmail,
  done: (items: Interaction[]) => boolean,
  timeoutMs = 10_000,
): Promise<Interaction[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const items = await timelineOf(email.deps, 'email:zoe.muller@example.net');
    if (done(items)) return items;
    if (Date.now() > deadline) throw new Error(`timeline never got there: ${JSON.stringify(items)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('email, end to end on the local runtime', () => {
  let stack: TestStack;
  let email: LocalEmail;
  let poller: Poller;
  let smtp: Transporter;

  beforeAll(async () => {
    stack = await createTestStack();
    email = await startLocalEmail({
      deps: stack,
      env: { ONETHREAD_SMTP_PORT: '0', ONETHREAD_EMAIL_FROM_NAME: 'Northwind Support' },
    });
    poller = startPoller({
      sqs: stack.sqs,
      queueUrl: stack.config.ingestQueueUrl as string,
      queueArn: 'arn:aws:sqs:us-east-1:000000000000:ingest',
      handler: makeIngest(stack),
      functionName: 'ingest',
    });
    smtp = createTransport({ host: '127.0.0.1', port: email.smtpPort, secure: false, ignoreTLS: true });
  });

  afterAll(async () => {
    smtp?.close();
    await poller?.stop();
    await email?.stop();
  });

  it('takes a mail in over SMTP, sends the agent’s reply through SES threaded, and threads the answer back', async () => {
    const question = await smtp.sendMail({
      from: 'Zoë Müller <zoe.muller@example.net>',
      to: 'Northwind Billing <billing@northwind.example>',
      subject: 'Rückerstattung für Bestellung #48213',
      text: 'Guten Tag, die Rückerstattung über 89,90 € ist noch nicht angekommen.',
      html: '<p>Guten Tag, die Rückerstattung über <b>89,90 €</b> ist noch nicht angekommen.</p>',
      attachments: [{ filename: 'Quittung Müller.pdf', content: Buffer.from('%PDF-1.4\n%%EOF\n') }],
    });
    expect(question.accepted).toEqual(['billing@northwind.example']);

    const [received] = await waitForTimeline(email, (items) => items.length === 1);
    expect(received).toMatchObject({
      channel: 'email',
      direction: 'inbound',
      subject: 'Rückerstattung für Bestellung #48213',
      text: 'Guten Tag, die Rückerstattung über 89,90 € ist noch nicht angekommen.',
      attachments: [{ name: 'Quittung Müller.pdf', contentType: 'application/pdf' }],
    });
    expect(received?.email?.messageId).toBe(question.messageId);
    // The entry is on the timeline a moment before its conversation's work item is opened.
    const queueOfWork = async () => {
      const conversation = await stack.conversations.get(received?.conversationId as string);
      if (!conversation?.openWorkItemId) return undefined;
      return (await stack.workItems.get(conversation.openWorkItemId))?.queueId;
    };
    await expect.poll(queueOfWork, { timeout: 15_000 }).toBe('billing');

    const reply = await sendEmailReply(email.deps, {
      conversationId: received?.conversationId as string,
      text: 'Hallo Zoë, die Rückerstattung ist unterwegs.',
      agentId: 'agent-ana',
    });
    const store = (await (await fetch(`${email.sesEndpoint}/store`)).json()) as { emails: SentEmail[] };
    const sent = store.emails.find((e) => e.messageId === reply.sesMessageId);
    const header = (name: string) => sent?.headers?.find((h) => h.name === name)?.value;
    expect(sent).toMatchObject({
      from: '"Northwind Support" <billing@northwind.example>',
      subject: 'Re: Rückerstattung für Bestellung #48213',
      body: { text: 'Hallo Zoë, die Rückerstattung ist unterwegs.' },
    });
    expect(sent?.destination.to).toEqual(['=?UTF-8?B?Wm/DqyBNw7xsbGVy?= <zoe.muller@example.net>']);
    expect(sent?.replyTo).toEqual([expect.stringMatching(/^billing\+r[0-9a-f]{16}@northwind\.example$/)]);
    expect(header('In-Reply-To')).toBe(question.messageId);
    expect(header('References')).toBe(question.messageId);

    const answer = await smtp.sendMail({
      from: 'Zoë Müller <zoe.muller@example.net>',
      to: sent?.replyTo[0],
      subject: 'Re: Rückerstattung für Bestellung #48213',
      text: `Danke!\n\nOn Tue, 11 Mar 2025 at 12:00, Northwind Support <billing@northwind.example> wrote:\n> Hallo Zoë, die Rückerstattung ist unterwegs.\n`,
      inReplyTo: reply.messageId,
      references: [question.messageId, reply.messageId],
    });
    expect(answer.accepted).toHaveLength(1);
    const items = await waitForTimeline(email, (all) => all.length === 3);
    expect(items.map((item) => [item.direction, item.text])).toEqual([
      ['inbound', 'Danke!'],
      ['outbound', 'Hallo Zoë, die Rückerstattung ist unterwegs.'],
      ['inbound', 'Guten Tag, die Rückerstattung über 89,90 € ist noch nicht angekommen.'],
    ]);
    expect(new Set(items.map((item) => item.conversationId)).size).toBe(1);
  });

  it('refuses a message over the size limit at the SMTP level', async () => {
    const small = await startLocalEmail({
      deps: stack,
      env: { ONETHREAD_SMTP_PORT: '0', ONETHREAD_EMAIL_MAX_MESSAGE_BYTES: '2000' },
    });
    const client = createTransport({
      host: '127.0.0.1',
      port: small.smtpPort,
      secure: false,
      ignoreTLS: true,
    });
    try {
      await expect(
        client.sendMail({
          from: 'zoe.muller@example.net',
          to: 'support@northwind.example',
          subject: 'big',
          text: 'x'.repeat(5000),
        }),
      ).rejects.toMatchObject({ responseCode: 552 });
    } finally {
      client.close();
      await small.stop();
    }
  });
});
