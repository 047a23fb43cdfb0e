import * as z from 'zod';
import {
  ATTACHMENT_TYPES,
  allowedType,
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENTS_PER_MESSAGE,
} from './attachment-types.ts';
import type { Attachment } from './model.ts';

export {
  ATTACHMENT_TYPES,
  allowedType,
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENTS_PER_MESSAGE,
} from './attachment-types.ts';

/** How long an upload grant and a download link last. */
export const UPLOAD_GRANT_SECONDS = 300;
export const DOWNLOAD_LINK_SECONDS = 300;

export const AttachmentIdSchema = z.string().regex(/^att_[0-9a-z]{26}$/, 'not an attachment id');

export const AttachmentIdsSchema = z.array(AttachmentIdSchema).max(MAX_ATTACHMENTS_PER_MESSAGE);

/** The SHA-256 of the bytes, base64, as S3's `x-amz-checksum-sha256` carries it. */
export const Sha256Schema = z.string().regex(/^[A-Za-z0-9+/]{43}=$/, 'the SHA-256 of the file, base64');

export const UploadRequestSchema = z.strictObject({
  /** Shown to agents and used as the download's file name; never a path. */
  name: z
    .string()
    .trim()
    .min(1)
    .max(255)
    .refine((name) => !/[/\\\p{Cc}]/u.test(name), 'a file name without slashes or control characters'),
  contentType: z.string().trim().min(1).max(255),
  size: z.number().int().positive(),
  sha256: Sha256Schema,
});
export type UploadRequest = z.infer<typeof UploadRequestSchema>;

/** Why an upload is refused before anything is written: a 413 for size, else a 400. */
export type UploadRefusal = { status: 400 | 413; field: 'size' | 'contentType'; message: string };

export function uploadRefusal(
  request: UploadRequest,
  limit = MAX_ATTACHMENT_BYTES,
): UploadRefusal | undefined {
  if (request.size > limit) {
    return { status: 413, field: 'size', message: `size: a file may have at most ${limit} bytes` };
  }
  if (!allowedType(request.contentType)) {
    return {
      status: 400,
      field: 'contentType',
      message: `contentType: ${request.contentType} is not accepted; send an image, PDF, text or office document`,
    };
  }
  return undefined;
}

export const AttachmentSourceSchema = z.enum(['customer', 'agent', 'provider']);

/** One stored (or awaited) file: who may use it, and what it is. */
export const AttachmentRecordSchema = z.object({
  attachmentId: AttachmentIdSchema,
  /** Unset for provider media, which is fetched before ingest knows the customer. */
  customerId: z.string().optional(),
  /** Agents' uploads belong to the conversation they answer. */
  conversationId: z.string().optional(),
  /** Customers' uploads belong to the chat session that asked. */
  sessionId: z.string().optional(),
  name: z.string(),
  /** Always one of ATTACHMENT_TYPES: what the file is served as, whatever it contains. */
  contentType: z.string(),
  size: z.number().int().nonnegative(),
  sha256: Sha256Schema,
  /** Pending until the bytes were seen with the checksum granted. */
  state: z.enum(['pending', 'stored']),
  source: AttachmentSourceSchema,
  /** The provider's channel, for media fetched from one. */
  channel: z.string().optional(),
  /** Where the bytes are (the blob store's reference). */
  ref: z.string(),
  createdAt: z.string(),
  storedAt: z.string().optional(),
  /** The agent who uploaded it. */
  uploadedBy: z.string().optional(),
});
export type AttachmentRecord = z.infer<typeof AttachmentRecordSchema>;

/** Every attachment's bytes live under one prefix of the private bucket. */
export function attachmentKey(attachmentId: string): string {
  return `attachments/files/${attachmentId}`;
}

/** The entry a timeline item keeps: a reference, never the bytes. */
export function timelineAttachment(record: AttachmentRecord): Attachment {
  return {
    ref: record.ref,
    attachmentId: record.attachmentId,
    name: record.name,
    contentType: record.contentType,
    size: record.size,
  };
}

/**
 * How a file is served: the stored, allow-listed type; inline only for images, everything else
 * as a download, so no browser renders a document it was handed.
 */
export function servedAs(record: Pick<AttachmentRecord, 'name' | 'contentType'>): {
  contentType: string;
  disposition: string;
} {
  const contentType = allowedType(record.contentType) ?? 'application/octet-stream';
  const inline = ATTACHMENT_TYPES[contentType]?.inline === true;
  const ascii = record.name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const disposition = `${inline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(record.name)}`;
  return { contentType, disposition };
}

/** What an uploader is told to send: one PUT of exactly the granted bytes. */
export interface UploadGrant {
  method: 'PUT';
  url: string;
  /** Each must be sent as given: the store refuses bytes of another type, length or checksum. */
  headers: Record<string, string>;
  expiresAt: string;
}

/** The private store of attachment bytes (S3 on AWS, a folder locally). */
export interface AttachmentStorage {
  /** The reference the bytes under the key will have. */
  refOf(key: string): string;
  /** A grant to upload exactly these bytes under the key, for a few minutes. */
  grantUpload(
    key: string,
    file: Pick<AttachmentRecord, 'contentType' | 'size' | 'sha256'>,
  ): Promise<UploadGrant>;
  /** Size and checksum of what arrived under the reference; undefined while nothing has. */
  uploaded(ref: string): Promise<{ size: number; sha256: string } | undefined>;
  put(key: string, bytes: Uint8Array, contentType: string): Promise<string>;
  get(ref: string): Promise<Uint8Array | undefined>;
  /** A short-lived link that serves the bytes so, where the store has links; else undefined. */
  link(ref: string, served: { contentType: string; disposition: string }): Promise<string | undefined>;
  /** A short-lived link a provider fetches the file by when it sends it on (always one). */
  shareLink(ref: string, served: { contentType: string; disposition: string }): Promise<string>;
}
