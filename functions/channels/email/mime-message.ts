import { randomBytes } from 'node:crypto';

/** One file as it goes into a mail: the name the customer sees, the stored type, the bytes. */
export interface MailFile {
  name: string;
  contentType: string;
  bytes: Uint8Array;
}

/** A complete reply mail, as the sender port is handed it. */
export interface OutgoingMail {
  /** Each a header-ready mailbox (`"Name" <address>`, RFC 2047 names). */
  from: string;
  to: string;
  replyTo: string;
  subject: string;
  text: string;
  html?: string | undefined;
  /** Only headers SES lets a sender set (In-Reply-To, References, Auto-Submitted). */
  headers: ReadonlyArray<{ name: string; value: string }>;
  files: readonly MailFile[];
}

const CRLF = '\r\n';
/** Encoded words and parameter pieces short enough that no header line nears 78 characters. */
const WORD_BYTES = 45;
const PARAM_CHARS = 50;

/**
 * The reply as one RFC 5322 message, multipart/mixed: the text (and HTML, as an alternative),
 * then each file base64-encoded with its stored type. Non-ASCII subjects are RFC 2047 encoded
 * words and non-ASCII file names RFC 2231 parameters, so every line is ASCII and short (SES
 * refuses lines over 1,000 characters). Date and Message-ID are left to SES, which sets both.
 */
export function buildMimeMessage(mail: OutgoingMail, boundarySeed = randomBytes(12).toString('hex')): Buffer {
  const mixed = `mixed-${boundarySeed}`;
  const alternative = `alt-${boundarySeed}`;
  const head = [
    `From: ${mail.from}`,
    `To: ${mail.to}`,
    `Reply-To: ${mail.replyTo}`,
    `Subject: ${encodedWords(mail.subject)}`,
    ...mail.headers.map((header) => `${header.name}: ${foldAtSpaces(header.value)}`),
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${mixed}"`,
  ];
  const parts = [bodyPart(mail, alternative), ...mail.files.map(filePart)];
  const body = parts.map((part) => `--${mixed}${CRLF}${part}`).join(CRLF);
  return Buffer.from(`${head.join(CRLF)}${CRLF}${CRLF}${body}${CRLF}--${mixed}--${CRLF}`, 'utf8');
}

/** The text alone, or text and HTML as alternatives (the client shows the richest it can). */
function bodyPart(mail: OutgoingMail, boundary: string): string {
  const text = textPart('text/plain', mail.text);
  if (!mail.html) return text;
  const html = textPart('text/html', mail.html);
  return [
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    text,
    `--${boundary}`,
    html,
    `--${boundary}--`,
    '',
  ].join(CRLF);
}

function textPart(type: string, content: string): string {
  return [
    `Content-Type: ${type}; charset=UTF-8`,
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(Buffer.from(content, 'utf8')),
  ].join(CRLF);
}

function filePart(file: MailFile): string {
  return [
    `Content-Type: ${file.contentType};${CRLF} ${nameParameter('name', file.name)}`,
    'Content-Transfer-Encoding: base64',
    `Content-Disposition: attachment;${CRLF} ${nameParameter('filename', file.name)}`,
    '',
    base64Lines(file.bytes),
  ].join(CRLF);
}

/**
 * A file name parameter: a quoted string when it is plain ASCII, else RFC 2231 (`name*0*=UTF-8''…`)
 * percent-encoded UTF-8 in continuations, each piece whole `%XX` triplets.
 */
export function nameParameter(parameter: string, name: string): string {
  const clean = name.replace(/[\r\n\t]+/g, ' ');
  if (/^[\x20-\x7e]*$/.test(clean) && clean.length <= PARAM_CHARS) {
    return `${parameter}="${clean.replace(/(["\\])/g, '\\$1')}"`;
  }
  const encoded = encodeURIComponent(clean).replace(
    /['()*!]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  const pieces: string[] = [];
  let rest = encoded;
  while (rest.length > 0) {
    let cut = Math.min(PARAM_CHARS, rest.length);
    // Never split a %XX triplet between two pieces.
    const percent = rest.lastIndexOf('%', cut - 1);
    if (percent > cut - 3 && percent >= 0 && cut < rest.length) cut = percent;
    pieces.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  return pieces
    .map((piece, index) => `${parameter}*${index}*=${index === 0 ? "UTF-8''" : ''}${piece}`)
    .join(`;${CRLF} `);
}

/** RFC 2047 B encoded words for a header text outside ASCII; ASCII as it is. */
export function encodedWords(text: string): string {
  const clean = text.replace(/[\r\n]+/g, ' ');
  if (/^[\x20-\x7e]*$/.test(clean)) return foldAtSpaces(clean);
  const words: string[] = [];
  let current = '';
  for (const char of clean) {
    // A word holds whole characters only: a multi-byte one is never split across two.
    if (Buffer.byteLength(current + char, 'utf8') > WORD_BYTES) {
      words.push(current);
      current = '';
    }
    current += char;
  }
  if (current) words.push(current);
  return words.map((word) => `=?UTF-8?B?${Buffer.from(word, 'utf8').toString('base64')}?=`).join(`${CRLF} `);
}

/** A long header value (References) folded at its spaces, lines of about 76 characters. */
function foldAtSpaces(value: string): string {
  const lines: string[] = [];
  for (const word of value
    .replace(/[\r\n]+/g, ' ')
    .split(' ')
    .filter(Boolean)) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + word.length < 76) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines.join(`${CRLF} `);
}

function base64Lines(bytes: Uint8Array): string {
  const encoded = Buffer.from(bytes).toString('base64');
  return encoded.match(/.{1,76}/g)?.join(CRLF) ?? '';
}

/** SES's largest message, its encoding included. */
export const SES_MAX_MESSAGE_BYTES = 40 * 1024 * 1024;

/**
 * What a mail with these files will weigh, before their bytes are read: base64 with its line
 * breaks, and room for the text and headers.
 */
export function estimatedMailBytes(fileSizes: readonly number[], textBytes: number): number {
  const encoded = fileSizes.reduce((sum, size) => sum + Math.ceil(size / 57) * 78 + 512, 0);
  return encoded + Math.ceil(textBytes / 57) * 78 + 16 * 1024;
}
