import * as z from 'zod';
import { EventTypePatternSchema, matchesEventType } from './business-event.ts';
import type { Channel } from './model.ts';

/**
 * Routing rules: which queue an entry point feeds. An entry point is what the customer used to
 * reach us on a channel — a chat topic, an email alias, a phone number, a social page.
 */
export const RoutingRulesSchema = z.object({
  defaultQueue: z.string().min(1).default('general'),
  entryPoints: z
    .array(
      z.object({
        channel: z.union([z.literal('*'), z.string().min(1)]).default('*'),
        match: z.string().min(1),
        queue: z.string().min(1),
        priority: z.number().int().min(0).max(10).optional(),
      }),
    )
    .default([]),
  /**
   * Business events that need a person (`return.requested` → `returns`); the first rule whose
   * type pattern matches decides. Every other event is only recorded.
   */
  eventRules: z
    .array(
      z.object({
        type: EventTypePatternSchema,
        queue: z.string().min(1),
        priority: z.number().int().min(0).max(10).optional(),
      }),
    )
    // Optional rather than defaulted, so rules without any serialise as they always did.
    .optional(),
});
export type RoutingRules = z.infer<typeof RoutingRulesSchema>;

export const DEFAULT_ROUTING_RULES: RoutingRules = RoutingRulesSchema.parse({
  defaultQueue: 'general',
  entryPoints: [
    { channel: 'chat', match: 'billing', queue: 'billing' },
    { channel: 'chat', match: 'returns', queue: 'returns' },
    { channel: 'chat', match: 'sales', queue: 'sales' },
    { channel: 'email', match: 'billing', queue: 'billing' },
    { channel: 'email', match: 'returns', queue: 'returns' },
    { channel: 'email', match: 'sales', queue: 'sales' },
  ],
});

export interface QueueChoice {
  queueId: string;
  priority: number;
}

/** Picks the queue by channel and entry point; matching ignores case. */
export function queueForEntryPoint(rules: RoutingRules, channel: Channel, entryPoint?: string): QueueChoice {
  const key = entryPoint?.trim().toLowerCase();
  const rule = key
    ? rules.entryPoints.find(
        (r) => (r.channel === '*' || r.channel === channel) && r.match.toLowerCase() === key,
      )
    : undefined;
  return { queueId: rule?.queue ?? rules.defaultQueue, priority: rule?.priority ?? 5 };
}

/** The queue an event of this type opens a work item in, or undefined when no rule asks for one. */
export function queueForEvent(rules: RoutingRules, type: string): QueueChoice | undefined {
  const rule = rules.eventRules?.find((r) => matchesEventType(r.type, type));
  return rule ? { queueId: rule.queue, priority: rule.priority ?? 5 } : undefined;
}
