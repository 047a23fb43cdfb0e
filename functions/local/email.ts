import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadEmailConfig } from '#channels/email/config.ts';
import { type EmailDeps, withEmail } from '#channels/email/deps.ts';
import { inboundDeps } from '#channels/email/receive.ts';
import type { SendingDeps } from '#deps/app.ts';
import { FileBlobStore } from '#store/blobs.ts';
import { localClientConfig } from './emulators.ts';
import { startSesEmulator } from './ses-emulator.ts';
import { type SmtpListener, startSmtpListener } from './smtp.ts';

export interface LocalEmailOptions {
  deps: SendingDeps;
  /** The ONETHREAD_* settings (ONETHREAD_SMTP_PORT, limits, from name). */
  env?: Record<string, string | undefined>;
  /** Attachments and original messages are kept under `{dataDir}/email`; a temporary folder otherwise. */
  dataDir?: string | undefined;
  host?: string;
  onWarning?: (message: string) => void;
}

export interface LocalEmail {
  /** The app's deps with the email channel's: what `sendEmailReply` and the email handlers take. */
  deps: EmailDeps & SendingDeps;
  /** Undefined when the SMTP port was taken (the rest of the platform runs on). */
  smtpPort?: number | undefined;
  /** The local SES endpoint; sent mail is at `{sesEndpoint}/store`. */
  sesEndpoint: string;
  stop(): Promise<void>;
}

/**
 * The email channel on localhost: an SMTP listener feeding the inbound path, a local SES
 * endpoint receiving our replies, and a folder for attachments.
 */
export async function startLocalEmail(options: LocalEmailOptions): Promise<LocalEmail> {
  const config = loadEmailConfig(options.env ?? {});
  const folder = options.dataDir
    ? resolve(options.dataDir, 'email')
    : await mkdtemp(join(tmpdir(), 'onethread-email-'));
  const ses = await startSesEmulator({ host: options.host });
  const deps = withEmail(options.deps, config, {
    sesv2: localClientConfig(ses.endpoint),
    blobs: new FileBlobStore(folder),
  });
  let smtp: SmtpListener | undefined;
  try {
    smtp = await startSmtpListener({
      deps: inboundDeps(deps),
      port: config.smtpPort,
      host: options.host,
      maxMessageBytes: config.maxMessageBytes,
      onError: (error) => options.onWarning?.(`SMTP: ${(error as Error).message}`),
    });
  } catch (error) {
    options.onWarning?.(
      `SMTP is off: port ${config.smtpPort} is not available (${(error as Error).message}); set ONETHREAD_SMTP_PORT`,
    );
  }
  return {
    deps,
    smtpPort: smtp?.port,
    sesEndpoint: ses.endpoint,
    stop: async () => {
      await smtp?.stop();
      await ses.stop();
      deps.email.ses.destroy();
      deps.email.s3.destroy();
      if (!options.dataDir) await rm(folder, { recursive: true, force: true });
    },
  };
}
