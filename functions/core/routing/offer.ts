import * as z from 'zod';
import { ChannelSchema, SkillsSchema } from '../model.ts';

const isoTime = z.iso.datetime({ offset: true });

/** Which rule decided between the candidates. */
export const OfferRuleSchema = z.enum([
  /** The item was transferred to this agent by name. */
  'transfer',
  /** The customer's previous agent, within the sticky window. */
  'sticky',
  /** The only eligible agent with free capacity. */
  'only-candidate',
  /** The winner's proficiency for the step beat the runner-up's. */
  'best-skill',
  /** Equal proficiency: the agent idle the longest won. */
  'longest-idle',
  /** Equal on everything else: the lowest agent id won, so replays decide the same way. */
  'agent-id',
  /** An agent freed up and took the item first in line among those they can serve. */
  'next-in-line',
]);
export type OfferRule = z.infer<typeof OfferRuleSchema>;

export const CandidateSchema = z.object({
  agentId: z.string(),
  /** Sum of the agent's proficiency in the step's skills (0 when the engine ignores skill). */
  score: z.number(),
  idleSince: isoTime.nullable(),
  sticky: z.boolean(),
});
export type Candidate = z.infer<typeof CandidateSchema>;

/** Where an item stood in the line when it was offered. */
export const ItemStandingSchema = z.object({
  workItemId: z.string(),
  priority: z.number(),
  effectivePriority: z.number(),
  waitedSeconds: z.number(),
  /** Negative once the channel's service-level target is already breached. */
  secondsToBreach: z.number(),
});
export type ItemStanding = z.infer<typeof ItemStandingSchema>;

/** Why an offer went to this agent: stored with the offer for audit and tuning. */
export const ExplanationSchema = z.object({
  /** The event that woke the engine. */
  trigger: z.string(),
  queueId: z.string(),
  /** The conversation's language, when known; a step that demands it shows `lang:<code>` too. */
  language: z.string().optional(),
  step: z.object({
    index: z.number().int().nonnegative(),
    skills: SkillsSchema,
    /** When the step relaxes; null on a last step that never does. */
    endsAt: isoTime.nullable(),
  }),
  rule: OfferRuleSchema,
  /** The best eligible agents with free capacity, the winner first. */
  candidates: z.array(CandidateSchema),
  item: ItemStandingSchema,
  /** When an agent pulled work: the other items that headed the lines open to that agent. */
  passedOver: z.array(ItemStandingSchema).default([]),
});
export type Explanation = z.infer<typeof ExplanationSchema>;

/** An offer reserves one unit of the agent's capacity until accepted, declined or expired. */
export const OfferSchema = z.object({
  offerId: z.string(),
  workItemId: z.string(),
  agentId: z.string(),
  customerId: z.string(),
  conversationId: z.string(),
  channel: ChannelSchema,
  queueId: z.string(),
  offeredAt: isoTime,
  expiresAt: isoTime,
  explanation: ExplanationSchema,
});
export type Offer = z.infer<typeof OfferSchema>;
