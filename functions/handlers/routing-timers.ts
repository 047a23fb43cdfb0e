import { sqsHandler } from '#queue/sqs-handler.ts';
import type { RoutingDeps } from '#routing/deps.ts';
import { type TimerMessage, TimerMessageSchema } from '#routing/routing-queue.ts';

/** Tolerance for clock skew between the timer queue's delay and our clock. */
const EARLY_MS = 500;

/**
 * Routing timers (step expiry, offer expiry, retries) come due here after their SQS delay or
 * their one-time schedule. A timer that arrives early (a schedule fires a minute ahead; without
 * a schedule group, long timers hop in 15-minute steps) is delayed again until its time; a due
 * one goes to the engine, which ignores it if the item has moved on meanwhile.
 */
export function makeHandler(deps: RoutingDeps) {
  const fire = async (timer: TimerMessage) => {
    const now = deps.clock.now().getTime();
    if (timer.at - now > EARLY_MS) return deps.routingQueues.schedule(timer, now);
    // The sweep names no partition: every partition sweeps.
    const partitions = timer.partition
      ? [timer.partition]
      : timer.event.type === 'sweep'
        ? deps.partitions.all()
        : [deps.partitions.home];
    for (const partition of partitions) await deps.routingFor(partition).routing.dispatch([timer.event]);
  };
  return sqsHandler(TimerMessageSchema, fire, { sqs: deps.sqs, source: 'routingTimers' });
}
