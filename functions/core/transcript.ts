import type { Interaction } from './model.ts';

/** Longest transcript sent: a very long chat is cut at its start, where it matters least. */
export const TRANSCRIPT_LIMIT = 200_000;

/**
 * A chat's transcript as plain text, oldest first: who wrote (the customer, an agent, or the
 * platform's own notices) and when, in UTC. Reactions and events are left out.
 */
export function transcriptText(entries: readonly Interaction[]): string {
  const lines = entries
    .filter((entry) => entry.kind === 'message' && entry.text)
    .map((entry) => {
      const who =
        entry.direction === 'inbound'
          ? 'You'
          : (entry.flags ?? []).includes('automatic')
            ? 'Notice'
            : 'Agent';
      const at = entry.at.slice(0, 16).replace('T', ' ');
      return `[${at} UTC] ${who}: ${entry.text}`;
    });
  const text = lines.join('\n');
  return text.length > TRANSCRIPT_LIMIT ? `…\n${text.slice(text.length - TRANSCRIPT_LIMIT)}` : text;
}
