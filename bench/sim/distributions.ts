import * as z from 'zod';
import type { Random } from './random.ts';

/** Handle times, patience and accept delays: a distribution by its mean (seconds). */
export const DistributionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('exponential'), mean: z.number().positive() }),
  /** Skewed like real handle times: a long right tail, no zero-length calls. */
  z.object({ type: z.literal('lognormal'), mean: z.number().positive(), sd: z.number().positive() }),
  /** Sum of `k` exponential phases: variance mean²/k, from exponential (k = 1) towards constant. */
  z.object({ type: z.literal('erlang'), mean: z.number().positive(), k: z.number().int().positive() }),
  z.object({ type: z.literal('uniform'), min: z.number().nonnegative(), max: z.number().positive() }),
  z.object({ type: z.literal('constant'), value: z.number().nonnegative() }),
]);
export type Distribution = z.infer<typeof DistributionSchema>;

export function sample(distribution: Distribution, random: Random): number {
  switch (distribution.type) {
    case 'exponential':
      return random.exponential(distribution.mean);
    case 'lognormal': {
      const variance = Math.log(1 + (distribution.sd / distribution.mean) ** 2);
      const mu = Math.log(distribution.mean) - variance / 2;
      return Math.exp(mu + Math.sqrt(variance) * random.normal());
    }
    case 'erlang': {
      let total = 0;
      for (let i = 0; i < distribution.k; i++)
        total += random.exponential(distribution.mean / distribution.k);
      return total;
    }
    case 'uniform':
      return distribution.min + (distribution.max - distribution.min) * random.next();
    case 'constant':
      return distribution.value;
  }
}

export function meanOf(distribution: Distribution): number {
  switch (distribution.type) {
    case 'uniform':
      return (distribution.min + distribution.max) / 2;
    case 'constant':
      return distribution.value;
    default:
      return distribution.mean;
  }
}
