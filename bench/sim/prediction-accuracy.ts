import type { Contact } from './simulation.ts';
import type { WaitPredictions } from './wait-tracker.ts';

export const PREDICTORS = {
  queueLength: 'queue length ÷ service rate (OneThread)',
  lastToEnterService: 'last to enter service',
  recentAverage: 'weighted average of the last ten',
} as const satisfies Record<keyof WaitPredictions, string>;
export type Predictor = keyof typeof PREDICTORS;

export interface Accuracy {
  /** Answered contacts every predictor had an estimate for. */
  contacts: number;
  /** Mean actual wait, seconds. */
  meanWait: number;
  /** Per predictor: mean of (estimate − actual) in seconds, and RMSE ÷ mean actual wait. */
  byPredictor: Record<Predictor, { bias: number; relativeRmse: number }>;
}

/**
 * How well each predictor's estimate at arrival matched the wait an answered customer then
 * had, on the same arrivals: the bias says which way it errs, the relative RMSE how far.
 */
export function predictionAccuracy(contacts: readonly Contact[]): Accuracy {
  const scored = contacts.filter(
    (c) =>
      c.outcome === 'answered' &&
      c.predicted &&
      (Object.keys(PREDICTORS) as Predictor[]).every((key) => c.predicted?.[key] !== undefined),
  );
  const meanWait = scored.reduce((sum, c) => sum + c.waitMs, 0) / Math.max(1, scored.length) / 1000;
  const byPredictor = Object.fromEntries(
    (Object.keys(PREDICTORS) as Predictor[]).map((key) => {
      let error = 0;
      let squared = 0;
      for (const contact of scored) {
        const miss = ((contact.predicted?.[key] ?? 0) - contact.waitMs) / 1000;
        error += miss;
        squared += miss * miss;
      }
      const n = Math.max(1, scored.length);
      return [key, { bias: error / n, relativeRmse: meanWait ? Math.sqrt(squared / n) / meanWait : 0 }];
    }),
  ) as Accuracy['byPredictor'];
  return { contacts: scored.length, meanWait, byPredictor };
}
