import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptInboundEmail } from '#channels/email/inbound.ts';
import { inboundDeps } from '#channels/email/receive.ts';
import { MAX_ATTACHMENT_BYTES } from '#core/attachments.ts';
import { makeHandler as makeAttachmentsApi } from '#handlers/attachments-api.ts';
import { makeHandler as makeReplies } from '#handlers/replies.ts';
import { sha256Base64 } from '#store/attachment-storage.ts';
import {
  createEmailStack,
  drainIngest,
  type EmailStack,
  fixture,
  timelineOf,
} from '../channels/email/support.ts';
import {
  type AttachmentGateway,
  type GrantAnswer,
  putGranted,
  startAttachmentGateway,
} from '../support/attachments.ts';
import { type RecordedRequest, type StandIn, startStandIn } from '../support/channels.ts';

const TOKEN = 'reply-email-attachments-token';
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001', 'hex');
const PDF = Buffer.from('%PDF-1.7\n%%EOF\n');
/** Long enough for RFC 2231 continuations, and outside ASCII. */
const LONG_NAME =
  'Rückerstattung für Bestellung #48213 – Beleg und Rücksendeetikett (Kopie für die Buchhaltung).pdf';

interface SendEmailBody {
  FromEmailAddress?: string;
  Destination?: { ToAddresses?: string[] };
  Content: { Raw?: { Data: string }; Simple?: unknown };
  EmailTags?: Array<{ Name: string; Value: string }>;
}

let sent = 0;
/** SES v2 SendEmail: a complete message in Raw (base64 over HTTPS), addressed, with a sender. */
function sesApi(request: RecordedRequest) {
  if (request.method !== 'POST' || request.path !== '/v2/email/outbound-emails') return { status: 404 };
  const body = JSON.parse(request.body) as SendEmailBody;
  const raw = body.Content.Raw?.Data;
  if (!body.FromEmailAddress || !body.Destination?.ToAddresses?.length) return { status: 400 };
  if (raw !== undefined && !/^[A-Za-z0-9+/]+=*$/.test(raw)) return { status: 400 };
  sent += 1;
  return { status: 200, body: { MessageId: `0102019572c1a8e4-raw-${sent}-000000` } };
}

function rawOf(request: RecordedRequest | undefined): Buffer {
  const body = JSON.parse(request?.body ?? '{}') as SendEmailBody;
  return Buffer.from(body.Content.Raw?.Data ?? '', 'base64');
}

describe('email replies that carry files', () => {
  let ses: StandIn;
  let stack: EmailStack;
  let gateway: AttachmentGateway;
  let conversationId: string;

  beforeAll(async () => {
    ses = await startStandIn(sesApi);
    stack = await createEmailStack({ sesEndpoint: ses.url, email: { fromName: 'Northwind Support' } });
    gateway = await startAttachmentGateway(TOKEN, (attachments) => ({
      replies: makeReplies({ ...stack, attachments }),
      attachmentsApi: makeAttachmentsApi({ ...stack, attachments }),
    }));
    await acceptInboundEmail(inboundDeps(stack), {
      providerMessageId: `reply-files-${Date.now()}`,
      raw: fixture('chain-1-question.eml'),
      receivedAt: new Date(Date.now() - 60_000),
      envelope: { recipients: ['support@northwind.example'] },
      verdicts: { spf: 'PASS', dkim: 'PASS', dmarc: 'PASS' },
    });
    await drainIngest(stack);
    const [entry] = await timelineOf(stack, 'email:zoe.muller@example.net');
    conversationId = entry?.conversationId as string;
  });
  afterAll(() => Promise.all([ses.close(), gateway.close()]));

  const post = (path: string, body: unknown) =>
    fetch(`${gateway.base}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  async function attach(bytes: Buffer, name: string, contentType: string) {
    const file = { name, contentType, size: bytes.length, sha256: sha256Base64(bytes) };
    const granted = (await (
      await post(`/conversations/${conversationId}/attachments`, file)
    ).json()) as GrantAnswer;
    expect(await putGranted(granted, bytes)).toBe(200);
    return granted.attachmentId;
  }

  it('sends the files as MIME attachments of a threaded reply, with their names, types and bytes', async () => {
    const ids = [
      await attach(PNG, 'Etikett für die Rücksendung.png', 'image/png'),
      await attach(PDF, LONG_NAME, 'application/pdf'),
      await attach(PDF, 'receipt "copy".pdf', 'application/pdf'),
    ];
    const answer = await post(`/conversations/${conversationId}/replies`, {
      channel: 'email',
      text: 'Hallo Zoë, anbei das Etikett und der Beleg.',
      html: '<p>Hallo Zoë, anbei das <b>Etikett</b> und der Beleg.</p>',
      attachmentIds: ids,
    });
    expect(answer.status).toBe(202);

    const raw = rawOf(ses.requests.at(-1));
    // SES refuses lines over 1,000 characters; everything here is 7-bit and short.
    for (const line of raw.toString('latin1').split('\r\n')) expect(line.length).toBeLessThanOrEqual(78);
    expect(raw.every((byte) => byte < 0x80)).toBe(true);

    const mail = await simpleParser(raw);
    expect(mail.subject).toBe('Re: Where is my refund for order #48213?');
    expect(mail.from?.text).toBe('"Northwind Support" <support@northwind.example>');
    expect(mail.inReplyTo).toBe('<CAHx7qLm2Fz9kP0w8Rt3nV5bY1cJ6dS4gA@mail.example.net>');
    expect(mail.text?.trim()).toBe('Hallo Zoë, anbei das Etikett und der Beleg.');
    expect(mail.html).toContain('<b>Etikett</b>');
    expect(mail.attachments.map((a) => [a.filename, a.contentType, a.contentDisposition])).toEqual([
      ['Etikett für die Rücksendung.png', 'image/png', 'attachment'],
      [LONG_NAME, 'application/pdf', 'attachment'],
      ['receipt "copy".pdf', 'application/pdf', 'attachment'],
    ]);
    expect(mail.attachments[0]?.content.equals(PNG)).toBe(true);
    expect(mail.attachments[1]?.content.equals(PDF)).toBe(true);

    await drainIngest(stack);
    const outbound = (await timelineOf(stack, 'email:zoe.muller@example.net')).find(
      (item) => item.direction === 'outbound',
    );
    expect(outbound?.attachments.map((a) => a.attachmentId)).toEqual(ids);
    expect(outbound?.providerMessageId).toBe(`0102019572c1a8e4-raw-${sent}-000000`);
  });

  it('refuses files that would make the mail larger than SES takes, naming attachmentIds, and sends nothing', async () => {
    const big = Buffer.alloc(MAX_ATTACHMENT_BYTES, 0x25);
    const ids = [];
    for (const name of ['a.pdf', 'b.pdf', 'c.pdf']) ids.push(await attach(big, name, 'application/pdf'));
    const before = ses.requests.length;
    const refused = await post(`/conversations/${conversationId}/replies`, {
      channel: 'email',
      text: 'Three large files',
      attachmentIds: ids,
    });
    expect(refused.status).toBe(413);
    const error = ((await refused.json()) as { error: { field: string; message: string } }).error;
    expect(error.field).toBe('attachmentIds');
    expect(error.message).toMatch(/40 MB/);
    expect(ses.requests.length).toBe(before);
  });

  it('sends a reply without files as before, in Simple content', async () => {
    const answer = await post(`/conversations/${conversationId}/replies`, {
      channel: 'email',
      text: 'No files.',
    });
    expect(answer.status).toBe(202);
    const body = JSON.parse(ses.requests.at(-1)?.body ?? '{}') as SendEmailBody;
    expect(body.Content.Raw).toBeUndefined();
    expect(body.Content.Simple).toBeDefined();
  });
});
