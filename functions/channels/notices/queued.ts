import { NOTICE_CHANNELS } from '#core/automatic-messages.ts';
import type { NoticeMessage } from '#core/ingest-message.ts';
import type { WorkItem } from '#core/model.ts';
import { describeOpening } from '#core/opening-text.ts';
import type { WaitEstimate } from '#core/routing/index.ts';
import {
  firstName,
  pickTemplate,
  renderTemplate,
  type TemplateKind,
  type TemplateValues,
} from '#core/templates.ts';
import { logger } from '#shared/observability.ts';
import { openingAt, type QueueHoursRepo } from '#store/queue-hours-repo.ts';
import type { QueueTemplatesRepo } from '#store/queue-templates-repo.ts';
import { type AutomaticDeps, sendAutomatic } from './automatic.ts';
import { CALLBACK_REPLY_CHANNELS } from './callback-reply.ts';

/** Seconds between checks of a waiting item's estimate, and how many checks at most (4 hours). */
export const CHECK_EVERY_SECONDS = 300;
export const MAX_CHECKS = 48;
/** The board is refreshed about once a second: an item not on it yet is looked for again soon. */
const NOT_ON_BOARD_RETRY_SECONDS = 2;
const NOT_ON_BOARD_ROUNDS = 5;

export interface QueuedNoticeDeps extends AutomaticDeps {
  templates: QueueTemplatesRepo;
  hours: QueueHoursRepo;
  /** The item's place and estimate from its partition's wait board; the queue's display name. */
  waitOf(item: WorkItem): Promise<WaitEstimate | undefined>;
  queueName(queueId: string): Promise<string | undefined>;
}

/**
 * When the estimate has grown enough to be worth a second message: at least doubled, and by at
 * least five minutes (a wait going from one minute to two is not news).
 */
export function grewALot(told: number, now: number): boolean {
  return now >= 2 * told && now - told >= 300;
}

/**
 * The queued notice and the checks after it. One notice when a messaging contact is queued, at
 * most one more when the estimate grows a lot, each claimed on the work item by a conditional
 * write before it is sent: a redelivered request, or an entry the follower carries out again,
 * finds the claim and sends nothing. While the item waits, a check comes back every five
 * minutes until the second notice is sent or the item leaves the queue.
 */
export async function handleQueuedNotice(message: NoticeMessage, deps: QueuedNoticeDeps): Promise<void> {
  const item = await deps.workItems.get(message.workItemId);
  if (item?.state !== 'queued' || !NOTICE_CHANNELS.has(item.channel)) return;
  // A repeated request: the first one's checks are under way.
  if (message.kind === 'queued' && item.queuedNotice) return;
  // Outside hours the customer is told when the queue opens, once, instead of a wait.
  if (!item.queuedNotice && (await toldClosed(deps, item))) return;
  const wait = await deps.waitOf(item);
  if (!wait) {
    if (message.round < NOT_ON_BOARD_ROUNDS) await again(deps, message, NOT_ON_BOARD_RETRY_SECONDS);
    return;
  }
  if (wait.state !== 'waiting') return;
  const estimate = wait.estimatedWaitSeconds;
  // Nobody who could take it is signed in: no figure worth sending yet; look again later.
  if (estimate === undefined) return later(deps, message);
  if (!item.queuedNotice) {
    await notify(deps, item, wait, estimate, 'queued');
    return later(deps, { ...message, round: Math.max(message.round, NOT_ON_BOARD_ROUNDS) });
  }
  if (item.queuedAgainNotice) return;
  if (grewALot(item.queuedNotice.estimatedWaitSeconds, estimate)) {
    await notify(deps, item, wait, estimate, 'queuedAgain');
    return;
  }
  await later(deps, message);
}

async function notify(
  deps: QueuedNoticeDeps,
  item: WorkItem,
  wait: WaitEstimate,
  estimate: number,
  kind: 'queued' | 'queuedAgain',
): Promise<void> {
  await tell(deps, item, kind, estimate, {
    position: wait.position,
    estimatedWaitMinutes: Math.max(1, Math.ceil(estimate / 60)),
  });
}

/**
 * The closed notice, when the item's queue is outside its hours: it takes the queued notice's
 * place (claimed the same way, with the wait until opening as its estimate), so the customer
 * hears once that the queue is closed and when it opens, and no wait figure after it.
 */
async function toldClosed(deps: QueuedNoticeDeps, item: WorkItem): Promise<boolean> {
  const hours = await deps.hours.get(item.queueId);
  const now = deps.clock.now().getTime();
  if (!hours) return false;
  const opening = openingAt(hours, now);
  if (opening.open) return false;
  const next = opening.nextOpening ? Date.parse(opening.nextOpening) : undefined;
  const language = await languageOf(deps, item);
  await tell(deps, item, 'closed', next === undefined ? 0 : Math.round((next - now) / 1000), {
    nextOpening: next === undefined ? undefined : describeOpening(next, now, hours.timeZone, language),
  });
  return true;
}

async function tell(
  deps: QueuedNoticeDeps,
  item: WorkItem,
  kind: 'queued' | 'queuedAgain' | 'closed',
  estimate: number,
  values: TemplateValues,
): Promise<void> {
  const marker = kind === 'queuedAgain' ? 'queuedAgainNotice' : 'queuedNotice';
  const at = deps.clock.now().toISOString();
  if (!(await claim(deps, item.workItemId, marker, { at, estimatedWaitSeconds: estimate }))) return;
  const customer = await deps.customers.get(item.customerId);
  if (!customer) return;
  const text = [
    renderTemplate(await templateFor(deps, item, kind), {
      'customer.firstName': firstName(customer.name),
      'customer.name': customer.name,
      'queue.name': (await deps.queueName(item.queueId)) ?? item.queueId,
      ...values,
    }),
    // Waiting SMS and WhatsApp customers may ask for a call back instead (see callback-reply.ts).
    ...(kind !== 'closed' && CALLBACK_REPLY_CHANNELS.has(item.channel)
      ? [renderTemplate(await templateFor(deps, item, 'callbackOffer'), {})]
      : []),
  ].join(' ');
  const outcome = await sendAutomatic(deps, item, customer, text, { key: `${kind}:${item.workItemId}` });
  const keysOf = { workItemId: item.workItemId, channel: item.channel, kind };
  if (outcome.sent) {
    logger.info('queued notice sent', { ...keysOf, interactionId: outcome.interactionId });
    return;
  }
  if (outcome.retryable) {
    await unclaim(deps, item.workItemId, marker);
    throw new Error(`the queued notice could not be sent yet: ${outcome.reason}`);
  }
  // The channel does not allow it now (a closed window); the claim stays, so nobody tries again.
  logger.info('queued notice not sent', { ...keysOf, reason: outcome.reason });
}

async function templateFor(deps: QueuedNoticeDeps, item: WorkItem, kind: TemplateKind): Promise<string> {
  return pickTemplate(await deps.templates.get(item.queueId), kind, await languageOf(deps, item));
}

async function languageOf(deps: QueuedNoticeDeps, item: WorkItem): Promise<string | undefined> {
  return item.language ?? (await deps.conversations.get(item.conversationId))?.language;
}

function later(deps: QueuedNoticeDeps, message: NoticeMessage): Promise<void> {
  if (message.round >= MAX_CHECKS) return Promise.resolve();
  return again(deps, message, CHECK_EVERY_SECONDS);
}

function again(deps: QueuedNoticeDeps, message: NoticeMessage, delaySeconds: number): Promise<void> {
  return deps.ingestQueue.send(
    {
      type: 'notice',
      kind: 'check',
      workItemId: message.workItemId,
      channel: message.channel,
      round: message.round + 1,
    },
    { delaySeconds },
  );
}

async function claim(
  deps: QueuedNoticeDeps,
  workItemId: string,
  marker: string,
  value: { at: string; estimatedWaitSeconds: number },
): Promise<boolean> {
  return deps.workItems.claimMarker(workItemId, marker, value);
}

async function unclaim(deps: QueuedNoticeDeps, workItemId: string, marker: string): Promise<void> {
  await deps.workItems.releaseMarker(workItemId, marker);
}
