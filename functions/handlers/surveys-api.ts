import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import * as z from 'zod';
import { formatMailbox } from '#channels/email/addresses.ts';
import type { EmailServices } from '#channels/email/deps.ts';
import { recordAnswer, type SurveyDeps } from '#channels/notices/survey.ts';
import { escapeHtml, htmlPage, surveyForm } from '#channels/notices/survey-page.ts';
import { chatThreadKey } from '#core/chat-session.ts';
import { DomainError, InvalidIdentityError } from '#core/errors.ts';
import { normalizeIdentity } from '#core/identity.ts';
import { timelineOwners } from '#core/resolution.ts';
import { SurveyAnswerSchema, verifySurveyToken } from '#core/survey.ts';
import { firstName, pickTemplate, renderTemplate } from '#core/templates.ts';
import { transcriptText } from '#core/transcript.ts';
import type { SendingDeps } from '#deps/app.ts';
import { badRequest, notFound, tooManyRequests } from '#http/errors.ts';
import { httpHandler } from '#http/http-handler.ts';
import { parseJsonBody, pathParameter, rawBody } from '#http/request.ts';
import { type HttpResult, json } from '#http/response.ts';
import { routeByKey } from '#http/router.ts';
import { logger } from '#shared/observability.ts';
import type { SurveyConfig } from '#shared/survey-config.ts';
import { takeDailyUse } from '#store/daily-limit.ts';
import { QueueTemplatesRepo } from '#store/queue-templates-repo.ts';
import { type SurveyRecord, SurveysRepo } from '#store/surveys-repo.ts';
import { authorizedSession } from './chat-api.ts';

export type SurveysApiDeps = SendingDeps & { email?: EmailServices | undefined; survey: SurveyConfig };

export const ChatSurveyBodySchema = SurveyAnswerSchema.extend({ workItemId: z.string().min(1).max(256) });
export const TranscriptBodySchema = z.strictObject({ email: z.string().trim().min(3).max(320) });

/**
 * What customers answer and ask for after their work is done: the survey (the chat widget's card,
 * or the page behind an emailed signed link) and a chat's transcript by email, only ever to an
 * address the customer proved.
 */
export function makeHandler(given: SurveysApiDeps) {
  const deps: SurveyDeps = {
    ...given,
    templates: new QueueTemplatesRepo(given.table),
    surveys: new SurveysRepo(given.table),
  };
  return httpHandler(
    logger,
    routeByKey({
      'GET /surveys/{token}': (event) => showSurvey(event, deps),
      'POST /surveys/{token}': (event) => answerByPage(event, deps),
      'POST /chat/sessions/{sessionId}/survey': (event) => answerInChat(event, deps),
      'POST /chat/sessions/{sessionId}/transcript': (event) => sendTranscript(event, deps),
    }),
  );
}

/** The survey a link names, or the page that says why there is none. */
async function surveyOfLink(
  event: APIGatewayProxyEventV2,
  deps: SurveyDeps,
): Promise<{ survey: SurveyRecord } | { page: HttpResult }> {
  const key = await deps.survey.key();
  if (!key) return { page: htmlPage(404, 'Survey not found', '<p>This survey does not exist.</p>') };
  const check = verifySurveyToken(
    pathParameter(event, 'token'),
    key,
    Math.floor(deps.clock.now().getTime() / 1000),
  );
  if (!check.ok && check.reason === 'expired') {
    return { page: htmlPage(410, 'Survey closed', '<p>This survey has closed. Thank you all the same.</p>') };
  }
  if (!check.ok) return { page: htmlPage(403, 'Link not valid', '<p>This survey link is not valid.</p>') };
  const survey = await deps.surveys.get(check.workItemId);
  if (!survey) return { page: htmlPage(404, 'Survey not found', '<p>This survey does not exist.</p>') };
  return { survey };
}

async function showSurvey(event: APIGatewayProxyEventV2, deps: SurveyDeps): Promise<HttpResult> {
  const found = await surveyOfLink(event, deps);
  if ('page' in found) return found.page;
  const { survey } = found;
  if (survey.answer) return thanks(deps, survey);
  return htmlPage(200, 'Your opinion', surveyForm(survey.questions, survey.language), survey.language);
}

async function answerByPage(event: APIGatewayProxyEventV2, deps: SurveyDeps): Promise<HttpResult> {
  const found = await surveyOfLink(event, deps);
  if ('page' in found) return found.page;
  const { survey } = found;
  const form = new URLSearchParams(rawBody(event).toString('utf8'));
  const answers: Record<string, string> = {};
  for (const question of survey.questions) {
    const value = form.get(`q_${question.id}`)?.trim();
    if (value) answers[question.id] = value;
  }
  const parsed = SurveyAnswerSchema.safeParse({
    rating: Number(form.get('rating')),
    comment: form.get('comment')?.trim() || undefined,
    answers,
  });
  if (!parsed.success) {
    const field = String(parsed.error.issues[0]?.path[0] ?? 'rating');
    const page = surveyForm(survey.questions, survey.language, `${field}: please check this answer`);
    return htmlPage(400, 'Your opinion', page, survey.language);
  }
  await recordAnswer(deps, survey, parsed.data, 'page', deps.clock.now().toISOString());
  return thanks(deps, survey);
}

async function thanks(deps: SurveyDeps, survey: SurveyRecord): Promise<HttpResult> {
  const text = pickTemplate(await deps.templates.get(survey.queueId), 'surveyThanks', survey.language);
  return htmlPage(200, 'Thank you', `<p>${escapeHtml(renderTemplate(text, {}))}</p>`, survey.language);
}

/** The widget's card: the session must be the survey's customer's, on a chat survey. */
async function answerInChat(event: APIGatewayProxyEventV2, deps: SurveyDeps): Promise<HttpResult> {
  const session = await authorizedSession(event, deps);
  const { workItemId, ...answer } = parseJsonBody(event, ChatSurveyBodySchema);
  const survey = await deps.surveys.get(workItemId);
  const customer = await deps.customers.get(session.customerId);
  const owners = customer ? timelineOwners(customer) : [session.customerId];
  if (survey?.channel !== 'chat' || !owners.includes(survey.customerId)) {
    throw notFound('no such survey for this chat');
  }
  const outcome = await recordAnswer(deps, survey, answer, 'chat', deps.clock.now().toISOString());
  const text = pickTemplate(await deps.templates.get(survey.queueId), 'surveyThanks', survey.language);
  // A repeated answer is acknowledged, and the first one kept.
  return json(200, { workItemId, kept: outcome === 'recorded' ? 'this' : 'earlier', message: text });
}

/**
 * The chat's transcript, to an address the customer proved (a code typed back, the company's
 * signed token): a claimed address never receives it. Limited per session and per address.
 */
async function sendTranscript(event: APIGatewayProxyEventV2, deps: SurveyDeps): Promise<HttpResult> {
  const session = await authorizedSession(event, deps);
  const { email } = parseJsonBody(event, TranscriptBodySchema);
  let identity: string;
  try {
    identity = normalizeIdentity(`email:${email}`, { defaultCountry: deps.config.defaultCountry });
  } catch (error) {
    if (error instanceof InvalidIdentityError) throw badRequest('email', `email: ${error.details.reason}`);
    throw error;
  }
  const customer = await deps.customers.get(session.customerId);
  if (!customer?.identities.includes(identity as (typeof customer.identities)[number])) {
    throw new DomainError(
      'unverified_address',
      'email: only an address you have confirmed receives the transcript',
      {
        field: 'email',
      },
    );
  }
  const config = deps.email?.config;
  if (!deps.email || !config?.fromAddress) {
    throw new DomainError('not_configured', 'email is not configured on this deployment');
  }
  const now = deps.clock.now();
  const limit = deps.survey.transcriptsPerDay;
  for (const key of [`transcript:session:${session.sessionId}`, `transcript:${identity}`]) {
    if (!(await takeDailyUse(deps.table, key, limit, now))) {
      throw tooManyRequests('transcripts: the limit for today is reached', 3600);
    }
  }
  const entries = await deps.timeline.thread(timelineOwners(customer), chatThreadKey(session.sessionId));
  const conversationId = entries.find((entry) => entry.conversationId)?.conversationId;
  const intro = renderTemplate(pickTemplate(undefined, 'transcript', customer.preferredLanguage), {
    'customer.firstName': firstName(customer.name),
    'queue.name': config.fromName ?? 'us',
  });
  const address = identity.slice('email:'.length);
  const sent = await deps.email.ses.send(
    new SendEmailCommand({
      FromEmailAddress: formatMailbox({ name: config.fromName, address: config.fromAddress }),
      Destination: { ToAddresses: [address] },
      Content: {
        Simple: {
          Subject: { Data: 'Your chat transcript', Charset: 'UTF-8' },
          Body: { Text: { Data: `${intro}\n\n${transcriptText(entries)}\n`, Charset: 'UTF-8' } },
          Headers: [{ Name: 'Auto-Submitted', Value: 'auto-generated' }],
        },
      },
      ConfigurationSetName: config.configurationSet,
      EmailTags: [{ Name: 'purpose', Value: 'chat-transcript' }],
    }),
  );
  logger.info('chat transcript sent', {
    sessionId: session.sessionId,
    conversationId,
    sesMessageId: sent.MessageId,
  });
  return json(202, { accepted: true, sessionId: session.sessionId });
}
