import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import * as z from 'zod';
import { type ChatSession, chatThreadKey } from '#core/chat-session.ts';
import type { WorkItem } from '#core/model.ts';
import type { RoutingEvent } from '#core/routing/index.ts';
import type { AppDeps } from '#deps/app.ts';
import { badRequest, unsupportedMediaType } from '#http/errors.ts';
import { header, parseWith, rawBody } from '#http/request.ts';
import type { PartitionMap } from '#routing/partitions.ts';
import type { RoutingQueues } from '#routing/routing-queue.ts';

/**
 * A chat visitor's presence, told to routing: the widget's polls say they are there, closing the
 * chat or the page says they left. Routing decides from these when a waiting visitor has gone.
 */

/**
 * How often a waiting visitor's polls are passed on: each is one routing event, so a visitor
 * polling every two seconds costs one event per this long, and routing hears of them at worst
 * this late (well inside the minute it waits for a visitor who left a page to come back).
 */
export const SEEN_EVERY_MS = 20_000;

/**
 * `POST /chat/sessions/{sessionId}/end`. With the widget's page-hide beacon, which cannot set an
 * Authorization header, the session token comes in the body (as text/plain, the only kind a
 * beacon sends without asking the browser first); `leaving` says the page went away, which may
 * be the visitor moving to another page of the site, rather than closing the chat.
 */
export const EndChatBodySchema = z.strictObject({
  token: z.string().min(1).max(200).optional(),
  leaving: z.boolean().default(false),
});
export type EndChatBody = z.infer<typeof EndChatBodySchema>;

const BEACON_MEDIA_TYPE = /^(?:text\/plain|application\/json)$/i;

/** Reads the end body from JSON or the beacon's text/plain; empty is an explicit end. */
export function parseEndBody(event: APIGatewayProxyEventV2): EndChatBody {
  const bytes = rawBody(event);
  if (bytes.length === 0) return EndChatBodySchema.parse({});
  if (bytes.length > 1024) throw badRequest('body', 'body: at most 1 KB');
  const mediaType = header(event, 'content-type')?.split(';')[0]?.trim() ?? '';
  if (!BEACON_MEDIA_TYPE.test(mediaType)) throw unsupportedMediaType('application/json or text/plain');
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw badRequest('body', 'body is not valid JSON');
  }
  return parseWith(EndChatBodySchema, json, '');
}

export interface PresenceDeps extends Pick<AppDeps, 'conversations' | 'workItems' | 'table' | 'clock'> {
  routingQueues?: RoutingQueues | undefined;
  partitions?: Pick<PartitionMap, 'ofQueue'> | undefined;
}

/** The session's open work item, if it still waits for an agent. */
async function waitingItem(session: ChatSession, deps: PresenceDeps): Promise<WorkItem | undefined> {
  const conversationId = await deps.conversations.threadConversation(chatThreadKey(session.sessionId));
  const conversation = conversationId ? await deps.conversations.get(conversationId) : undefined;
  const item = conversation?.openWorkItemId
    ? await deps.workItems.get(conversation.openWorkItemId)
    : undefined;
  return item?.state === 'queued' || item?.state === 'offered' ? item : undefined;
}

/**
 * The visitor ended the chat, or their page went away. A closed chat still waiting is abandoned
 * at once; a page that went away is reported, and the visitor is gone unless they come back.
 * Once an agent has the chat, ending it abandons nothing: it is the agent's to complete.
 */
export async function endChat(
  session: ChatSession,
  body: EndChatBody,
  deps: PresenceDeps,
): Promise<{ abandoned: boolean; leaving: boolean }> {
  const item = await waitingItem(session, deps);
  if (!item || !deps.routingQueues) return { abandoned: false, leaving: false };
  const event: RoutingEvent = body.leaving
    ? { type: 'customerLeft', workItemId: item.workItemId }
    : { type: 'itemAbandoned', workItemId: item.workItemId };
  // The next poll from another page must reach routing at once, not after the usual interval.
  if (body.leaving) await deps.workItems.forgetCustomerSeen(item.workItemId);
  const at = deps.clock.now().getTime();
  await deps.routingQueues.publish(event, `${event.type}:${item.workItemId}:${at}`, partitionOf(item, deps));
  return { abandoned: !body.leaving, leaving: body.leaving };
}

/**
 * A waiting visitor's poll: passed on to routing at most once per `SEEN_EVERY_MS` per item, across
 * every container, by a conditional write on the work item.
 */
export async function reportSeen(item: WorkItem, deps: PresenceDeps): Promise<void> {
  if (!deps.routingQueues || (item.state !== 'queued' && item.state !== 'offered')) return;
  const now = deps.clock.now().getTime();
  if (!(await deps.workItems.noteCustomerSeen(item.workItemId, now, SEEN_EVERY_MS))) return;
  await deps.routingQueues.publish(
    { type: 'customerSeen', workItemId: item.workItemId },
    `customerSeen:${item.workItemId}:${now}`,
    partitionOf(item, deps),
  );
}

function partitionOf(item: WorkItem, deps: PresenceDeps): string {
  return deps.partitions?.ofQueue(item.queueId) ?? 'default';
}
