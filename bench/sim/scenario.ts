import { readFile } from 'node:fs/promises';
import * as z from 'zod';
import { CapacityGroupSchema, ChannelSchema, SkillsSchema } from '#core/model.ts';
import { QueueSchema, RoutingConfigSchema } from '#core/routing/index.ts';
import { DistributionSchema } from './distributions.ts';

/** Customers arriving at one queue on one channel, as a Poisson process. */
export const StreamSchema = z.object({
  queueId: z.string().min(1),
  channel: ChannelSchema,
  priority: z.number().int().min(0).max(10).default(5),
  /** Arrivals per hour, or 24 rates, one per hour of the day (a non-homogeneous process). */
  perHour: z.union([z.number().nonnegative(), z.array(z.number().nonnegative()).length(24)]),
  handleSeconds: DistributionSchema,
  /** How long a customer waits before giving up; without it nobody abandons. */
  patienceSeconds: DistributionSchema.optional(),
});
export type Stream = z.infer<typeof StreamSchema>;

/** Hours of the day an agent group works, repeated daily; `end` before `start` crosses midnight. */
export const ShiftSchema = z.object({ start: z.number().min(0).max(24), end: z.number().min(0).max(24) });
export type Shift = z.infer<typeof ShiftSchema>;

export const AgentGroupSchema = z.object({
  name: z.string().min(1),
  count: z.number().int().positive(),
  skills: SkillsSchema,
  capacity: z.partialRecord(CapacityGroupSchema, z.number().int().nonnegative()),
  /** Omit to staff the group around the clock. */
  shifts: z.array(ShiftSchema).optional(),
});
export type AgentGroup = z.infer<typeof AgentGroupSchema>;

/** One line of the comparison: a roster under the configured policy or the FIFO baseline. */
export const RunSchema = z.object({
  label: z.string().min(1),
  roster: z.string().min(1),
  policy: z.enum(['configured', 'fifo']),
});
export type Run = z.infer<typeof RunSchema>;

export const ScenarioSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().optional(),
    seed: z.number().int().nonnegative().default(1),
    /** Simulated hours per replication, and the first hours left out of the figures. */
    hours: z.number().positive(),
    warmupHours: z.number().nonnegative().default(0),
    replications: z.number().int().positive().default(1),
    /** The clock's start; hourly rates and shifts follow its hour of day (UTC). */
    start: z.iso.datetime({ offset: true }).default('2025-03-03T00:00:00Z'),
    engine: RoutingConfigSchema.partial().default({}),
    queues: z.array(QueueSchema).min(1),
    streams: z.array(StreamSchema).min(1),
    rosters: z.record(z.string(), z.array(AgentGroupSchema).min(1)),
    /** Defaults to every roster under both the configured policy and the FIFO baseline. */
    runs: z.array(RunSchema).optional(),
    /** Seconds an agent takes to accept an offer; default at once. */
    acceptSeconds: DistributionSchema.default({ type: 'constant', value: 0 }),
  })
  .superRefine((scenario, ctx) => {
    const queues = new Set(scenario.queues.map((queue) => queue.queueId));
    scenario.streams.forEach((stream, index) => {
      if (!queues.has(stream.queueId)) {
        ctx.addIssue({
          code: 'custom',
          path: ['streams', index, 'queueId'],
          message: `unknown queue ${stream.queueId}`,
        });
      }
    });
    (scenario.runs ?? []).forEach((run, index) => {
      if (!(run.roster in scenario.rosters)) {
        ctx.addIssue({
          code: 'custom',
          path: ['runs', index, 'roster'],
          message: `unknown roster ${run.roster}`,
        });
      }
    });
    if (scenario.warmupHours >= scenario.hours) {
      ctx.addIssue({
        code: 'custom',
        path: ['warmupHours'],
        message: 'the warm-up must be shorter than the run',
      });
    }
  });
export type Scenario = z.infer<typeof ScenarioSchema>;

export function runsOf(scenario: Scenario): Run[] {
  if (scenario.runs) return scenario.runs;
  return Object.keys(scenario.rosters).flatMap((roster) => [
    { label: `${roster} · OneThread policy`, roster, policy: 'configured' as const },
    { label: `${roster} · FIFO per skill`, roster, policy: 'fifo' as const },
  ]);
}

export async function loadScenario(path: string): Promise<Scenario> {
  const text = await readFile(path, 'utf8');
  const result = ScenarioSchema.safeParse(JSON.parse(text));
  if (!result.success) {
    const [issue] = result.error.issues;
    throw new Error(`invalid scenario ${path}: ${issue?.path.join('.') || 'the file'}: ${issue?.message}`);
  }
  return result.data;
}
