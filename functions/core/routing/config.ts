import * as z from 'zod';
import { CapacityGroupSchema } from '../model.ts';

/** Engine-wide settings for one routing partition. Every field has a default. */
export const RoutingConfigSchema = z.object({
  /** How long an agent has to accept an offer. */
  offerSeconds: z.number().positive().default(20),
  /** Effective priority grows by one level for each of these that an item waits. */
  agingSeconds: z.number().positive().default(60),
  /** How long after handling a customer an agent stays their preferred (sticky) agent. */
  stickySeconds: z.number().nonnegative().default(1800),
  /**
   * After a decline or expiry leaves an item with nobody else to take it, look again after
   * this long, when the same agent may be offered it once more.
   */
  retrySeconds: z.number().positive().default(10),
  /** Consecutive expired offers after which an agent is set `away`. */
  maxMissedOffers: z.number().int().positive().default(2),
  /** Work in these groups blocks every other group while held (a call in progress). */
  exclusiveGroups: z.array(CapacityGroupSchema).default(['voice']),
  /** Messaging work held by an absent agent returns to its queue after this; unset keeps it. */
  reassignAbsentAfterSeconds: z.number().nonnegative().optional(),
  /** How many candidate agents an explanation lists. */
  explainCandidates: z.number().int().min(1).max(50).default(5),
  /** `fifo` ignores priority and aging: oldest first (used for baselines). */
  itemOrder: z.enum(['effective-priority', 'fifo']).default('effective-priority'),
  /**
   * Within one effective priority, an item that has already missed its service-level target
   * yields to items that can still meet theirs, until aging lifts it a level.
   */
  missedTargetYields: z.boolean().default(true),
  /** `longest-idle` ignores proficiency when choosing among eligible agents. */
  agentSelection: z.enum(['best-skill', 'longest-idle']).default('best-skill'),
  /**
   * The language (ISO 639-1) of an agent whose skills name none: they are taken to speak it
   * fluently (`lang:<code>` 5), so a floor that never set language skills is not held back by
   * the default policy's language preference.
   */
  agentLanguage: z
    .string()
    .regex(/^[a-z]{2}$/)
    .default('en'),
  /** Why an agent may say they are `away`; `missed-offers` is the engine's own. */
  awayReasons: z
    .array(z.string().regex(/^[a-z][a-z0-9-]{0,63}$/))
    .min(1)
    .default(['break', 'lunch', 'training', 'meeting', 'coaching', 'other']),
});
export type RoutingConfig = z.infer<typeof RoutingConfigSchema>;
export type RoutingConfigInput = z.input<typeof RoutingConfigSchema>;
