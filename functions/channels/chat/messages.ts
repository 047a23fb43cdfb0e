import type { ChatSession } from '#core/chat-session.ts';
import type { Interaction } from '#core/model.ts';

/** A chat message as the visitor's page shows it: the messages route and the live frames alike. */
export interface ChatMessageView {
  messageId: string;
  direction: Interaction['direction'];
  text: string;
  at: string;
  /** The id the visitor's page sent it with, so a page can tell its own pending message. */
  clientMessageId?: string | undefined;
  /** Named only: the customer's own files, and the agent's, which the widget lists. */
  attachments?: Pick<Interaction['attachments'][number], 'attachmentId' | 'name' | 'contentType' | 'size'>[];
  /** The satisfaction survey, which the widget shows as a card. */
  survey?: Interaction['surveyCard'];
}

/** A message retention removed has nothing left for the visitor to read. */
export const visibleToVisitor = (interaction: Interaction): boolean => !interaction.removed;

export function toChatMessage(
  interaction: Interaction,
  sessionId: ChatSession['sessionId'],
): ChatMessageView {
  const prefix = `${sessionId}:`;
  return {
    messageId: interaction.interactionId,
    direction: interaction.direction,
    text: interaction.text ?? '',
    at: interaction.at,
    clientMessageId: interaction.providerMessageId.startsWith(prefix)
      ? interaction.providerMessageId.slice(prefix.length)
      : undefined,
    ...(interaction.attachments.length
      ? {
          attachments: interaction.attachments.map(({ attachmentId, name, contentType, size }) => ({
            attachmentId,
            name,
            contentType,
            size,
          })),
        }
      : {}),
    ...(interaction.surveyCard ? { survey: interaction.surveyCard } : {}),
  };
}
