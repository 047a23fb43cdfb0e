import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { SESv2Client, type SESv2ClientConfig } from '@aws-sdk/client-sesv2';
import type { EmailConfig } from '#channels/email/config.ts';
import type { BlobStore } from '#core/ports.ts';
import type { AppDeps } from '#deps/app.ts';
import { DeadLetterQueue } from '#queue/dead-letter.ts';
import { S3BlobStore } from '#store/blobs.ts';

/** What the email channel talks to besides the table and the ingest queue. */
export interface EmailServices {
  config: EmailConfig;
  /** Attachments (and, locally, original messages). */
  blobs: BlobStore;
  s3: S3Client;
  ses: SESv2Client;
  /** Where messages that can never be ingested are parked with the reason, when configured. */
  deadLetter?: DeadLetterQueue | undefined;
}

export interface EmailDeps extends AppDeps {
  email: EmailServices;
}

export interface EmailClientOptions {
  s3?: S3ClientConfig;
  sesv2?: SESv2ClientConfig;
  /** Overrides the S3 store of attachments (the local runtime keeps them in a folder). */
  blobs?: BlobStore;
}

/**
 * SES clients retry throttling and 5xx answers with backoff a few times before a send is
 * reported as failed.
 */
const SES_MAX_ATTEMPTS = 4;

/** The app's dependencies plus the email channel's, built once per cold start. */
export function withEmail<D extends AppDeps>(
  deps: D,
  config: EmailConfig,
  clients: EmailClientOptions = {},
): D & Pick<EmailDeps, 'email'> {
  const s3 = new S3Client(clients.s3 ?? {});
  const ses = new SESv2Client({ maxAttempts: SES_MAX_ATTEMPTS, ...clients.sesv2 });
  const blobs = clients.blobs ?? (config.bucket ? new S3BlobStore(s3, config.bucket) : unconfiguredBlobs);
  const deadLetter = config.deadLetterQueueUrl
    ? new DeadLetterQueue(deps.sqs, config.deadLetterQueueUrl)
    : undefined;
  return { ...deps, email: { config, blobs, s3, ses, deadLetter } };
}

const unconfiguredBlobs: BlobStore = {
  put: () => Promise.reject(new Error('ONETHREAD_EMAIL_BUCKET is not configured for this function')),
  get: () => Promise.resolve(undefined),
  delete: () => Promise.reject(new Error('ONETHREAD_EMAIL_BUCKET is not configured for this function')),
};
