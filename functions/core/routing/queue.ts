import * as z from 'zod';
import { BusinessHoursSchema } from '../business-hours.ts';
import { type Channel, ChannelSchema, SkillsSchema } from '../model.ts';

/** One rung of a routing policy: the skills it demands and how long an item stays on it. */
export const RoutingStepSchema = z.object({
  /** Skill → minimum proficiency; an empty record accepts any agent. */
  skills: SkillsSchema.default({}),
  /** Seconds before the next, looser step; on the last step, seconds before overflow. */
  seconds: z.number().positive().optional(),
  /**
   * Minimum proficiency in the conversation's language (skill `lang:<code>`) this step adds to
   * its skills; 0 adds none. Unset, the default policy: every step but the last prefers level 1,
   * so the preference relaxes like any other demand and nobody waits forever for a speaker.
   */
  language: z.number().int().min(0).max(5).optional(),
});
export type RoutingStep = z.infer<typeof RoutingStepSchema>;

/** Answer `target` (0–1) of contacts within `seconds`. */
export const ServiceLevelSchema = z.object({
  seconds: z.number().positive(),
  target: z.number().min(0).max(1),
});
export type ServiceLevel = z.infer<typeof ServiceLevelSchema>;

/**
 * Who serves the queue's work: OneThread's own agents (`native`), or agents inside Amazon Connect
 * (`connect`), where each item becomes a task in the mapped Connect queue. The task starts in
 * `contactFlowId`, else the deployment's task flow; that flow puts it in the Connect queue.
 */
export const DeliverySchema = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('native') }),
  z.strictObject({
    mode: z.literal('connect'),
    connectQueueId: z.string().min(1).max(500),
    contactFlowId: z.string().min(1).max(500).optional(),
  }),
]);
export type Delivery = z.infer<typeof DeliverySchema>;

/** A queue and its routing policy. Matches the body of `PUT /queues/{queueId}`. */
/** An outcome an agent records on completing a queue's work (`refund-issued`, `no-answer`, …). */
export const DispositionSchema = z.strictObject({
  code: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'lower case letters, digits, - and _'),
  label: z.string().min(1).max(100),
});
export type Disposition = z.infer<typeof DispositionSchema>;

export const QueueSchema = z
  .object({
    queueId: z.string().min(1),
    name: z.string().min(1),
    steps: z.array(RoutingStepSchema).min(1),
    overflowQueueId: z.string().min(1).optional(),
    /** The default target; `channelServiceLevels` overrides it per channel (email is not voice). */
    serviceLevel: ServiceLevelSchema,
    channelServiceLevels: z.partialRecord(ChannelSchema, ServiceLevelSchema).default({}),
    /** Overrides the engine's offer timeout for this queue. */
    offerSeconds: z.number().positive().optional(),
    delivery: DeliverySchema.default({ mode: 'native' }),
    /**
     * Opening hours: outside them nobody is offered the queue's work, which waits for the opening
     * (or moves to `closedOverflowQueueId` while that queue is open), and step and service-level
     * clocks stop. Unset, the queue is always open.
     */
    hours: BusinessHoursSchema.optional(),
    closedOverflowQueueId: z.string().min(1).optional(),
    /**
     * Chat: a visitor still waiting who has not been seen (the widget polls while it is open) for
     * this long has left, and the item is abandoned. Unset, only closing the chat abandons it.
     */
    inactivitySeconds: z.number().int().min(30).max(86_400).optional(),
    /**
     * After-contact work: for up to this long after completing the queue's work the agent gets
     * no offers, to finish what the contact left (notes, follow-ups); they may end it sooner.
     */
    afterContactWorkSeconds: z.number().int().min(1).max(3600).optional(),
    /** The outcomes an agent picks from on completing this queue's work; none, none is asked. */
    dispositions: z.array(DispositionSchema).max(100).optional(),
    /** Whether completing needs one of `dispositions`. */
    dispositionRequired: z.boolean().optional(),
  })
  .superRefine((queue, ctx) => {
    queue.steps.forEach((step, index) => {
      if (index < queue.steps.length - 1 && step.seconds === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['steps', index, 'seconds'],
          message: 'only the last step may last forever',
        });
      }
    });
    if (queue.dispositionRequired && !queue.dispositions?.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['dispositionRequired'],
        message: 'a required disposition needs dispositions to pick from',
      });
    }
    const last = queue.steps.at(-1);
    if (queue.overflowQueueId !== undefined && last?.seconds === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['overflowQueueId'],
        message: 'overflow needs seconds on the last step',
      });
    }
    if (queue.closedOverflowQueueId !== undefined && queue.hours === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['closedOverflowQueueId'],
        message: 'a queue without hours is never closed',
      });
    }
    if (queue.closedOverflowQueueId === queue.queueId) {
      ctx.addIssue({
        code: 'custom',
        path: ['closedOverflowQueueId'],
        message: 'a queue cannot overflow into itself',
      });
    }
    if (queue.overflowQueueId === queue.queueId) {
      ctx.addIssue({
        code: 'custom',
        path: ['overflowQueueId'],
        message: 'a queue cannot overflow into itself',
      });
    }
  });
export type Queue = z.infer<typeof QueueSchema>;
export type QueueInput = z.input<typeof QueueSchema>;

/** The language level each step demands of an item with a known language (see `RoutingStep.language`). */
export function languageLevels(queue: Queue): number[] {
  const last = queue.steps.length - 1;
  return queue.steps.map((step, index) => step.language ?? (index < last ? 1 : 0));
}

/** The skill that stands for speaking a language. */
export function languageSkill(code: string): string {
  return `lang:${code}`;
}

export function serviceLevelFor(queue: Queue, channel: Channel): ServiceLevel {
  return queue.channelServiceLevels[channel] ?? queue.serviceLevel;
}

/**
 * When each step ends, in ms after the item entered the queue. Steps are cumulative, so
 * `≥4 for 30 s → ≥2 for 60 s` relaxes at 30 s and again at 90 s; a step without seconds never ends.
 */
export function stepEnds(queue: Queue): number[] {
  let total = 0;
  return queue.steps.map((step) => {
    if (step.seconds === undefined) return Number.POSITIVE_INFINITY;
    total += step.seconds * 1000;
    return total;
  });
}
