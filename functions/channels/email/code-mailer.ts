import { SESv2Client, type SESv2ClientConfig, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { EmailConfig } from '#channels/email/config.ts';
import { CODE_TTL_SECONDS } from '#core/email-code.ts';
import { DomainError } from '#core/errors.ts';
import { formatMailbox } from './addresses.ts';

/** Sends a visitor the code that proves their address. */
export interface CodeMailer {
  send(to: string, code: string): Promise<void>;
}

/**
 * SES refused or could not take the code. Only the SES error's name is kept: its message may
 * quote the recipient (a sandbox refusal names the unverified address).
 */
export class CodeNotSentError extends DomainError {
  constructor(readonly sesCode: string) {
    super('email_not_sent', `the email code could not be sent (${sesCode})`);
    this.name = 'CodeNotSentError';
  }
}

/** Codes go out through SES from the address replies use, on the replies' configuration set. */
export function sesCodeMailer(
  config: Pick<EmailConfig, 'fromAddress' | 'fromName' | 'configurationSet'>,
  ses: SESv2Client,
): CodeMailer | undefined {
  const fromAddress = config.fromAddress;
  if (!fromAddress) return undefined;
  const from = formatMailbox({ name: config.fromName, address: fromAddress });
  return {
    send: async (to, code) => {
      const minutes = Math.round(CODE_TTL_SECONDS / 60);
      try {
        await ses.send(
          new SendEmailCommand({
            FromEmailAddress: from,
            Destination: { ToAddresses: [to] },
            Content: {
              Simple: {
                Subject: { Data: `Your code: ${code}`, Charset: 'UTF-8' },
                Body: {
                  Text: {
                    Data:
                      `Your code to confirm this email address in our chat is ${code}.\n\n` +
                      `It works for ${minutes} minutes. If you did not ask for it, ignore this email.\n`,
                    Charset: 'UTF-8',
                  },
                },
              },
            },
            ConfigurationSetName: config.configurationSet,
            EmailTags: [{ Name: 'purpose', Value: 'chat-email-code' }],
          }),
        );
      } catch (error) {
        throw new CodeNotSentError((error as { name?: string }).name ?? 'Error');
      }
    },
  };
}

/** The SES client a function sends codes with; SES retries throttling a few times itself. */
export function codeMailerFromConfig(
  config: Pick<EmailConfig, 'fromAddress' | 'fromName' | 'configurationSet' | 'region'>,
  clientConfig: SESv2ClientConfig = {},
): CodeMailer | undefined {
  if (!config.fromAddress) return undefined;
  return sesCodeMailer(config, new SESv2Client({ region: config.region, maxAttempts: 4, ...clientConfig }));
}
