import type { EmailServices } from '#channels/email/deps.ts';
import type { AutomaticReplies } from '#core/ingest.ts';
import type { NoticeMessage } from '#core/ingest-message.ts';
import type { SendingDeps } from '#deps/app.ts';
import type { RoutingDeps } from '#routing/deps.ts';
import type { SurveyConfig } from '#shared/survey-config.ts';
import { QueueHoursRepo } from '#store/queue-hours-repo.ts';
import { QueueTemplatesRepo } from '#store/queue-templates-repo.ts';
import { SurveysRepo } from '#store/surveys-repo.ts';
import { CallbackReplyTaker } from './callback-reply.ts';
import { handleQueuedNotice, type QueuedNoticeDeps } from './queued.ts';
import { type SurveyDeps, SurveyReplyTaker, sendSurvey } from './survey.ts';

/** What telling customers about their work items needs: routing's boards, templates, surveys. */
export type NoticeDeps = QueuedNoticeDeps & SurveyDeps & { replies: AutomaticReplies };

export function withNotices(
  deps: SendingDeps & Pick<RoutingDeps, 'routingFor' | 'partitions'> & { email?: EmailServices | undefined },
  survey: SurveyConfig,
): NoticeDeps {
  const boards = (queueId: string) => deps.routingFor(deps.partitions.ofQueue(queueId));
  const built: Omit<NoticeDeps, 'replies'> = {
    ...deps,
    templates: new QueueTemplatesRepo(deps.table),
    hours: new QueueHoursRepo(deps.table),
    surveys: new SurveysRepo(deps.table),
    survey,
    waitOf: (item) => boards(item.queueId).waitBoard.read(item.workItemId),
    queueName: async (queueId) => {
      const queues = await boards(queueId).queueBoard.read(deps.clock.now().getTime());
      return queues.find((queue) => queue.queueId === queueId)?.name;
    },
  };
  return { ...built, replies: firstTaker([new SurveyReplyTaker(built), new CallbackReplyTaker(built)]) };
}

/** The first taker that takes a reply has it; the rest never see it. */
function firstTaker(takers: readonly AutomaticReplies[]): AutomaticReplies {
  return {
    async take(interaction) {
      for (const taker of takers) if (await taker.take(interaction)) return true;
      return false;
    },
  };
}

/** One notice request off the ingest queue. */
export function handleNotice(message: NoticeMessage, deps: NoticeDeps): Promise<void> {
  return message.kind === 'survey' ? sendSurvey(message, deps) : handleQueuedNotice(message, deps);
}
