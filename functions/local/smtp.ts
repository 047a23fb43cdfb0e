import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Readable } from 'node:stream';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { acceptInboundEmail, EmailRejectedError, type InboundDeps } from '#channels/email/inbound.ts';

export interface SmtpListenerOptions {
  deps: InboundDeps;
  /** 0 picks a free port. */
  port: number;
  host?: string;
  /** Larger messages are refused with 552, as SES refuses what its actions cannot take. */
  maxMessageBytes: number;
  onError?: (error: unknown) => void;
}

export interface SmtpListener {
  port: number;
  stop(): Promise<void>;
}

/**
 * The local stand-in for SES receiving: any mail client (or `swaks`) can deliver to it, and each
 * message takes the same parsing and ingest path as one SES stored in S3. The envelope's RCPT TO
 * addresses play the part of the receipt's recipients. Listens on loopback only, without TLS or
 * authentication: it is for development.
 */
export async function startSmtpListener(options: SmtpListenerOptions): Promise<SmtpListener> {
  const server = new SMTPServer({
    name: 'onethread.local',
    banner: 'OneThread local SMTP',
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    size: options.maxMessageBytes,
    logger: false,
    onData(stream, session, callback) {
      receive(stream, session, options).then(
        (id) => callback(null, `queued as ${id}`),
        (error: unknown) => callback(smtpError(error, options)),
      );
    },
  });
  server.on('error', (error) => options.onError?.(error));
  const port = await new Promise<number>((done, fail) => {
    server.server.once('error', fail);
    server.listen(options.port, options.host ?? '127.0.0.1', () => {
      server.server.off('error', fail);
      done((server.server.address() as AddressInfo).port);
    });
  });
  return { port, stop: () => new Promise((done) => server.close(() => done())) };
}

async function receive(
  stream: SMTPServerDataStream,
  session: SMTPServerSession,
  options: SmtpListenerOptions,
): Promise<string> {
  const raw = await readAll(stream);
  if (stream.sizeExceeded) throw new TooLargeError(options.maxMessageBytes);
  const providerMessageId = `smtp-${createHash('sha256').update(raw).digest('hex').slice(0, 40)}`;
  const rawRef = await options.deps.blobs.put(`raw/${providerMessageId}.eml`, raw, 'message/rfc822');
  const mailFrom = session.envelope.mailFrom;
  await acceptInboundEmail(options.deps, {
    providerMessageId,
    raw,
    rawRef,
    receivedAt: new Date(),
    // No SES here to check SPF, DKIM and DMARC: the listener takes mail only from this machine,
    // whose sender stands in for a mail server that passed them.
    senderProof: { trust: 'verified', evidence: 'smtp:local' },
    envelope: {
      sender: mailFrom === false ? undefined : mailFrom.address,
      recipients: session.envelope.rcptTo.map((recipient) => recipient.address),
    },
  });
  return providerMessageId;
}

function readAll(stream: Readable): Promise<Buffer> {
  return new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.once('end', () => done(Buffer.concat(chunks)));
    stream.once('error', fail);
  });
}

class TooLargeError extends Error {
  constructor(limit: number) {
    super(`message exceeds the ${limit} byte limit`);
  }
}

/** 5xx for what a retry cannot fix, 4xx (try again later) for everything else. */
function smtpError(error: unknown, options: SmtpListenerOptions): Error & { responseCode: number } {
  if (error instanceof TooLargeError) return Object.assign(new Error(error.message), { responseCode: 552 });
  if (error instanceof EmailRejectedError)
    return Object.assign(new Error(error.message), { responseCode: 550 });
  options.onError?.(error);
  return Object.assign(new Error('temporary failure, try again later'), { responseCode: 451 });
}
