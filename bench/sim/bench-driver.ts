import { IndexedHeap } from '#core/routing/heap.ts';
import {
  createRoutingState,
  type RoutingDecision,
  type RoutingEvent,
  type RoutingState,
  route,
  type TimerEvent,
} from '#core/routing/index.ts';
import { Progress } from './progress.ts';
import type { Random } from './random.ts';
import { Samples } from './stats.ts';
import { syntheticAgent, syntheticItem, syntheticQueues } from './synthetic-floor.ts';

interface Timer {
  at: number;
  seq: number;
  event: TimerEvent;
  heapIndex: number;
}

/**
 * Runs the engine over a saturated floor: every agent busy, a backlog of `items` waiting.
 * Each step completes a random piece of work (the agent pulls the next item), accepts or now
 * and then declines the resulting offers, enqueues a new arrival and fires due step timers —
 * the events a router sees all day — timing every call to `route`.
 */
export class BenchDriver {
  readonly state: RoutingState;
  readonly latencies = new Map<string, Samples>();
  now = Date.parse('2025-03-03T09:00:00.000Z');
  offerBytes = new Samples();
  /** Latency divided by offers made, for decisions that made any: the cost of one placement. */
  perOffer = new Samples();
  private readonly assigned: string[] = [];
  private readonly pending: string[] = [];
  private readonly timers = new IndexedHeap<Timer>((a, b) => a.at < b.at || (a.at === b.at && a.seq < b.seq));
  private serial = 0;
  private recording = false;

  constructor(
    private readonly random: Random,
    agents: number,
  ) {
    const floor = Array.from({ length: agents }, (_, i) => syntheticAgent(random, i, this.now));
    this.state = createRoutingState({ queues: syntheticQueues(), agents: floor });
  }

  /** Enqueues (and accepts what gets offered) until `waiting` items are left waiting. */
  fill(waiting: number, label: string): void {
    const progress = new Progress(label, waiting);
    while (this.state.items.size - this.assigned.length < waiting) {
      this.send({ type: 'itemEnqueued', item: syntheticItem(this.random, this.serial++, this.now, 600) });
      this.answerOffers(false);
      progress.update(this.state.items.size - this.assigned.length);
    }
    progress.done();
  }

  run(steps: number, record: boolean, label: string): void {
    this.recording = record;
    const progress = new Progress(label, steps);
    for (let step = 0; step < steps; step++) {
      this.now += 5;
      this.fireDueTimers();
      this.completeRandomWork();
      this.answerOffers(step % 25 === 0);
      this.send({ type: 'itemEnqueued', item: syntheticItem(this.random, this.serial++, this.now, 0) });
      this.answerOffers(false);
      progress.update(step + 1);
    }
    progress.done();
  }

  /**
   * Times the routing sweep on this floor, in µs: `count` sweeps with every due timer delivered
   * (the usual case: nothing to catch up), then one after `lostSeconds` in which no timer came.
   */
  timeSweeps(count: number, lostSeconds: number): { steady: Float64Array; catchUp: number } {
    this.fireDueTimers();
    const steady = new Samples();
    for (let i = 0; i < count; i++) steady.push(this.timeSweep());
    this.now += lostSeconds * 1000;
    return { steady: steady.values(), catchUp: this.timeSweep() };
  }

  private timeSweep(): number {
    const started = performance.now();
    route(this.state, { type: 'sweep' }, this.now);
    return (performance.now() - started) * 1000;
  }

  private fireDueTimers(): void {
    for (let timer = this.timers.peek(); timer && timer.at <= this.now; timer = this.timers.peek()) {
      this.timers.remove(timer);
      this.send(timer.event);
    }
  }

  private completeRandomWork(): void {
    if (this.assigned.length === 0) return;
    const index = this.random.int(this.assigned.length);
    const workItemId = this.assigned[index] as string;
    this.assigned[index] = this.assigned.at(-1) as string;
    this.assigned.pop();
    this.send({ type: 'workCompleted', workItemId });
  }

  private answerOffers(declineFirst: boolean): void {
    let decline = declineFirst;
    while (this.pending.length > 0) {
      const offerId = this.pending.shift() as string;
      this.send({ type: decline ? 'offerDeclined' : 'offerAccepted', offerId });
      decline = false;
    }
  }

  private send(event: RoutingEvent): void {
    const started = performance.now();
    const decisions = route(this.state, event, this.now);
    const elapsed = performance.now() - started;
    if (this.recording) {
      this.sample(event.type, elapsed);
      const offers = decisions.reduce((count, decision) => count + (decision.type === 'offer' ? 1 : 0), 0);
      if (offers > 0) this.perOffer.push((elapsed * 1000) / offers);
    }
    for (const decision of decisions) this.apply(decision);
  }

  private sample(type: string, elapsedMs: number): void {
    let samples = this.latencies.get(type);
    if (!samples) {
      samples = new Samples();
      this.latencies.set(type, samples);
    }
    samples.push(elapsedMs * 1000);
  }

  private apply(decision: RoutingDecision): void {
    if (decision.type === 'offer') {
      this.pending.push(decision.offer.offerId);
      if (this.recording) this.offerBytes.push(JSON.stringify(decision.offer).length);
    } else if (decision.type === 'assign') {
      this.assigned.push(decision.workItemId);
    } else if (decision.type === 'timer' && decision.event.type !== 'offerExpired') {
      // Offers are answered at once, so their expiry timers would only ever be ignored.
      this.timers.push({ at: decision.at, seq: this.serial++, event: decision.event, heapIndex: -1 });
    }
  }
}
