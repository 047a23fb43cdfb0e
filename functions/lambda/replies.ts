import { attachmentStorageFromEnv } from '#app/attachment-storage.ts';
import { createDeps } from '#app/create-deps.ts';
import { loadEmailConfig } from '#channels/email/config.ts';
import { withEmail } from '#channels/email/deps.ts';
import { makeHandler } from '#handlers/replies.ts';
import { loadConfig } from '#shared/config.ts';
import { requireEnv } from '#shared/env.ts';
import { FUNCTIONS } from '../routes.ts';

const env = requireEnv(process.env, FUNCTIONS.replies.requires);
export const handler = makeHandler({
  ...withEmail(createDeps(loadConfig(env)), loadEmailConfig(env)),
  attachments: attachmentStorageFromEnv(env),
});
