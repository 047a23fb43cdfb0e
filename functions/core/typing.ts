/**
 * How long one typing signal keeps its sender shown as typing. Senders repeat the signal at
 * most every TYPING_SIGNAL_INTERVAL_MS while typing, so a steady typist never flickers off and
 * one who stops is no longer shown within a few seconds.
 */
export const TYPING_HOLD_MS = 6_000;
export const TYPING_SIGNAL_INTERVAL_MS = 3_000;

/** Who is typing in a conversation: the customer in the chat widget, or an agent in the console. */
export type TypingSide = 'customer' | 'agent';

/** Until when a signal sent at `now` shows its sender as typing. */
export function typingUntil(now: Date): string {
  return new Date(now.getTime() + TYPING_HOLD_MS).toISOString();
}

/** The recorded end of a typing spell while it lasts; undefined once it has passed. */
export function stillTyping(until: string | undefined, now: Date): string | undefined {
  return until && Date.parse(until) > now.getTime() ? until : undefined;
}
