import type { AutomaticReplies } from '#core/ingest.ts';
import type { NoticeMessage } from '#core/ingest-message.ts';
import type { Customer, Interaction, WorkItem } from '#core/model.ts';
import {
  ratingReply,
  SURVEY_LINK_TTL_SECONDS,
  SURVEY_REPLY_WINDOW_MS,
  type SurveyAnswer,
  type SurveyEntry,
  signSurveyToken,
} from '#core/survey.ts';
import {
  firstName,
  pickTemplate,
  type QueueTemplates,
  questionText,
  renderTemplate,
  type TemplateKind,
} from '#core/templates.ts';
import { logger } from '#shared/observability.ts';
import type { SurveyConfig } from '#shared/survey-config.ts';
import type { QueueTemplatesRepo } from '#store/queue-templates-repo.ts';
import type { AnswerOutcome, SurveyRecord, SurveysRepo } from '#store/surveys-repo.ts';
import { type AutomaticDeps, sendAutomatic } from './automatic.ts';

export interface SurveyDeps extends AutomaticDeps {
  templates: QueueTemplatesRepo;
  surveys: SurveysRepo;
  survey: SurveyConfig;
}

/** Channels whose survey is a text the customer answers by replying with a number. */
export const REPLY_CHANNELS = new Set(['sms', 'whatsapp', 'messenger', 'instagram', 'x']);

/** The survey link's page, served by the API. */
export function surveyLink(publicUrl: string, token: string): string {
  return `${publicUrl}/surveys/${encodeURIComponent(token)}`;
}

/**
 * Sends the satisfaction survey of a completed work item on its channel: a card in the chat, a
 * "reply 1–5" text on the messaging channels (the next rating-shaped reply within a day is its
 * answer), a signed link by email. The survey record is created first and only once, so a
 * replayed completion sends nothing twice.
 */
export async function sendSurvey(message: NoticeMessage, deps: SurveyDeps): Promise<void> {
  const item = await deps.workItems.get(message.workItemId);
  if (item?.state !== 'wrapped') return;
  if (item.channel !== 'chat' && item.channel !== 'email' && !REPLY_CHANNELS.has(item.channel)) return;
  const customer = await deps.customers.get(item.customerId);
  if (!customer) return;
  const conversation = await deps.conversations.get(item.conversationId);
  const language = item.language ?? conversation?.language ?? customer.preferredLanguage;
  const set = await deps.templates.get(item.queueId);
  const now = deps.clock.now();
  const record: SurveyRecord = {
    workItemId: item.workItemId,
    conversationId: item.conversationId,
    customerId: customer.customerId,
    queueId: item.queueId,
    agentId: item.agentId,
    channel: item.channel,
    language,
    questions: set?.surveyQuestions ?? [],
    sentAt: now.toISOString(),
  };
  const text = await surveyText(deps, item, customer, set, language, now);
  if (text === undefined) {
    logger.info('survey not sent', { workItemId: item.workItemId, reason: 'no survey link configured' });
    return;
  }
  if (!(await deps.surveys.claim(record))) return;
  const outcome = await sendAutomatic(deps, item, customer, text, {
    key: `survey:${item.workItemId}`,
    surveyCard:
      item.channel === 'chat'
        ? {
            workItemId: item.workItemId,
            questions: record.questions.map((q) => ({
              id: q.id,
              type: q.type,
              text: questionText(q, language),
            })),
          }
        : undefined,
  });
  if (!outcome.sent && outcome.retryable) {
    await deps.surveys.release(item.workItemId);
    throw new Error(`the survey could not be sent yet: ${outcome.reason}`);
  }
  if (outcome.sent && REPLY_CHANNELS.has(item.channel)) {
    await deps.surveys.awaitReply(
      item.conversationId,
      item.workItemId,
      new Date(now.getTime() + SURVEY_REPLY_WINDOW_MS),
    );
  }
  logger.info(outcome.sent ? 'survey sent' : 'survey not sent', {
    workItemId: item.workItemId,
    channel: item.channel,
    ...(outcome.sent ? { interactionId: outcome.interactionId } : { reason: outcome.reason }),
  });
}

async function surveyText(
  deps: SurveyDeps,
  item: WorkItem,
  customer: Customer,
  set: QueueTemplates | undefined,
  language: string | undefined,
  now: Date,
): Promise<string | undefined> {
  const kind: TemplateKind =
    item.channel === 'chat' ? 'surveyChat' : item.channel === 'email' ? 'surveyEmail' : 'survey';
  let link: string | undefined;
  if (item.channel === 'email') {
    const key = await deps.survey.key();
    if (!key || !deps.survey.publicUrl) return undefined;
    const expires = Math.floor(now.getTime() / 1000) + SURVEY_LINK_TTL_SECONDS;
    link = surveyLink(deps.survey.publicUrl, signSurveyToken(item.workItemId, expires, key));
  }
  return renderTemplate(pickTemplate(set, kind, language), {
    'customer.firstName': firstName(customer.name),
    'customer.name': customer.name,
    'queue.name': item.queueId,
    surveyLink: link,
  });
}

/**
 * Keeps an answer once: on the survey, the work item and today's figures of the queue and the
 * agent (one transaction), then on the customer's timeline as an event through the ingest queue
 * (its id is the survey's, so it is stored once too). Questions the survey did not ask are dropped.
 */
export async function recordAnswer(
  deps: SurveyDeps,
  survey: SurveyRecord,
  answer: SurveyAnswer,
  via: SurveyEntry['via'],
  at: string,
): Promise<AnswerOutcome> {
  const asked = new Set(survey.questions.map((question) => question.id));
  const entry: SurveyEntry = {
    rating: answer.rating,
    comment: answer.comment || undefined,
    answers: Object.fromEntries(Object.entries(answer.answers).filter(([id]) => asked.has(id))),
    workItemId: survey.workItemId,
    queueId: survey.queueId,
    agentId: survey.agentId,
    via,
    at,
  };
  const outcome = await deps.surveys.answer(entry);
  if (outcome !== 'recorded') return outcome;
  const customer = await deps.customers.get(survey.customerId);
  const identity = customer?.identities[0];
  if (identity) {
    await deps.ingestQueue.send({
      type: 'interaction',
      channel: survey.channel as Interaction['channel'],
      direction: 'inbound',
      kind: 'event',
      providerMessageId: `survey:${survey.workItemId}`,
      at,
      identities: [identity],
      conversationId: survey.conversationId,
      survey: entry,
    });
  }
  logger.info('survey answered', { workItemId: survey.workItemId, via, rating: entry.rating });
  return outcome;
}

/**
 * A rating sent back on SMS, WhatsApp or another messaging channel, within a day of the survey
 * and in its conversation, is the survey's answer: it is kept once, and neither it nor a second
 * rating opens a work item. Judged by the message's own time, so a redelivery decides alike.
 */
export class SurveyReplyTaker implements AutomaticReplies {
  constructor(private readonly deps: SurveyDeps) {}

  async take(interaction: Interaction): Promise<boolean> {
    if (interaction.direction !== 'inbound' || interaction.kind !== 'message') return false;
    if (!REPLY_CHANNELS.has(interaction.channel) || !interaction.conversationId) return false;
    const reply = ratingReply(interaction.text);
    if (!reply) return false;
    const { surveys } = this.deps;
    const workItemId = await surveys.awaitingReply(interaction.conversationId, new Date(interaction.at));
    const survey = workItemId ? await surveys.get(workItemId) : undefined;
    // A message written before the survey went out is not its answer.
    if (!survey || interaction.at < survey.sentAt) return false;
    await recordAnswer(this.deps, survey, { ...reply, answers: {} }, 'reply', interaction.at);
    return true;
  }
}
