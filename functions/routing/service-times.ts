import type { RoutingDecision, ServiceTimes } from '#core/routing/index.ts';

/** Until a queue has finished work to learn from, its work is taken to last this long. */
export const DEFAULT_HANDLE_SECONDS = 300;
/** How fast the learned mean follows change: each finished item weighs this much. */
const WEIGHT = 0.05;

/**
 * Handle and answer times per queue, learned from the decisions a partition's follower carries
 * out (assignment to completion; offer to acceptance), for the wait estimates customers are
 * told. Kept in memory: a cold start learns again from the default.
 */
export class LearnedServiceTimes implements ServiceTimes {
  private readonly handle = new Map<string, number>();
  private readonly accept = new Map<string, number>();
  private readonly assignedAt = new Map<string, { queueId: string; atMs: number }>();
  private readonly offeredAt = new Map<string, { queueId: string; atMs: number }>();

  constructor(private readonly queueOf: (workItemId: string) => string | undefined) {}

  handleSeconds(queueId: string): number {
    return this.handle.get(queueId) ?? DEFAULT_HANDLE_SECONDS;
  }

  acceptSeconds(queueId: string): number {
    return this.accept.get(queueId) ?? 0;
  }

  /** Before the state moves on: where each decided item is, and when. */
  observe(decisions: readonly RoutingDecision[], atMs: number): void {
    for (const decision of decisions) {
      if (decision.type === 'offer') {
        const queueId = this.queueOf(decision.offer.workItemId);
        if (queueId) this.offeredAt.set(decision.offer.offerId, { queueId, atMs });
      } else if (decision.type === 'assign') {
        const offered = this.offeredAt.get(decision.offerId);
        this.offeredAt.delete(decision.offerId);
        if (offered) learn(this.accept, offered.queueId, (atMs - offered.atMs) / 1000);
        const queueId = offered?.queueId ?? this.queueOf(decision.workItemId);
        if (queueId) this.assignedAt.set(decision.workItemId, { queueId, atMs });
      } else if (decision.type === 'close') {
        const assigned = this.assignedAt.get(decision.workItemId);
        this.assignedAt.delete(decision.workItemId);
        if (decision.offerId) this.offeredAt.delete(decision.offerId);
        if (assigned && decision.reason === 'completed')
          learn(this.handle, assigned.queueId, (atMs - assigned.atMs) / 1000);
      } else if (decision.type === 'requeue' && decision.offerId) {
        this.offeredAt.delete(decision.offerId);
      }
    }
  }
}

function learn(means: Map<string, number>, queueId: string, seconds: number): void {
  const known = means.get(queueId);
  means.set(queueId, known === undefined ? seconds : known + WEIGHT * (seconds - known));
}
