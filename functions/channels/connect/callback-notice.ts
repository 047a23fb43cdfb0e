import { chatReply } from '#core/chat-reply.ts';
import type { IngestMessage } from '#core/ingest-message.ts';
import type { Channel, Conversation, Interaction } from '#core/model.ts';
import { REPLY_TEXT_LIMITS, type ReplyDeps, sendReply } from '#core/replies.ts';
import { timelineOwners } from '#core/resolution.ts';

/** The channels a callback notice can go out on: chat, and the social and SMS send APIs. */
const NOTICE_CHANNELS = new Set<Channel>(['chat', ...(Object.keys(REPLY_TEXT_LIMITS) as Channel[])]);

/** The timeline read the notice needs: recent entries, newest first. */
interface RecentEntries {
  query(
    owners: readonly string[],
    query: { limit: number; channel?: Channel },
  ): Promise<{ items: Array<Pick<Interaction, 'channel' | 'direction' | 'conversationId' | 'threadKey'>> }>;
}

export interface NoticeDeps extends Omit<ReplyDeps, 'timeline'> {
  timeline: ReplyDeps['timeline'] & RecentEntries;
  ingestQueue: { send(message: IngestMessage): Promise<void> };
}

/**
 * Tells the customer, on the channel they last wrote from in this conversation, that a call is
 * coming, so a ringing phone is no surprise. Returns the channel used, or undefined when there
 * was none to use (email, a call); a failure to notify never cancels the call.
 */
export async function noticeCallback(
  conversation: Conversation,
  notice: { phone: string; agentId: string; requestId: string },
  deps: NoticeDeps,
): Promise<Channel | undefined> {
  const customer = await deps.customers.get(conversation.customerId);
  if (!customer) return undefined;
  const { items } = await deps.timeline.query(timelineOwners(customer), { limit: 50 });
  const last = items.find(
    (item) =>
      item.conversationId === conversation.conversationId &&
      item.direction === 'inbound' &&
      NOTICE_CHANNELS.has(item.channel),
  );
  if (!last) return undefined;
  const text = `We will call you shortly on ${notice.phone}.`;
  const at = deps.clock.now().toISOString();
  const request = { conversationId: conversation.conversationId, text, agentId: notice.agentId };
  if (last.channel === 'chat') {
    await deps.ingestQueue.send(await chatReply({ ...request, replyId: notice.requestId, at }, deps));
    return 'chat';
  }
  const { record, failure } = await sendReply(
    { ...request, channel: last.channel as keyof typeof REPLY_TEXT_LIMITS },
    deps,
  );
  await deps.ingestQueue.send(record);
  return failure ? undefined : last.channel;
}
