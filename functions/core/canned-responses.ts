import * as z from 'zod';
import { LanguageCodeSchema } from './language.ts';
import { fillPlaceholders, unknownPlaceholders } from './templates.ts';

/** What a canned response may name; anything else is refused when it is saved. */
export const CANNED_PLACEHOLDERS = [
  'customer.firstName',
  'customer.name',
  'agent.name',
  'queue.name',
] as const;
const KNOWN: ReadonlySet<string> = new Set(CANNED_PLACEHOLDERS);

export const ResponseIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lower-case letters, digits and dashes (at most 64)');

/** The body of `PUT /canned-responses/{responseId}`: one shared answer, in one language. */
export const CannedResponseBodySchema = z.strictObject({
  title: z.string().trim().min(1).max(200),
  text: z
    .string()
    .trim()
    .min(1)
    .max(4000)
    .superRefine((text, ctx) => {
      const [unknown] = unknownPlaceholders(text, KNOWN);
      if (unknown !== undefined) {
        ctx.addIssue({
          code: 'custom',
          message: `unknown placeholder {{${unknown}}}; known: ${CANNED_PLACEHOLDERS.join(', ')}`,
        });
      }
    }),
  language: LanguageCodeSchema.optional(),
  /** Offered only on these queues' work; none means every queue. */
  queues: z.array(z.string().min(1).max(256)).max(50).default([]),
  /** Short words agents search by, and the `/` shortcut (`/refund`). */
  shortcut: z
    .string()
    .regex(/^[a-z0-9-]{1,32}$/, 'lower-case letters, digits and dashes (at most 32)')
    .optional(),
});
export type CannedResponseBody = z.infer<typeof CannedResponseBodySchema>;

/** A response as kept: what was saved, and who saved it last. */
export const CannedResponseSchema = CannedResponseBodySchema.extend({
  responseId: ResponseIdSchema,
  updatedAt: z.iso.datetime({ offset: true }),
  updatedBy: z.string().min(1),
});
export type CannedResponse = z.infer<typeof CannedResponseSchema>;

/** Where an agent looks for a response: their search, the work's queue and the customer's language. */
export interface CannedSearch {
  q?: string | undefined;
  queueId?: string | undefined;
  language?: string | undefined;
}

/**
 * The responses an agent may use on this work, best first: scoped to its queue (or to none),
 * matching every word of the search in the title, shortcut or text (prefixes count, so `ref`
 * finds "Refund sent"), a shortcut typed exactly first, then those in the customer's language.
 */
export function findCanned(all: readonly CannedResponse[], search: CannedSearch): CannedResponse[] {
  const words = tokens(search.q ?? '');
  const scoped = all.filter(
    (response) => !search.queueId || !response.queues.length || response.queues.includes(search.queueId),
  );
  const matching = scoped.filter((response) => {
    const haystack = tokens(`${response.title} ${response.shortcut ?? ''} ${response.text}`);
    return words.every((word) => haystack.some((token) => token.startsWith(word)));
  });
  const rank = (response: CannedResponse) =>
    (words.length === 1 && response.shortcut === words[0] ? 0 : 2) +
    (search.language && response.language && response.language !== search.language ? 1 : 0);
  return matching.sort((a, b) => rank(a) - rank(b) || a.title.localeCompare(b.title));
}

function tokens(text: string): string[] {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .split(/[^\p{L}\p{N}-]+/u)
    .filter(Boolean);
}

export type CannedValues = Partial<Record<(typeof CANNED_PLACEHOLDERS)[number], string | undefined>>;

/** The response as the agent inserts it, its placeholders filled from the work in hand. */
export function renderCanned(response: Pick<CannedResponse, 'text'>, values: CannedValues): string {
  return fillPlaceholders(response.text, values, KNOWN);
}
