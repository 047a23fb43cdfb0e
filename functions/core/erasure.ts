import * as z from 'zod';
import { derivedId } from './ids.ts';
import { type Customer, IdentityKeySchema, type Interaction } from './model.ts';

const isoTime = z.iso.datetime({ offset: true });

/**
 * The steps of an erasure, in order. Identities go first, so a contact arriving meanwhile
 * starts a new customer instead of joining the record being erased; profiles go last, so a
 * rerun after a crash still finds what it is erasing.
 */
export const ERASURE_PHASES = [
  'identities',
  'timeline',
  'conversations',
  'sessions',
  'customers',
  'done',
] as const;
export const ErasurePhaseSchema = z.enum(ERASURE_PHASES);
export type ErasurePhase = z.infer<typeof ErasurePhaseSchema>;

/** What an erasure removed, kept on the tombstone; never what any of it said. */
export const ErasureCountsSchema = z.object({
  customers: z.number().int().nonnegative(),
  identities: z.number().int().nonnegative(),
  interactions: z.number().int().nonnegative(),
  conversations: z.number().int().nonnegative(),
  workItems: z.number().int().nonnegative(),
  chatSessions: z.number().int().nonnegative(),
  files: z.number().int().nonnegative(),
});
export type ErasureCounts = z.infer<typeof ErasureCountsSchema>;

/** Who asked for an erasure, when and why: the part of the record that stays. */
export const ErasureRequestSchema = z.object({
  /** The survivor: the record erased, with every customer merged into it. */
  customerId: z.string(),
  /** The id the supervisor named (an absorbed customer's leads to its survivor). */
  requestedFor: z.string(),
  erasedBy: z.string(),
  reason: z.string(),
  requestedAt: isoTime,
});

/**
 * The durable record driving an erasure. Until `done` it holds what the profiles led to (their
 * identities and chat sessions), which must outlive them; once done only the request and the
 * counts remain, as the tombstone.
 */
export const ErasureJobSchema = ErasureRequestSchema.extend({
  phase: ErasurePhaseSchema,
  customerIds: z.array(z.string()),
  counts: ErasureCountsSchema,
  identities: z.array(IdentityKeySchema).default([]),
  chatSessionIds: z.array(z.string()).default([]),
  completedAt: isoTime.optional(),
});
export type ErasureJob = z.infer<typeof ErasureJobSchema>;

/** The tombstone as the API shows it: who erased the record, when, why, and how much there was. */
export function tombstoneView(job: ErasureJob) {
  const { identities: _identities, chatSessionIds: _sessions, ...kept } = job;
  return kept;
}

/**
 * A new erasure of a survivor and everyone merged into it. The identities and claims of every
 * profile are noted now, because the profiles themselves go last.
 */
export function planErasure(
  family: readonly Customer[],
  request: z.infer<typeof ErasureRequestSchema>,
): ErasureJob {
  const identities = [
    ...new Set(family.flatMap((c) => [...c.identities, ...c.claims.map((k) => k.identity)])),
  ];
  const chatSessionIds = identities.filter((i) => i.startsWith('chat:')).map((i) => i.slice('chat:'.length));
  return {
    ...request,
    phase: 'identities',
    customerIds: family.map((c) => c.customerId),
    counts: {
      customers: family.length,
      identities: identities.length,
      interactions: 0,
      conversations: 0,
      workItems: 0,
      chatSessions: 0,
      files: 0,
    },
    identities,
    chatSessionIds,
  };
}

export function nextPhase(phase: ErasurePhase): ErasurePhase {
  return ERASURE_PHASES[
    Math.min(ERASURE_PHASES.indexOf(phase) + 1, ERASURE_PHASES.length - 1)
  ] as ErasurePhase;
}

/** Every stored file an entry points to: attachments, inline images and the original email. */
export function filesOf(interaction: Interaction): string[] {
  const refs = [
    ...interaction.attachments.map((a) => a.ref),
    ...Object.values(interaction.email?.inlineImages ?? {}),
    ...(interaction.email?.rawRef ? [interaction.email.rawRef] : []),
  ];
  return [...new Set(refs)];
}

/** What an entry leads to beyond itself: its conversation, the thread key it bound, its chat session. */
export function linksOf(interaction: Interaction) {
  return {
    conversationId: interaction.conversationId,
    threadKey: interaction.threadKey,
    chatSessionId: interaction.identity?.startsWith('chat:') ? interaction.identity.slice(5) : undefined,
  };
}

/** A work item is named after the message that opened it, so each entry names its candidate. */
export function candidateWorkItemId(interaction: Interaction): string {
  return derivedId('wi', interaction.interactionId);
}

/**
 * The texts of an entry that may sit in the translation cache, with the language pairs they
 * may have been translated in: an agent's reply exactly as translated, and a customer's message
 * into each language agents may read (the cache's own expiry covers any other).
 */
export function translationsOf(
  interaction: Interaction,
  agentLanguages: readonly string[],
): Array<{ text: string; from: string; to: string }> {
  const found: Array<{ text: string; from: string; to: string }> = [];
  const reply = interaction.translation;
  if (reply) found.push({ text: reply.original, from: reply.from, to: reply.to });
  const from = interaction.language?.code;
  if (interaction.text && from)
    for (const to of agentLanguages) if (to !== from) found.push({ text: interaction.text, from, to });
  return found;
}
