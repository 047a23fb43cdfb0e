import { createDeps } from '#app/create-deps.ts';
import { loadEmailConfig } from '#channels/email/config.ts';
import { withEmail } from '#channels/email/deps.ts';
import { makeHandler } from '#handlers/surveys-api.ts';
import { loadConfig } from '#shared/config.ts';
import { requireEnv } from '#shared/env.ts';
import { loadSurveyConfig } from '#shared/survey-config.ts';
import { FUNCTIONS } from '../routes.ts';

const env = requireEnv(process.env, FUNCTIONS.surveysApi.requires);
const app = createDeps(loadConfig(env));
const { email } = withEmail(app, loadEmailConfig(env));
export const handler = makeHandler({ ...app, email, survey: loadSurveyConfig(env) });
