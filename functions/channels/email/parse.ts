import {
  type AddressObject,
  type Attachment,
  type ParsedMail,
  parseAddressHeader,
  simpleParser,
} from 'mailparser';
import type { Mailbox } from './addresses.ts';
import { usableAddress } from './addresses.ts';
import type { HeaderReader } from './classify.ts';
import { parseMsgIds } from './threading.ts';

/** What OneThread reads from a MIME message; everything else stays in the stored original. */
export interface ParsedEmail {
  from?: Mailbox | undefined;
  sender?: Mailbox | undefined;
  replyTo: Mailbox[];
  to: Mailbox[];
  cc: Mailbox[];
  subject?: string | undefined;
  messageId?: string | undefined;
  inReplyTo: string[];
  references: string[];
  date?: Date | undefined;
  text?: string | undefined;
  /** As sent: sanitise before showing it to anyone. */
  html?: string | undefined;
  attachments: Attachment[];
  header: HeaderReader;
  contentType?: string | undefined;
  reportType?: string | undefined;
  /** Things wrong with the message that did not stop it from being read. */
  problems: string[];
  unknownCharsets: string[];
}

export interface ParseLimits {
  /** HTML longer than this is not converted to text (the converter is slow on huge input). */
  maxHtmlToText?: number;
}

/** Parses raw MIME. Throws only when the bytes cannot be read as a message at all. */
export async function parseEmail(raw: Buffer, limits: ParseLimits = {}): Promise<ParsedEmail> {
  const mail = await simpleParser(raw, {
    keepCidLinks: true,
    maxHtmlLengthToParse: limits.maxHtmlToText ?? 2_000_000,
    skipTextToHtml: true,
  });
  const header = headerReader(mail);
  const problems: string[] = [];
  const from = mailboxes(mail.from)[0];
  if (!header('from').length) problems.push('no From header');
  else if (!from) problems.push('the From header holds no usable address');
  if (!mail.messageId) problems.push('no Message-ID header');
  if (!header('date').length) problems.push('no Date header');
  if (mail.textConversionError)
    problems.push(`HTML could not be converted to text: ${mail.textConversionError.message}`);
  const unknownCharsets = declaredCharsets(raw).filter((charset) => !isKnownCharset(charset));
  for (const charset of unknownCharsets) {
    problems.push(`unknown character set "${charset}": some text may show as replacement characters`);
  }
  const contentType = mail.headers.get('content-type') as { value?: string; params?: Record<string, string> };
  return {
    from,
    sender: mailboxes(mail.headers.get('sender') as AddressObject | undefined)[0],
    replyTo: mailboxes(mail.replyTo),
    to: mailboxes(mail.to),
    cc: mailboxes(mail.cc),
    subject: mail.subject,
    messageId: parseMsgIds(mail.messageId)[0],
    inReplyTo: parseMsgIds(mail.inReplyTo),
    references: parseMsgIds(mail.references),
    date: header('date').length && mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date : undefined,
    text: mail.text,
    html: typeof mail.html === 'string' ? mail.html : undefined,
    attachments: mail.attachments,
    header,
    contentType: contentType?.value,
    reportType: contentType?.params?.['report-type'],
    problems,
    unknownCharsets,
  };
}

/** One header as SES lists it (`mail.headers[]`): raw value, unfolded, encoded words not decoded. */
export interface RawHeader {
  name: string;
  value: string;
}

/**
 * What can be read from headers alone, for a message whose body cannot be read (too large, gone
 * from the bucket, unparseable): SES sends the headers with every notification.
 */
export function emailFromHeaders(headers: readonly RawHeader[]): ParsedEmail {
  const header: HeaderReader = (name) =>
    headers.filter((h) => h.name.toLowerCase() === name.toLowerCase()).map((h) => h.value.trim());
  const addresses = (name: string) => mailboxes(parseAddressHeader(header(name)));
  const subject = header('subject')[0];
  const date = header('date')[0];
  const parsedDate = date ? new Date(date) : undefined;
  const contentType = header('content-type')[0] ?? '';
  return {
    from: addresses('from')[0],
    sender: addresses('sender')[0],
    replyTo: addresses('reply-to'),
    to: addresses('to'),
    cc: addresses('cc'),
    subject: subject === undefined ? undefined : decodeEncodedWords(subject),
    messageId: parseMsgIds(header('message-id')[0])[0],
    inReplyTo: parseMsgIds(header('in-reply-to')),
    references: parseMsgIds(header('references')),
    date: parsedDate && !Number.isNaN(parsedDate.getTime()) ? parsedDate : undefined,
    attachments: [],
    header,
    contentType: /^\s*([^;\s]+)/.exec(contentType)?.[1]?.toLowerCase(),
    reportType: /report-type\s*=\s*"?([^";\s]+)/i.exec(contentType)?.[1],
    problems: [],
    unknownCharsets: [],
  };
}

/** Decodes RFC 2047 encoded words; whitespace between adjacent encoded words is dropped. */
export function decodeEncodedWords(value: string): string {
  return value
    .replace(/(\?=)\s+(=\?)/g, '$1$2')
    .replace(
      /=\?([^?*\s]+)(?:\*[^?\s]*)?\?([bBqQ])\?([^?\s]*)\?=/g,
      (whole, charset: string, encoding: string, text: string) => {
        try {
          const bytes =
            encoding.toUpperCase() === 'B'
              ? Buffer.from(text, 'base64')
              : Buffer.from(
                  text
                    .replace(/_/g, ' ')
                    .replace(/=([0-9a-f]{2})/gi, (_, hex: string) =>
                      String.fromCharCode(Number.parseInt(hex, 16)),
                    ),
                  'latin1',
                );
          return new TextDecoder(charset).decode(bytes);
        } catch {
          return whole;
        }
      },
    );
}

function mailboxes(value: AddressObject | AddressObject[] | undefined): Mailbox[] {
  const objects = value === undefined ? [] : Array.isArray(value) ? value : [value];
  const result: Mailbox[] = [];
  for (const entry of objects.flatMap((object) => object.value)) {
    for (const member of entry.group ?? [entry]) {
      const address = usableAddress(member.address);
      if (address) result.push({ name: member.name || undefined, address });
    }
  }
  return result;
}

/** Raw (undecoded, unfolded) header values from the top-level header lines, as SES lists them. */
function headerReader(mail: ParsedMail): HeaderReader {
  return (name) => {
    const key = name.toLowerCase();
    return mail.headerLines
      .filter((line) => line.key === key)
      .map((line) =>
        line.line
          .slice(line.line.indexOf(':') + 1)
          .replace(/\r?\n[ \t]/g, ' ')
          .trim(),
      );
  };
}

/** Every charset the message declares, in Content-Type parameters and RFC 2047 encoded words. */
function declaredCharsets(raw: Buffer): string[] {
  const text = raw.subarray(0, 4 * 1024 * 1024).toString('latin1');
  const found = new Set<string>();
  for (const match of text.matchAll(/^content-type:[^\r\n]*(?:\r?\n[ \t][^\r\n]*)*/gim)) {
    const charset = /charset\s*=\s*"?([^";\s]+)/i.exec(match[0])?.[1];
    if (charset) found.add(charset.toLowerCase());
  }
  for (const match of text.matchAll(/=\?([^?*\s]+)(?:\*[^?\s]*)?\?[bq]\?/gi)) {
    if (match[1]) found.add(match[1].toLowerCase());
  }
  return [...found];
}

/** Charsets the parser decodes: what a WHATWG TextDecoder knows, apart from UTF-7, which it never decodes. */
function isKnownCharset(charset: string): boolean {
  if (/^(utf-?7|unicode-1-1-utf-7)$/i.test(charset)) return false;
  if (/^(us-ascii|ascii|binary|8bit|7bit)$/i.test(charset)) return true;
  try {
    new TextDecoder(charset);
    return true;
  } catch {
    return false;
  }
}
