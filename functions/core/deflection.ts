import * as z from 'zod';
import { queueForEntryPoint } from './entry-points.ts';
import { DomainError } from './errors.ts';
import { derivedId } from './ids.ts';
import type { IngestDeps, IngestResult } from './ingest.ts';
import type { ReleaseMessage } from './ingest-message.ts';
import { newWorkItem } from './work-item.ts';

/** What the customer said of the articles offered for their first message. */
export const DeflectionAnswerSchema = z.strictObject({
  clientMessageId: z.string().trim().min(1).max(128),
  outcome: z.enum(['answered', 'person']),
  /** The article that answered them. */
  articleId: z.string().min(1).max(80).optional(),
});
export type DeflectionAnswer = z.infer<typeof DeflectionAnswerSchema>;

/** The held message is still on its way to the timeline: its release is retried later. */
export class HeldContactNotYetStored extends DomainError {
  constructor(interactionId: string) {
    super('not_yet_stored', `interaction ${interactionId} is not on the timeline yet`, { interactionId });
    this.name = 'HeldContactNotYetStored';
  }
}

/**
 * Opens the work item a held message would have opened, with the message's own time as its
 * place in the queue. Safe to repeat: the work item's id derives from the message, and a
 * conversation that already has one open keeps it. The release can overtake the message on
 * the queue, so a message not stored yet is an error the queue retries.
 */
export async function releaseHeldContact(message: ReleaseMessage, deps: IngestDeps): Promise<IngestResult> {
  const interactionId = derivedId('int', message.channel, message.providerMessageId);
  const interaction = await deps.timeline.get(interactionId);
  if (!interaction?.conversationId) throw new HeldContactNotYetStored(interactionId);
  const conversation = await deps.conversations.get(interaction.conversationId);
  if (!conversation) throw new HeldContactNotYetStored(interactionId);
  if (conversation.openWorkItemId) {
    return { interaction, created: false, workItemId: conversation.openWorkItemId };
  }
  const queue = queueForEntryPoint(deps.routingRules, message.channel, message.entryPoint);
  const item = newWorkItem(interaction, conversation, queue);
  const { opened } = await deps.workItems.open(item);
  const workItemId = opened
    ? item.workItemId
    : (await deps.conversations.get(conversation.conversationId))?.openWorkItemId;
  return { interaction, created: false, workItemId };
}
