import {
  createRoutingState,
  type RoutingConfigInput,
  type RoutingDecision,
  type RoutingEvent,
  type RoutingState,
  route,
  serviceLevelFor,
  snapshot,
  viewItem,
} from '#core/routing/index.ts';
import type { Answer, DecisionEffects } from './effects.ts';
import { RoutingStateConflict, type RoutingStateStore } from './state-store.ts';

const MAX_ATTEMPTS = 10;

/**
 * The routing engine behind storage: load the partition's state, let the engine decide, save
 * the new state only if nobody changed it meanwhile (else decide again on fresh state), then
 * carry the decisions out.
 */
export class RoutingService {
  constructor(
    private readonly store: RoutingStateStore,
    private readonly effects: DecisionEffects,
    private readonly config: RoutingConfigInput = {},
    private readonly clock: () => number = Date.now,
  ) {}

  async dispatch(events: readonly RoutingEvent[]): Promise<RoutingDecision[]> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const { snapshot: stored, version, json } = await this.store.load();
      const state = createRoutingState({ config: this.config, ...stored });
      const now = this.clock();
      const decisions = events.flatMap((event) => route(state, event, now));
      // Refused or stale events change nothing; definitions (queues, agents) change state silently.
      const noChange =
        decisions.length > 0 &&
        decisions.every((decision) => decision.type === 'ignored' || decision.type === 'rejected');
      if (noChange) return decisions;
      try {
        await this.store.save(snapshot(state), version, json);
      } catch (error) {
        if (!(error instanceof RoutingStateConflict)) throw error;
        await new Promise((done) => setTimeout(done, Math.random() * 10 * (attempt + 1)));
        continue;
      }
      await this.effects.apply(decisions, now);
      await this.effects.recordAnswers(answersIn(state, decisions, now), now);
      return decisions;
    }
    throw new RoutingStateConflict(this.store.partition);
  }

  /** A consistent read of the current state, for views. */
  async read<T>(view: (state: RoutingState, now: number) => T): Promise<T> {
    const { snapshot: stored } = await this.store.load();
    return view(createRoutingState({ config: this.config, ...stored }), this.clock());
  }
}

/** Each assignment is an answer: how long the customer waited against the queue's target. */
function answersIn(state: RoutingState, decisions: readonly RoutingDecision[], now: number): Answer[] {
  const answers: Answer[] = [];
  for (const decision of decisions) {
    if (decision.type !== 'assign') continue;
    const item = viewItem(state, decision.workItemId);
    const queue = item ? state.queues.get(item.queueId)?.queue : undefined;
    if (!item || !queue) continue;
    const target = serviceLevelFor(queue, item.channel);
    const waitedMs = now - Date.parse(item.enqueuedAt);
    answers.push({ queueId: queue.queueId, withinTarget: waitedMs <= target.seconds * 1000 });
  }
  return answers;
}
