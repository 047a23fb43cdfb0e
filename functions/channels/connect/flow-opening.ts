import { type BusinessHours, isOpen, nextOpening } from '#core/business-hours.ts';
import { describeOpening } from '#core/opening-text.ts';

/** Whether the call's queue is open, as contact flow attributes (strings, as Connect requires). */
export interface OpeningAttributes {
  /** Whether the queue is open now, by its business hours (`true` for a queue without hours). */
  open: 'true' | 'false';
  /** While closed: when the queue next opens, ISO 8601 UTC, and as a prompt says it in the queue's zone. */
  nextOpening: string;
  nextOpeningSpoken: string;
}

/** Unknown hours never turn a caller away: Connect's own hours of operation still apply. */
export const ALWAYS_OPEN = {
  open: 'true',
  nextOpening: '',
  nextOpeningSpoken: '',
} satisfies OpeningAttributes;

/** Whether the queue is open at `now`, and if not when it opens again, as flow attributes. */
export function openingAttributes(hours: BusinessHours | undefined, now: number): OpeningAttributes {
  if (!hours || isOpen(hours, now)) return ALWAYS_OPEN;
  const opensAt = nextOpening(hours, now);
  if (opensAt === undefined) return { open: 'false', nextOpening: '', nextOpeningSpoken: '' };
  return {
    open: 'false',
    nextOpening: new Date(opensAt).toISOString(),
    nextOpeningSpoken: describeOpening(opensAt, now, hours.timeZone),
  };
}
