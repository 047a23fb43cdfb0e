import type { DynamoDBRecord } from 'aws-lambda';
import { chatTopic, type Topic } from '#core/live-topics.ts';
import { type WorkItemState, WorkItemStateSchema } from '#core/model.ts';
import { decoded } from '#shared/event-bus.ts';
import { logger } from '#shared/observability.ts';
import { type ChatChange, chatChange } from '#store/live-changes.ts';
import { interactionOf } from '#store/timeline-repo.ts';
import { type ChatMessageView, toChatMessage, visibleToVisitor } from './messages.ts';

/**
 * What a chat visitor's page hears on its session's topic (`chat:{sessionId}`): the change
 * itself, so the page needs no request to show it. `changed` asks the page to read the session
 * again, for a message too large for one frame.
 */
export type ChatFrame =
  | { type: 'message'; sessionId: string; message: ChatMessageView }
  /** How much longer the agent is shown as typing, from the platform's clock, not the page's. */
  | { type: 'typing'; sessionId: string; agentTypingForMs: number }
  /** The chat's work item moved on: `wrapped` or `abandoned` ends the wait. */
  | { type: 'queue'; sessionId: string; state: WorkItemState }
  | { type: 'changed'; sessionId: string };

export interface ChatFrameDeps {
  /** The chat threads of a conversation (store/chat-threads.ts). */
  threads: { of(conversationId: string): Promise<string[]> };
  now: () => Date;
}

/** Below API Gateway's 32 KB frame, with room for the envelope. */
export const MAX_CHAT_FRAME_BYTES = 30 * 1024;

const sessionOf = (threadKey: string) => threadKey.slice(threadKey.indexOf(':') + 1);

/** A batch of table changes as frames for the chat sessions they concern, in the batch's order. */
export async function chatFrames(
  records: readonly DynamoDBRecord[],
  deps: ChatFrameDeps,
): Promise<Array<{ topic: Topic; frame: ChatFrame }>> {
  const frames: Array<{ topic: Topic; frame: ChatFrame }> = [];
  for (const record of records) {
    const change = chatChange(decoded(record.dynamodb?.OldImage), decoded(record.dynamodb?.NewImage));
    if (!change) continue;
    const threads =
      change.kind === 'chatEntry' ? [change.threadKey] : await deps.threads.of(change.conversationId);
    for (const threadKey of threads) {
      const sessionId = sessionOf(threadKey);
      const frame = frameOf(change, sessionId, deps.now());
      if (frame) frames.push({ topic: chatTopic(sessionId), frame });
    }
  }
  return frames;
}

function frameOf(change: ChatChange, sessionId: string, now: Date): ChatFrame | undefined {
  switch (change.kind) {
    case 'chatEntry':
      return entryFrame(change.item, sessionId, now);
    case 'agentTyping': {
      const agentTypingForMs = Date.parse(change.until) - now.getTime();
      return agentTypingForMs > 0 ? { type: 'typing', sessionId, agentTypingForMs } : undefined;
    }
    case 'chatWork': {
      const state = WorkItemStateSchema.safeParse(change.state);
      return state.success ? { type: 'queue', sessionId, state: state.data } : undefined;
    }
  }
}

function entryFrame(item: Record<string, unknown>, sessionId: string, now: Date): ChatFrame | undefined {
  let interaction: ReturnType<typeof interactionOf>;
  try {
    interaction = interactionOf(item, now);
  } catch {
    logger.warn('chat entry not framed', { sessionId });
    return { type: 'changed', sessionId };
  }
  // The same entries the messages route answers.
  if (!visibleToVisitor(interaction)) return undefined;
  const frame: ChatFrame = { type: 'message', sessionId, message: toChatMessage(interaction, sessionId) };
  const bytes = Buffer.byteLength(JSON.stringify(frame));
  return bytes <= MAX_CHAT_FRAME_BYTES ? frame : { type: 'changed', sessionId };
}
