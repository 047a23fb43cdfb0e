import { type QueueChoice, queueForEntryPoint, queueForEvent, type RoutingRules } from './entry-points.ts';
import { suppressesWorkItem } from './flags.ts';
import { derivedId } from './ids.ts';
import { isConfident } from './language.ts';
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

/**
 * The queue of the work item an interaction asks for, or undefined when it asks for none. An
 * event asks only when a routing rule names its type, and never when staff logged it: they
 * were there, so it is already handled.
 */
export function workItemQueue(
  rules: RoutingRules,
  conversation: Conversation,
  interaction: Interaction,
  entryPoint?: string,
): QueueChoice | undefined {
  if (interaction.kind === 'event') {
    const { business } = interaction;
    if (!business || interaction.sentBy || conversation.openWorkItemId) return undefined;
    if (suppressesWorkItem(interaction.flags)) return undefined;
    return queueForEvent(rules, business.type);
  }
  if (!needsWorkItem(conversation, interaction)) return undefined;
  return queueForEntryPoint(rules, interaction.channel, entryPoint);
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
    language: routingLanguage(interaction.language) ?? conversation.language,
  };
}

/**
 * The language routing may demand of agents: one the text made clear, or one known from the
 * conversation, customer or queue; a weak guess at a short message ("Hello") demands nothing.
 */
function routingLanguage(language: Interaction['language']): string | undefined {
  if (!language) return undefined;
  return language.source !== 'detected' || isConfident(language) ? language.code : undefined;
}

/**
 * Whether the interaction is an agent writing to the customer: what ends an item's first-response
 * time. Automatic messages (notices, acknowledgements) and sends the provider refused do not.
 */
export function isAgentResponse(interaction: Interaction): boolean {
  return (
    interaction.direction === 'outbound' &&
    interaction.sentBy !== undefined &&
    interaction.deliveryStatus !== 'failed' &&
    !(interaction.flags ?? []).includes('automatic')
  );
}
