import { describe, expect, it } from 'vitest';
import { aliasOf, formatMailbox, plusTag, withPlusTag } from '#channels/email/addresses.ts';
import { classify } from '#channels/email/classify.ts';
import { fitForQueue } from '#channels/email/fit.ts';
import { decodeEncodedWords, parseEmail } from '#channels/email/parse.ts';
import { splitQuoted } from '#channels/email/quoted.ts';
import { sanitizeHtml } from '#channels/email/sanitize-html.ts';
import {
  parseMsgIds,
  relatedThreadKeys,
  replyHeaders,
  replySubject,
  replyToken,
  sesMessageIdDomain,
} from '#channels/email/threading.ts';
import { fixture } from './support.ts';

describe('MIME parsing', () => {
  it('decodes a folded multi-word encoded subject, a QP body, an inline image and an RFC 2231 name', async () => {
    const mail = await parseEmail(fixture('combined.eml'));
    expect(mail.subject).toBe('Rückerstattung für Bestellung #48213');
    expect(mail.from).toEqual({ name: 'Zoë Müller', address: 'zoe.muller@example.net' });
    expect(mail.text).toContain('die Rückerstattung über 89,90 € ist noch nicht auf meinem Konto angekommen');
    expect(mail.attachments.map((a) => [a.filename, a.cid ?? null])).toEqual([
      ['logo.png', 'logo.7f3a@example.net'],
      ['Quittung Müller.pdf', null],
    ]);
    expect(mail.problems).toEqual([]);
  });

  it('reads names split over RFC 2231 continuations and RFC 2047 words, and ISO-8859-1 text', async () => {
    const attachments = await parseEmail(fixture('attachments.eml'));
    expect(attachments.attachments.map((a) => a.filename)).toEqual([
      'Schäden Karton.jpg',
      'Rücksendeetikett №50177.pdf',
      'video.bin',
    ]);
    const latin = await parseEmail(fixture('alternative.eml'));
    expect(latin.subject).toBe('Facture de février : frais facturés deux fois');
    expect(latin.html).toContain('février');
  });

  it('names what is wrong with a broken message instead of failing', async () => {
    expect((await parseEmail(fixture('missing-headers.eml'))).problems).toEqual([
      'no From header',
      'no Message-ID header',
      'no Date header',
    ]);
    const klingon = await parseEmail(fixture('unknown-charset.eml'));
    expect(klingon.unknownCharsets).toEqual(['x-mac-klingon']);
    expect(klingon.text).toContain('Order 50210 arrived broken');
  });

  it('decodes encoded words in headers SES passes on raw', () => {
    expect(
      decodeEncodedWords('=?UTF-8?B?UsO8Y2tlcnN0YXR0dW5nIGbDvHIgQmVzdGVsbA==?= =?UTF-8?B?dW5nICM0ODIxMw==?='),
    ).toBe('Rückerstattung für Bestellung #48213');
    expect(decodeEncodedWords('=?ISO-8859-1?Q?Caf=E9_cr=E8me?= ok')).toBe('Café crème ok');
    expect(decodeEncodedWords('=?x-unknown?Q?abc?=')).toBe('=?x-unknown?Q?abc?=');
  });
});

describe('the new text of a reply', () => {
  it('cuts at a Gmail attribution, even one wrapped over two lines', () => {
    const text =
      'Sounds good.\n\nOn Tue, 11 Mar 2025 at 11:41, Zoë Müller <\nzoe@example.net> wrote:\n> earlier';
    expect(splitQuoted(text)).toEqual({ newText: 'Sounds good.', quoted: true });
  });

  it('cuts at an Outlook header block and at translated attributions', () => {
    const outlook =
      'Done.\n\n________________________________\nFrom: A <a@b.c>\nSent: Monday\nTo: x\nSubject: y\n\nold';
    expect(splitQuoted(outlook).newText).toBe('Done.');
    const german = 'Danke!\n\nAm 11.03.2025 um 11:41 schrieb Zoë Müller <zoe@example.net>:\n> alt';
    expect(splitQuoted(german).newText).toBe('Danke!');
  });

  it('keeps inline replies, forwards and messages that start with the quote whole', () => {
    const inline = '> question one\nanswer one\n> question two\nanswer two';
    expect(splitQuoted(inline)).toEqual({ newText: inline, quoted: false });
    const forward =
      'See below.\n\n---------- Forwarded message ---------\nFrom: shop\n\nOn Mon, x <a@b.c> wrote:\n> y';
    expect(splitQuoted(forward).quoted).toBe(false);
    expect(splitQuoted('On Mon, 10 Mar 2025, Zoe <z@e.net> wrote:\n> only a quote').quoted).toBe(false);
  });

  it('cuts a trailing block of quoted lines', () => {
    expect(splitQuoted('Yes please.\n\n> Shall we refund?\n> Regards').newText).toBe('Yes please.');
  });
});

describe('HTML for display', () => {
  const attacks: Array<[string, string]> = [
    ['<script>alert(1)</script>hi', 'hi'],
    ['<img src=x onerror=alert(1)>', '<img>'],
    ['<a href="javascript:alert(1)">x</a>', '<a>x</a>'],
    ['<a href="jav&#x09;ascript:alert(1)">x</a>', '<a>x</a>'],
    ['<a href=" &#106;avascript:alert(1)">x</a>', '<a>x</a>'],
    ['<iframe src="https://evil.example"></iframe>ok', 'ok'],
    ['<svg><script>alert(1)</script></svg>ok', 'ok'],
    ['<p style="background:url(javascript:x)">t</p>', '<p>t</p>'],
    ['<p style="color: red; position: fixed">t</p>', '<p style="color: red">t</p>'],
    ['<!-- <script>x</script> -->ok', 'ok'],
    ['<div><b>unclosed', '<div><b>unclosed</b></div>'],
    ['1 < 2 & 3 > 2', '1 &lt; 2 &amp; 3 &gt; 2'],
    ['<p title="a&quot; onmouseover=&quot;x">t</p>', '<p title="a&quot; onmouseover=&quot;x">t</p>'],
    ['<style>p{}</style><form action="x"><input name=a>t</form>', 't'],
  ];
  it.each(attacks)('makes %s safe', (input, output) => {
    expect(sanitizeHtml(input)).toBe(output);
  });

  it('keeps links, tables, inline images that were stored and HTTPS images, for the console to hold back', () => {
    const html =
      '<table border="1"><tr><td colspan="2">a</td></tr></table><a href="https://x.example/p?a=1&b=2">l</a>' +
      '<img src="cid:logo@x" alt="logo"><img src="cid:other@x"><img src="https://t.example/p.gif">' +
      '<img src="http://t.example/p.gif">';
    expect(sanitizeHtml(html, { inlineImages: { 'logo@x': 's3://b/k' } })).toBe(
      '<table border="1"><tr><td colspan="2">a</td></tr></table>' +
        '<a href="https://x.example/p?a=1&amp;b=2" target="_blank" rel="noopener noreferrer nofollow">l</a>' +
        '<img src="cid:logo@x" alt="logo"><img><img src="https://t.example/p.gif"><img>',
    );
  });
});

describe('machine mail', () => {
  const none = () => [] as string[];
  it('tells auto-replies, bulk mail and bounces from people', () => {
    const headers = (values: Record<string, string>) => (name: string) =>
      values[name] === undefined ? [] : [values[name] as string];
    expect(classify({ header: headers({ 'auto-submitted': 'auto-replied' }), verdicts: {} }).autoReply).toBe(
      true,
    );
    expect(classify({ header: headers({ 'auto-submitted': 'no' }), verdicts: {} }).autoReply).toBe(false);
    expect(classify({ header: headers({ precedence: 'list' }), verdicts: {} }).autoReply).toBe(true);
    expect(classify({ header: none, verdicts: {}, envelopeSender: '' }).autoReply).toBe(true);
    expect(classify({ header: none, verdicts: {}, subject: 'Out of Office: back Monday' }).autoReply).toBe(
      true,
    );
    expect(classify({ header: none, verdicts: {}, fromAddress: 'MAILER-DAEMON@mx.example' }).bounce).toBe(
      true,
    );
    expect(
      classify({ header: none, verdicts: {}, fromAddress: 'zoe@example.net', subject: 'Re: refund' }),
    ).toEqual({
      quarantined: false,
      autoReply: false,
      bounce: false,
      reasons: [],
    });
  });

  it('quarantines on spam, virus, or DMARC failure the sender’s domain enforces', () => {
    expect(classify({ header: none, verdicts: { spam: 'FAIL' } }).quarantined).toBe(true);
    expect(classify({ header: none, verdicts: { virus: 'fail' } }).quarantined).toBe(true);
    expect(
      classify({ header: none, verdicts: { spam: 'GRAY', virus: 'PROCESSING_FAILED' } }).quarantined,
    ).toBe(false);
    expect(classify({ header: none, verdicts: { dmarc: 'FAIL', dmarcPolicy: 'reject' } }).quarantined).toBe(
      true,
    );
    expect(classify({ header: none, verdicts: { dmarc: 'FAIL', dmarcPolicy: 'none' } }).quarantined).toBe(
      false,
    );
  });
});

describe('threading', () => {
  it('reads msg-ids, lower-casing only the domain', () => {
    expect(parseMsgIds('<A1@Mail.Example.NET>  <b2@x.example>')).toEqual([
      '<A1@mail.example.net>',
      '<b2@x.example>',
    ]);
    expect(parseMsgIds('broken@client.example')).toEqual(['<broken@client.example>']);
    expect(parseMsgIds(undefined)).toEqual([]);
  });

  it('looks up the reply token first, then In-Reply-To, then References newest first', () => {
    const keys = relatedThreadKeys(
      ['support+r0123456789abcdef@northwind.example', 'billing@northwind.example'],
      {
        messageId: '<new@c.example>',
        inReplyTo: ['<0102abc-000000@eu-west-1.amazonses.com>'],
        references: ['<root@c.example>', '<middle@c.example>', '<0102abc-000000@eu-west-1.amazonses.com>'],
      },
    );
    expect(keys).toEqual([
      'email-token:r0123456789abcdef',
      'email-id:<0102abc-000000@eu-west-1.amazonses.com>',
      'email-ses:0102abc-000000',
      'email-id:<middle@c.example>',
      'email-id:<root@c.example>',
    ]);
  });

  it('builds In-Reply-To and References for a reply as §2 says', () => {
    expect(
      replyHeaders({ messageId: '<c@x>', inReplyTo: ['<b@x>'], references: ['<a@x>', '<b@x>'] }),
    ).toEqual({
      inReplyTo: '<c@x>',
      references: '<a@x> <b@x> <c@x>',
    });
    expect(replyHeaders({ messageId: '<c@x>', inReplyTo: ['<b@x>'], references: [] })).toEqual({
      inReplyTo: '<c@x>',
      references: '<b@x> <c@x>',
    });
    expect(replyHeaders({ inReplyTo: [], references: [] })).toEqual({});
  });

  it('prefixes Re: once and keeps ticket tokens', () => {
    expect(replySubject('[T-100482] Refund')).toBe('Re: [T-100482] Refund');
    expect(replySubject('AW: Rückerstattung')).toBe('AW: Rückerstattung');
    expect(replySubject(undefined)).toBe('Re: your message');
  });

  it('derives a stable token per conversation and SES’s msg-id domain per region', () => {
    expect(replyToken('conv_1')).toBe(replyToken('conv_1'));
    expect(replyToken('conv_1')).not.toBe(replyToken('conv_2'));
    expect(withPlusTag('Support+old@Northwind.example', 'r1')).toBe('support+r1@northwind.example');
    expect(plusTag('support+R1@x.example')).toBe('r1');
    expect(aliasOf('Billing+r1@x.example')).toBe('billing');
    expect(sesMessageIdDomain('us-east-1')).toBe('email.amazonses.com');
    expect(sesMessageIdDomain('eu-west-1')).toBe('eu-west-1.amazonses.com');
    expect(formatMailbox({ name: 'Zoë', address: 'z@x.example' })).toBe('=?UTF-8?B?Wm/Dqw==?= <z@x.example>');
  });
});

describe('fitting the ingest queue', () => {
  it('drops HTML, then the full text, then shortens the text, and says so', () => {
    const message = {
      type: 'interaction' as const,
      channel: 'email' as const,
      direction: 'inbound' as const,
      providerMessageId: 'm',
      at: '2025-03-11T10:41:06.087Z',
      identities: ['email:z@x.example'],
      text: 'é'.repeat(60_000),
      email: { html: 'ü'.repeat(200_000), fullText: 'ö'.repeat(60_000) },
    };
    const fitted = fitForQueue(message, 100_000);
    expect(Buffer.byteLength(JSON.stringify(fitted))).toBeLessThanOrEqual(100_000);
    expect(fitted.email?.html).toBeUndefined();
    expect(fitted.email?.fullText).toBeUndefined();
    expect(fitted.text?.length).toBeLessThan(60_000);
    expect(fitted.flags).toEqual(['truncated']);
    expect(fitForQueue({ ...message, text: 'short', email: {} })).toEqual({
      ...message,
      text: 'short',
      email: {},
    });
  });
});
