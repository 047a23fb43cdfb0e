import type { QueueChoice } from './entry-points.ts';
import { suppressesWorkItem } from './flags.ts';
import { derivedId } from './ids.ts';
import type { Conversation, Interaction, WorkItem } from './model.ts';

/**
 * Only a customer's own message asks for a person; our replies, system events, and what the
 * flags say needs nobody (quarantined, automatic replies, bounces) do not. Nor does a phone
 * call: Amazon Connect routes it to its agents itself.
 */
export function needsWorkItem(conversation: Conversation, interaction: Interaction): boolean {
  return (
    interaction.direction === 'inbound' &&
    interaction.kind === 'message' &&
    interaction.call === undefined &&
    !suppressesWorkItem(interaction.flags) &&
    !conversation.openWorkItemId
  );
}

/** The id of the work item an interaction opens, derived so a redelivery opens the same one. */
export function workItemIdFor(interactionId: string): string {
  return derivedId('wi', interactionId);
}

/** The work item an interaction opens. */
export function newWorkItem(
  interaction: Interaction,
  conversation: Conversation,
  queue: QueueChoice,
): WorkItem {
  return {
    workItemId: workItemIdFor(interaction.interactionId),
    conversationId: conversation.conversationId,
    customerId: interaction.customerId,
    channel: interaction.channel,
    queueId: queue.queueId,
    priority: queue.priority,
    state: 'queued',
    enqueuedAt: interaction.at,
    routingStep: 0,
    createdFromInteractionId: interaction.interactionId,
  };
}
