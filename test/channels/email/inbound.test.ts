import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { acceptInboundEmail, EmailRejectedError, type InboundEmail } from '#channels/email/inbound.ts';
import { inboundDeps } from '#channels/email/receive.ts';
import { makeHandler as makeIngest } from '#handlers/ingest.ts';
import { chatMessage, context, sqsEvent } from '../../support/events.ts';
import {
  createEmailStack,
  drainIngest,
  type EmailStack,
  fixture,
  timelineOf,
  workItemOf,
} from './support.ts';

let counter = 0;
/** What SES reports for mail whose domain passes DMARC: the sender's address is proven. */
const PASSING = { spf: 'PASS', dkim: 'PASS', dmarc: 'PASS' };

/** Delivers a fixture as the SMTP listener or SES would, then lets ingest run. */
async function deliver(stack: EmailStack, name: string, overrides: Partial<InboundEmail> = {}) {
  counter += 1;
  const message = await acceptInboundEmail(inboundDeps(stack), {
    providerMessageId: `test-${name}-${counter}-${Date.now()}`,
    raw: fixture(name),
    rawRef: `file:///fixtures/${name}`,
    receivedAt: new Date(Date.UTC(2025, 2, 11, 10, 0, counter)),
    envelope: { sender: 'bounce@example.net', recipients: ['support@northwind.example'] },
    verdicts: PASSING,
    ...overrides,
  });
  await drainIngest(stack);
  return message;
}

describe('inbound email', () => {
  let stack: EmailStack;
  beforeEach(async () => {
    stack = await createEmailStack({ email: { maxAttachmentBytes: 100_000 } });
  });

  it('puts a multipart message on the sender’s timeline with its subject, text, safe HTML and attachments', async () => {
    await deliver(stack, 'combined.eml');
    const [entry] = await timelineOf(stack, 'email:zoe.muller@example.net');
    expect(entry).toMatchObject({
      channel: 'email',
      direction: 'inbound',
      subject: 'Rückerstattung für Bestellung #48213',
      threadKey: 'email-id:<CAHx7qLm2Fz9kP0w8Rt3nV5bY1cJ6dS4gA@mail.example.net>',
    });
    expect(entry?.text).toContain('Rückerstattung über 89,90 € ist noch nicht');
    const html = entry?.email?.html ?? '';
    expect(html).toContain('<a href="https://shop.example.net/orders/48213" target="_blank"');
    expect(html).toContain('src="cid:logo.7f3a@example.net"');
    expect(html).not.toMatch(/script|onclick|javascript:|position/i);
    // Kept for the console, which loads no remote image until the agent asks.
    expect(html).toContain('src="https://tracker.example.com/open.gif?u=42"');
    expect(entry?.attachments.map((a) => [a.name, a.contentType])).toEqual([
      ['logo.png', 'image/png'],
      ['Quittung Müller.pdf', 'application/pdf'],
    ]);
    const pdf = await stack.email.blobs.get(entry?.attachments[1]?.ref as string);
    expect(
      Buffer.from(pdf ?? [])
        .subarray(0, 8)
        .toString(),
    ).toBe('%PDF-1.4');
    expect(entry?.email?.inlineImages?.['logo.7f3a@example.net']).toBe(entry?.attachments[0]?.ref);
    expect(entry?.email).toMatchObject({
      from: 'Zoë Müller <zoe.muller@example.net>',
      to: ['Northwind Support <support@northwind.example>'],
      mailbox: 'support@northwind.example',
      rawRef: 'file:///fixtures/combined.eml',
      sentAt: '2025-03-11T10:41:03.000Z',
    });
    expect(entry?.flags).toBeUndefined();
  });

  it('routes by the alias the customer wrote to', async () => {
    await deliver(stack, 'alternative.eml', {
      envelope: { recipients: ['Billing@Northwind.example'] },
    });
    const [entry] = await timelineOf(stack, 'email:amelie.durand@example.fr');
    expect(entry?.subject).toBe('Facture de février : frais facturés deux fois');
    expect(entry?.text).toContain('ma facture de février affiche deux fois');
    expect(await workItemOf(stack, entry)).toMatchObject({
      queueId: 'billing',
      channel: 'email',
      state: 'queued',
    });
  });

  it('falls back to the default queue for an alias no rule names', async () => {
    await deliver(stack, 'chain-1-question.eml');
    const [entry] = await timelineOf(stack, 'email:zoe.muller@example.net');
    expect(await workItemOf(stack, entry)).toMatchObject({ queueId: 'general' });
  });

  it('keeps a three-message reply chain in one conversation and shows only the new text of each reply', async () => {
    await deliver(stack, 'chain-1-question.eml');
    // Another conversation of the same customer is open meanwhile; the replies still find theirs.
    await deliver(stack, 'chain-2-reply.eml');
    await deliver(stack, 'chain-3-outlook.eml');
    const entries = await timelineOf(stack, 'email:zoe.muller@example.net');
    expect(entries).toHaveLength(3);
    expect(new Set(entries.map((e) => e.conversationId)).size).toBe(1);
    const [third, second] = entries;
    expect(second?.text).toBe(
      'Thanks for checking. The bank says nothing has come in yet. Can you send me the transaction reference?\n\nZoe',
    );
    expect(second?.email?.fullText).toContain('> the refund was issued on 4 March');
    expect(third?.text).toBe('It has arrived now, thank you! You can close this.\n\nZoe');
    expect(third?.email?.fullText).toContain('Sent: Tuesday, March 11, 2025');
  });

  it('joins a reply to the conversation of the message it answers even when another conversation is newer', async () => {
    const quiet = await createEmailStack({ app: { conversationPolicy: { quietSeconds: 1 } } });
    await deliver(quiet, 'chain-1-question.eml', { receivedAt: new Date(Date.now() - 120_000) });
    const [question] = await timelineOf(quiet, 'email:zoe.muller@example.net');
    await quiet.table.doc.send(
      new UpdateCommand({
        TableName: quiet.table.tableName,
        Key: { pk: `CONVERSATION#${question?.conversationId}`, sk: 'CONVERSATION' },
        UpdateExpression: 'REMOVE openWorkItemId',
      }),
    );
    // The email conversation has gone quiet; a chat starts a new one.
    const ingest = makeIngest(quiet);
    await ingest(
      sqsEvent([chatMessage({ identities: ['email:zoe.muller@example.net'], at: new Date().toISOString() })]),
      context,
    );
    const [chat] = await timelineOf(quiet, 'email:zoe.muller@example.net');
    expect(chat?.conversationId).not.toBe(question?.conversationId);

    await deliver(quiet, 'chain-2-reply.eml', { receivedAt: new Date(Date.now() + 1000) });
    const [reply] = await timelineOf(quiet, 'email:zoe.muller@example.net');
    expect(reply?.channel).toBe('email');
    expect(reply?.conversationId).toBe(question?.conversationId);
  });

  it('starts a new conversation for a new subject only when none is open', async () => {
    await deliver(stack, 'chain-1-question.eml');
    await deliver(stack, 'forwarded.eml');
    const entries = await timelineOf(stack, 'email:zoe.muller@example.net');
    expect(new Set(entries.map((e) => e.conversationId)).size).toBe(1);
  });

  it('never joins another customer’s conversation by quoting its Message-ID', async () => {
    await deliver(stack, 'chain-1-question.eml');
    const raw = fixture('chain-2-reply.eml')
      .toString('latin1')
      .replace(/zoe\.muller@example\.net/g, 'mallory@example.org')
      .replace('CAHx7qLm9Wq2', 'MALLORY00000');
    await deliver(stack, 'chain-2-reply.eml', { raw: Buffer.from(raw, 'latin1') });
    const [zoe] = await timelineOf(stack, 'email:zoe.muller@example.net');
    const [mallory] = await timelineOf(stack, 'email:mallory@example.org');
    expect(mallory?.conversationId).toBeDefined();
    expect(mallory?.conversationId).not.toBe(zoe?.conversationId);
  });

  it('keeps a forwarded message whole, inline or attached', async () => {
    await deliver(stack, 'forwarded.eml');
    await deliver(stack, 'forwarded-as-attachment.eml', {
      envelope: { recipients: ['billing@northwind.example'] },
    });
    const [attached, inline] = await timelineOf(stack, 'email:zoe.muller@example.net');
    expect(inline?.text).toContain('tracking number 1Z999AA10123456784');
    expect(inline?.text).toContain('> Please cancel it.');
    expect(attached?.attachments).toMatchObject([
      { name: 'Your invoice INV-2025-0311.eml', contentType: 'message/rfc822' },
    ]);
  });

  it('records an automatic reply without a work item', async () => {
    await deliver(stack, 'auto-reply.eml');
    const [entry] = await timelineOf(stack, 'email:zoe.muller@example.net');
    expect(entry?.flags).toEqual(['auto-reply']);
    expect(entry?.email?.problems).toContain('Auto-Submitted: auto-replied');
    expect(await workItemOf(stack, entry)).toBeUndefined();
  });

  it('records bulk mail without a work item', async () => {
    await deliver(stack, 'bulk.eml');
    const [entry] = await timelineOf(stack, 'email:news@packaging-weekly.example');
    expect(entry?.flags).toEqual(['auto-reply']);
    expect(await workItemOf(stack, entry)).toBeUndefined();
  });

  it('records a bounce on the timeline of the recipient it failed for, without a work item', async () => {
    await deliver(stack, 'bounce.eml', {
      envelope: { sender: '', recipients: ['support@northwind.example'] },
    });
    const [entry] = await timelineOf(stack, 'email:zoe.old@example.net');
    expect(entry?.flags).toEqual(['bounce']);
    expect(entry?.text).toContain('Address not found');
    expect(await workItemOf(stack, entry)).toBeUndefined();
    expect(await stack.customers.findByIdentity('email:mailer-daemon@googlemail.com')).toBeUndefined();
  });

  it('quarantines what the scan failed: on the timeline, not routed, attachments not extracted', async () => {
    await deliver(stack, 'spam.eml');
    const [entry] = await timelineOf(stack, 'email:winner@lottery-prize.example');
    expect(entry?.flags).toEqual(['quarantined']);
    expect(entry?.attachments).toEqual([]);
    expect(entry?.email?.omittedAttachments).toMatchObject([{ name: 'claim.exe', reason: 'quarantined' }]);
    expect(await workItemOf(stack, entry)).toBeUndefined();
  });

  it('quarantines on the SES receipt verdict even when the headers say PASS', async () => {
    await deliver(stack, 'chain-1-question.eml', { verdicts: { ...PASSING, spam: 'PASS', virus: 'FAIL' } });
    const [entry] = await timelineOf(stack, 'email:zoe.muller@example.net');
    expect(entry?.flags).toEqual(['quarantined']);
    expect(entry?.email?.verdicts).toEqual({ ...PASSING, spam: 'PASS', virus: 'FAIL' });
  });

  it('leaves attachments over the limit in the original and flags the message', async () => {
    await deliver(stack, 'attachments.eml', { envelope: { recipients: ['returns@northwind.example'] } });
    const [entry] = await timelineOf(stack, 'email:jonas.weber@example.de');
    expect(entry?.attachments.map((a) => a.name)).toEqual([
      'Schäden Karton.jpg',
      'Rücksendeetikett №50177.pdf',
    ]);
    expect(entry?.email?.omittedAttachments).toMatchObject([{ name: 'video.bin', size: 300_000 }]);
    expect(entry?.flags).toEqual(['attachment-too-large']);
    expect(await workItemOf(stack, entry)).toMatchObject({ queueId: 'returns' });
  });

  it('keeps a message in an unknown character set, flagged', async () => {
    await deliver(stack, 'unknown-charset.eml');
    const [entry] = await timelineOf(stack, 'email:kenji.sato@example.jp');
    expect(entry?.flags).toEqual(['unknown-charset']);
    expect(entry?.text).toContain('Order 50210 arrived broken');
    expect(await workItemOf(stack, entry)).toBeDefined();
  });

  it('attributes a message without From to the envelope sender and flags it', async () => {
    await deliver(stack, 'missing-headers.eml', {
      envelope: { sender: 'K.Tanaka@Example.jp', recipients: [] },
    });
    const [entry] = await timelineOf(stack, 'email:k.tanaka@example.jp');
    expect(entry?.flags).toEqual(['malformed']);
    expect(entry?.text).toContain('The box arrived crushed');
    expect(entry?.email?.problems).toEqual(
      expect.arrayContaining(['no From header', 'no Message-ID header']),
    );
    expect(await workItemOf(stack, entry)).toBeDefined();
  });

  it('refuses a message with no sender at all', async () => {
    await expect(
      deliver(stack, 'garbage.eml', { envelope: { sender: '', recipients: ['support@northwind.example'] } }),
    ).rejects.toBeInstanceOf(EmailRejectedError);
  });

  it('stores the same message delivered twice once', async () => {
    const input = {
      providerMessageId: 'same-ses-id-0001',
      raw: fixture('chain-1-question.eml'),
      receivedAt: new Date('2025-03-10T07:12:45Z'),
      envelope: { recipients: ['support@northwind.example'] },
      verdicts: PASSING,
    };
    await Promise.all([
      acceptInboundEmail(inboundDeps(stack), input),
      acceptInboundEmail(inboundDeps(stack), input),
    ]);
    await drainIngest(stack);
    expect(await timelineOf(stack, 'email:zoe.muller@example.net')).toHaveLength(1);
  });

  it("never puts mail that fails DMARC on the From address's timeline: the address is only a claim", async () => {
    await deliver(stack, 'chain-1-question.eml');
    const forged = await deliver(stack, 'chain-2-reply.eml', {
      verdicts: { spf: 'FAIL', dkim: 'FAIL', dmarc: 'FAIL', dmarcPolicy: 'none' },
    });
    expect(forged.identities).toEqual([
      {
        identity: 'email:zoe.muller@example.net',
        trust: 'claimed',
        evidence: 'ses:dmarc=fail,spf=fail,dkim=fail',
      },
    ]);
    expect(await timelineOf(stack, 'email:zoe.muller@example.net')).toHaveLength(1);
  });
});
