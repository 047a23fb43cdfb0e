import type { RoutingDecision } from './decisions.ts';
import type { RoutingEventType } from './events.ts';
import type { RoutingState } from './state.ts';

/** One event's worth of work: the clock it runs at and the decisions it has made so far. */
export class DecisionContext {
  readonly decisions: RoutingDecision[] = [];
  private offersMade = 0;

  constructor(
    readonly state: RoutingState,
    readonly now: number,
    readonly trigger: RoutingEventType,
  ) {}

  emit(decision: RoutingDecision): void {
    this.decisions.push(decision);
  }

  /**
   * Offer ids come from the item, the clock and a per-event counter: replaying the same event
   * on the same state yields the same id, so a retried write is recognisably the same offer.
   */
  nextOfferId(workItemId: string): string {
    const sequence = this.offersMade++;
    return `of_${workItemId}.${Math.round(this.now).toString(36)}.${sequence.toString(36)}`;
  }
}
