import * as z from 'zod';

/**
 * Facts about an interaction that change how it is handled. The first three mean no person is
 * needed for it, and the fourth that none is needed yet: it is kept on the timeline, and opens
 * no work item.
 */
export const InteractionFlagSchema = z.enum([
  /** The provider's scan found spam or a virus (or the sender's domain disowns it). */
  'quarantined',
  /** An automatic reply (out of office, autoresponder, bulk mail): never answered. */
  'auto-reply',
  /** A delivery report about a message that could not be delivered: never answered. */
  'bounce',
  /**
   * A first chat message the customer was offered articles for: it waits for their answer, and
   * opens a work item (queued at this message's time) only when they ask for a person.
   */
  'deflection-offered',
  /** The message was broken or missing parts (headers); what could be read is shown. */
  'malformed',
  /** Declared in a character set that cannot be decoded; text may show replacement characters. */
  'unknown-charset',
  /** Too large to read; only its headers are shown, the original is kept. */
  'too-large',
  /** One or more attachments were over the size limit and were not extracted. */
  'attachment-too-large',
  /** Text or HTML was shortened to fit; the original is kept. */
  'truncated',
  /** Sent by the platform itself (a queued notice, a survey), not by an agent: answers nothing. */
  'automatic',
]);
export type InteractionFlag = z.infer<typeof InteractionFlagSchema>;

const NO_WORK_ITEM: ReadonlySet<InteractionFlag> = new Set([
  'quarantined',
  'auto-reply',
  'bounce',
  'deflection-offered',
  'automatic',
]);

/** True when the flags say no person is needed, whatever the direction. */
export function suppressesWorkItem(flags: readonly InteractionFlag[] | undefined): boolean {
  return (flags ?? []).some((flag) => NO_WORK_ITEM.has(flag));
}
