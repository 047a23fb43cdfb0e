import { S3Client } from '@aws-sdk/client-s3';
import { loadEmailConfig } from '#channels/email/config.ts';
import type { AttachmentStorage } from '#core/attachments.ts';
import { S3AttachmentStorage } from '#store/attachment-storage.ts';

/** Attachments live in the email bucket (under `attachments/`); without one there are none. */
export function attachmentStorageFromEnv(
  env: Record<string, string | undefined>,
): AttachmentStorage | undefined {
  const { bucket } = loadEmailConfig(env);
  return bucket ? new S3AttachmentStorage(new S3Client({}), bucket) : undefined;
}
