import * as z from 'zod';
import { envSchema, parseEnv } from '#shared/env.ts';

const EmailEnvSchema = envSchema({
  AWS_REGION: z.string().min(1).default('us-east-1'),
  ONETHREAD_EMAIL_BUCKET: z.string().min(3).optional(),
  ONETHREAD_EMAIL_OBJECT_PREFIX: z.string().default('inbound/'),
  ONETHREAD_EMAIL_MAX_MESSAGE_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(25 * 1024 * 1024),
  ONETHREAD_EMAIL_MAX_ATTACHMENT_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(10 * 1024 * 1024),
  ONETHREAD_EMAIL_FROM_NAME: z.string().max(200).optional(),
  ONETHREAD_EMAIL_FROM_ADDRESS: z.email().optional(),
  ONETHREAD_SES_CONFIGURATION_SET: z.string().min(1).optional(),
  ONETHREAD_SES_MESSAGE_ID_DOMAIN: z.string().min(3).optional(),
  ONETHREAD_EMAIL_DLQ_URL: z.url().optional(),
  ONETHREAD_EMAIL_SLA_SECONDS: z.coerce.number().int().positive().default(86_400),
  ONETHREAD_SMTP_PORT: z.coerce.number().int().min(0).max(65_535).default(2525),
});

/** The email channel's settings (inbound bucket, limits, how replies are sent). */
export interface EmailConfig {
  region: string;
  /** The bucket SES's receipt rule writes raw messages to; attachments go under `attachments/`. */
  bucket?: string | undefined;
  /** The receipt rule's object key prefix: the raw message of `mail.messageId` is `{prefix}{messageId}`. */
  objectPrefix: string;
  maxMessageBytes: number;
  maxAttachmentBytes: number;
  /** Display name on our replies (`Northwind Support`). */
  fromName?: string | undefined;
  /** From address when the answered message names none of ours. */
  fromAddress?: string | undefined;
  configurationSet?: string | undefined;
  /** Domain of the msg-id SES writes for our replies, when the region's default is not it. */
  messageIdDomain?: string | undefined;
  /** Messages that can never be ingested go here with the reason, instead of being retried. */
  deadLetterQueueUrl?: string | undefined;
  /** First-response target for email, until queues carry their own. */
  firstResponseSeconds: number;
  /** Local runtime only: where the SMTP listener listens (0 picks a free port). */
  smtpPort: number;
}

export function loadEmailConfig(env: Record<string, string | undefined>): EmailConfig {
  const vars = parseEnv(EmailEnvSchema, env);
  return {
    region: vars.AWS_REGION,
    bucket: vars.ONETHREAD_EMAIL_BUCKET,
    objectPrefix: vars.ONETHREAD_EMAIL_OBJECT_PREFIX,
    maxMessageBytes: vars.ONETHREAD_EMAIL_MAX_MESSAGE_BYTES,
    maxAttachmentBytes: vars.ONETHREAD_EMAIL_MAX_ATTACHMENT_BYTES,
    fromName: vars.ONETHREAD_EMAIL_FROM_NAME,
    fromAddress: vars.ONETHREAD_EMAIL_FROM_ADDRESS,
    configurationSet: vars.ONETHREAD_SES_CONFIGURATION_SET,
    messageIdDomain: vars.ONETHREAD_SES_MESSAGE_ID_DOMAIN,
    deadLetterQueueUrl: vars.ONETHREAD_EMAIL_DLQ_URL,
    firstResponseSeconds: vars.ONETHREAD_EMAIL_SLA_SECONDS,
    smtpPort: vars.ONETHREAD_SMTP_PORT,
  };
}
