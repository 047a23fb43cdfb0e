import type { QueueChoice } from './entry-points.ts';
import { derivedId } from './ids.ts';
import type { Conversation, Interaction, WorkItem } from './model.ts';

/** Only a customer's own message asks for a person; our replies and system events do not. */
export function needsWorkItem(conversation: Conversation, interaction: Interaction): boolean {
  return (
    interaction.direction === 'inbound' && interaction.kind === 'message' && !conversation.openWorkItemId
  );
}

/** The work item an interaction opens; its id is derived so a redelivery opens the same one. */
export function newWorkItem(
  interaction: Interaction,
  conversation: Conversation,
  queue: QueueChoice,
): WorkItem {
  return {
    workItemId: derivedId('wi', interaction.interactionId),
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
