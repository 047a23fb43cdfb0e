import { randomBytes } from 'node:crypto';
import { sesCodeMailer } from '#channels/email/code-mailer.ts';
import type { SendingDeps } from '#deps/app.ts';
import { LocalAttachmentStorage } from '#store/attachment-storage.ts';
import type { FileBlobStore } from '#store/blobs.ts';
import { type LocalEmail, startLocalEmail } from './email.ts';
import { UPLOADS_PATH } from './uploads.ts';

/** Email codes come from here locally unless ONETHREAD_EMAIL_FROM_ADDRESS names another address. */
const LOCAL_CODE_SENDER = 'support@onethread.localhost';

export interface LocalEmailChannelOptions {
  deps: SendingDeps;
  env?: Record<string, string | undefined> | undefined;
  dataDir?: string | undefined;
  /** The gateway's URL, known once it listens: attachments are uploaded to it. */
  gatewayUrl: () => string;
}

export interface LocalEmailChannel {
  email: LocalEmail;
  attachments: LocalAttachmentStorage;
  /** Sends chat's email codes through the local SES endpoint, readable at `{sesEndpoint}/store`. */
  codeMailer: ReturnType<typeof sesCodeMailer>;
  stop(): Promise<void>;
}

/**
 * The email channel (lib/email.ts): the SMTP listener, the local SES endpoint and the files, with
 * the attachments next to the email files (erasure removes both), uploaded to the gateway.
 */
export async function startEmail(options: LocalEmailChannelOptions): Promise<LocalEmailChannel> {
  const email = await startLocalEmail({
    deps: options.deps,
    env: options.env,
    dataDir: options.dataDir,
    onWarning: (message) => console.warn(message),
  });
  const { config, ses, blobs } = email.deps.email;
  const attachments = new LocalAttachmentStorage(blobs as FileBlobStore, {
    uploadUrl: () => `${options.gatewayUrl()}${UPLOADS_PATH}`,
    secret: randomBytes(32).toString('base64url'),
  });
  return {
    email,
    attachments,
    codeMailer: sesCodeMailer({ ...config, fromAddress: config.fromAddress ?? LOCAL_CODE_SENDER }, ses),
    stop: () => email.stop(),
  };
}
