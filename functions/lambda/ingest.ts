import { attachmentStorageFromEnv } from '#app/attachment-storage.ts';
import { createDeps } from '#app/create-deps.ts';
import { loadEmailConfig } from '#channels/email/config.ts';
import { withEmail } from '#channels/email/deps.ts';
import { withNotices } from '#channels/notices/deps.ts';
import { makeHandler } from '#handlers/ingest.ts';
import { loadRoutingSettings } from '#routing/config.ts';
import { withRouting } from '#routing/deps.ts';
import { loadConfig } from '#shared/config.ts';
import { requireEnv } from '#shared/env.ts';
import { loadSurveyConfig } from '#shared/survey-config.ts';
import { FUNCTIONS } from '../routes.ts';

const env = requireEnv(process.env, FUNCTIONS.ingest.requires);
const routing = withRouting(createDeps(loadConfig(env)), loadRoutingSettings(env));
const { email } = withEmail(routing, loadEmailConfig(env));
export const handler = makeHandler({
  ...routing,
  notices: withNotices({ ...routing, email }, loadSurveyConfig(env)),
  blobs: email.blobs,
  attachments: attachmentStorageFromEnv(env),
});
