import { estimateWait, type RoutingState } from '#core/routing/index.ts';

/** What each predictor said at a customer's arrival, in milliseconds. */
export interface WaitPredictions {
  /** OneThread's: the customers ahead over the effective service rate (`estimateWait`). */
  queueLength: number | undefined;
  /** The wait of the last customer in the queue to reach an agent. */
  lastToEnterService: number | undefined;
  /** The last ten answered waits in the queue, the newest weighing most (10, 9, … 1). */
  recentAverage: number | undefined;
}

const RECENT = 10;

/**
 * What a live system could know when a customer arrives: the routing state, and handling
 * figures learned from the work already done. The baselines use only answered waits.
 */
export class WaitTracker {
  private readonly handle = new Map<string, { sum: number; count: number }>();
  private readonly accept = new Map<string, { sum: number; count: number }>();
  private readonly answered = new Map<string, number[]>();

  predict(state: RoutingState, workItemId: string, queueId: string, now: number): WaitPredictions {
    const estimate = estimateWait(state, workItemId, now, {
      handleSeconds: (queue) => mean(this.handle.get(queue)) / 1000,
      acceptSeconds: (queue) => mean(this.accept.get(queue)) / 1000,
    });
    const recent = this.answered.get(queueId) ?? [];
    const seconds = estimate?.estimatedWaitSeconds;
    return {
      queueLength: seconds === undefined || !this.handle.has(queueId) ? undefined : seconds * 1000,
      lastToEnterService: recent.at(-1),
      recentAverage: recent.length ? weightedRecent(recent) : undefined,
    };
  }

  offerAccepted(queueId: string, waitMs: number, acceptMs: number): void {
    add(this.accept, queueId, acceptMs);
    const recent = this.answered.get(queueId) ?? [];
    recent.push(waitMs);
    if (recent.length > RECENT) recent.shift();
    this.answered.set(queueId, recent);
  }

  workCompleted(queueId: string, handleMs: number): void {
    add(this.handle, queueId, handleMs);
  }
}

function add(means: Map<string, { sum: number; count: number }>, key: string, value: number): void {
  const known = means.get(key) ?? { sum: 0, count: 0 };
  means.set(key, { sum: known.sum + value, count: known.count + 1 });
}

const mean = (figure: { sum: number; count: number } | undefined) =>
  figure?.count ? figure.sum / figure.count : 0;

/** Oldest first in `waits`: weight 1 for the oldest up to `waits.length` for the newest. */
function weightedRecent(waits: readonly number[]): number {
  let sum = 0;
  let weights = 0;
  waits.forEach((wait, i) => {
    sum += wait * (i + 1);
    weights += i + 1;
  });
  return sum / weights;
}
