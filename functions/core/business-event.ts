import * as z from 'zod';

const SEGMENT = '[a-z][a-z0-9_]*';

/** `order.shipped`, `return.requested`: lowercase segments joined by dots, at least two. */
export const EventTypeSchema = z
  .string()
  .max(100)
  .regex(new RegExp(`^${SEGMENT}(?:\\.${SEGMENT})+$`), 'dotted lowercase, such as order.shipped');
export type EventType = z.infer<typeof EventTypeSchema>;

/** An event type, `prefix.*` (every type under the prefix) or `*` (every type). */
export const EventTypePatternSchema = z
  .string()
  .max(100)
  .regex(
    new RegExp(`^(?:\\*|${SEGMENT}(?:\\.${SEGMENT})*\\.\\*|${SEGMENT}(?:\\.${SEGMENT})+)$`),
    'an event type, a prefix ending in .* (order.*) or *',
  );

export function matchesEventType(pattern: string, type: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('.*')) return type.startsWith(pattern.slice(0, -1));
  return pattern === type;
}

export const MAX_EVENT_ATTRIBUTES = 30;

/**
 * What the company says about the event, flat so the console can show it as a list and nobody
 * can nest a document into a customer's timeline.
 */
export const EventAttributesSchema = z
  .record(
    z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/, 'a name of letters, digits, _ . or -, at most 64'),
    z.union([z.string().max(500), z.number(), z.boolean()]),
  )
  .refine((attributes) => Object.keys(attributes).length <= MAX_EVENT_ATTRIBUTES, {
    message: `at most ${MAX_EVENT_ATTRIBUTES} attributes`,
  });
export type EventAttributes = z.infer<typeof EventAttributesSchema>;

/** The company's own id of an event: what a retry repeats, so the event is stored once. */
export const EventIdSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces');

/**
 * Something that happened off the messaging channels (an order shipped, a return at the till, a
 * visit to a store), as the timeline keeps it. `source` says who vouched for it: the API key's
 * id, `iam:<caller>` or `agent:<agentId>`.
 */
export const BusinessEventSchema = z.object({
  type: EventTypeSchema,
  summary: z.string().max(500),
  attributes: EventAttributesSchema.default({}),
  eventId: EventIdSchema.optional(),
  source: z.string().min(1).max(512),
});
export type BusinessEvent = z.infer<typeof BusinessEventSchema>;

/** The type a store visit an agent logs from the console is filed under. */
export const STORE_VISIT_TYPE = 'store.visit';
