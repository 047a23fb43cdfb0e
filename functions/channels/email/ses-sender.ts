import { type MessageHeader, type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { buildMimeMessage, type OutgoingMail } from './mime-message.ts';
import { type EmailSender, ensureBuiltMailFits, type SendOptions } from './reply-plan.ts';

/**
 * The sender port on SES v2 SendEmail: Simple content for a mail without files (SES builds the
 * MIME), Raw content built here for one with files, so their names and types are exactly ours.
 */
export function sesSender(ses: SESv2Client): EmailSender {
  return {
    async send(mail: OutgoingMail, options: SendOptions): Promise<string> {
      const sent = await ses.send(
        new SendEmailCommand({
          FromEmailAddress: mail.from,
          Destination: { ToAddresses: [mail.to] },
          ReplyToAddresses: [mail.replyTo],
          Content: mail.files.length > 0 ? rawContent(mail) : simpleContent(mail),
          ConfigurationSetName: options.configurationSet,
          EmailTags: options.tags.map((tag) => ({ Name: tag.name, Value: tag.value })),
        }),
      );
      if (!sent.MessageId) throw new Error('SES accepted the email but returned no MessageId');
      return sent.MessageId;
    },
  };
}

function simpleContent(mail: OutgoingMail) {
  return {
    Simple: {
      Subject: { Data: mail.subject, Charset: 'UTF-8' },
      Body: {
        Text: { Data: mail.text, Charset: 'UTF-8' },
        ...(mail.html ? { Html: { Data: mail.html, Charset: 'UTF-8' } } : {}),
      },
      Headers: mail.headers.map((header): MessageHeader => ({ Name: header.name, Value: header.value })),
    },
  };
}

function rawContent(mail: OutgoingMail) {
  const data = buildMimeMessage(mail);
  ensureBuiltMailFits(data.length);
  return { Raw: { Data: new Uint8Array(data) } };
}

const PERMANENT = new Set([
  'MessageRejected',
  'MailFromDomainNotVerifiedException',
  'AccountSuspendedException',
  'BadRequestException',
  'NotFoundException',
  'SendingPausedException',
]);

/** SES's error by name and status: whether sending again later may work. */
export function describeSesFailure(error: unknown): { code: string; reason: string; retryable: boolean } {
  const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const code = e.name ?? 'Error';
  const status = e.$metadata?.httpStatusCode;
  const retryable = !PERMANENT.has(code) && (status === undefined || status === 429 || status >= 500);
  return { code, reason: (e.message ?? String(error)).slice(0, 1000), retryable };
}
