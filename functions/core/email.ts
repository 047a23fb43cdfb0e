import * as z from 'zod';

const msgId = z.string().max(1000);
const address = z.string().max(1000);

/** Per-message verdicts as SES reports them (`PASS`, `FAIL`, `GRAY`, `PROCESSING_FAILED`). */
export const EmailVerdictsSchema = z.object({
  spam: z.string().max(32).optional(),
  virus: z.string().max(32).optional(),
  spf: z.string().max(32).optional(),
  dkim: z.string().max(32).optional(),
  dmarc: z.string().max(32).optional(),
  dmarcPolicy: z.string().max(32).optional(),
});

/** An attachment that was listed but not extracted (over the size limit, or quarantined). */
export const OmittedAttachmentSchema = z.object({
  name: z.string().max(1000).optional(),
  contentType: z.string().max(255).optional(),
  size: z.number().int().nonnegative(),
  reason: z.string().max(255),
});

/** How long the first reply to a work item took, against the queue's email target. */
export const FirstResponseSchema = z.object({
  workItemId: z.string(),
  queueId: z.string(),
  enqueuedAt: z.iso.datetime({ offset: true }),
  seconds: z.number().nonnegative(),
  targetSeconds: z.number().positive(),
  met: z.boolean(),
});
export type FirstResponse = z.infer<typeof FirstResponseSchema>;

/**
 * What an email interaction keeps beyond the common fields: the threading headers, the parties,
 * the HTML for display (already sanitised), the full text when the shown text is only the new
 * part of a reply, and where the original message is kept.
 */
export const EmailMetadataSchema = z.object({
  /** RFC 5322 Message-ID, angle brackets kept; for our replies, the one SES writes. */
  messageId: msgId.optional(),
  inReplyTo: z.array(msgId).max(10).default([]),
  references: z.array(msgId).max(50).default([]),
  /** `Name <address>` as the message gave it. */
  from: address.optional(),
  to: z.array(address).max(100).default([]),
  cc: z.array(address).max(100).default([]),
  replyTo: z.array(address).max(10).default([]),
  /** Our addresses it was delivered to (envelope recipients), reply tokens included. */
  recipients: z.array(address).max(100).default([]),
  /** Our address the customer wrote to, without a reply token: the From of our replies. */
  mailbox: address.optional(),
  /** The Date header (when the sender says it was written). */
  sentAt: z.iso.datetime({ offset: true }).optional(),
  /** Sanitised HTML for display; inline images point at stored attachments. */
  html: z
    .string()
    .max(256 * 1024)
    .optional(),
  /** The whole text, quoted history included, when `text` shows only the new part. */
  fullText: z
    .string()
    .max(64 * 1024)
    .optional(),
  /** Where the original message is kept (`s3://…`, `file://…`). */
  rawRef: z.string().max(2048).optional(),
  /** SES's id: the receipt id of an inbound message, or the MessageId SendEmail returned. */
  sesMessageId: z.string().max(512).optional(),
  verdicts: EmailVerdictsSchema.optional(),
  /** Why the message carries its flags, in words an agent can read. */
  problems: z.array(z.string().max(512)).max(20).default([]),
  /** `cid:` of inline images → stored attachment reference. */
  inlineImages: z.record(z.string().max(1000), z.string().max(2048)).optional(),
  omittedAttachments: z.array(OmittedAttachmentSchema).max(100).default([]),
  /** Outbound: the first-response measurement, when this was the first reply to the work item. */
  firstResponse: FirstResponseSchema.optional(),
});
export type EmailMetadata = z.infer<typeof EmailMetadataSchema>;
export type EmailMetadataInput = z.input<typeof EmailMetadataSchema>;
