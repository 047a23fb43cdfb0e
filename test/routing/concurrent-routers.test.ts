import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  capacityGroupOf,
  createRoutingState,
  type RoutingDecision,
  type RoutingEvent,
  route,
  snapshot,
} from '#core/routing/index.ts';
import { RoutingService } from '#routing/service.ts';
import { type LogEntry, RoutingLog } from '#store/routing-log.ts';
import { createTestStack } from '../support/local-aws.ts';
import { FloorTracker, floorAgent, floorOpArb, floorSetup } from '../support/routing-floor.ts';

/** A log that counts the versions its writer lost to the other: the routers did race. */
class CountingLog extends RoutingLog {
  lost = 0;
  override async append(version: number, at: number, events: readonly RoutingEvent[]): Promise<boolean> {
    const won = await super.append(version, at, events);
    if (!won) this.lost += 1;
    return won;
  }
}

/** `ROUTING_CONCURRENT_EVENTS=100000` for the long run; the suite's own run is shorter. */
const EVENTS = Number(process.env.ROUTING_CONCURRENT_EVENTS ?? 1_000);

/** Drives one router with random events, as one more process on the floor would. */
async function drive(
  router: RoutingService,
  tracker: FloorTracker,
  ops: ReturnType<typeof sampleOps>,
  sent: RoutingEvent[],
) {
  for (const op of ops) {
    const events = op.kind === 'advance' ? tracker.due(Date.now()) : tracker.eventsFor(op, Date.now());
    if (events.length === 0) continue;
    sent.push(...events);
    tracker.seen(await router.dispatch(events));
  }
}

function sampleOps(count: number, seed: number) {
  return fc.sample(floorOpArb, { numRuns: count, seed });
}

/**
 * Follows every decision in log order and fails on the first that breaks the floor's rules: an
 * item offered or assigned twice at once, or an agent holding more than their capacity.
 */
function checkDecisions(
  entries: LogEntry[],
  decided: RoutingDecision[][],
): { offers: number; assignments: number } {
  const capacity = floorAgent('x', 1).capacity as Record<string, number>;
  const channels = new Map<string, string>();
  const items = new Map<string, 'offered' | 'assigned'>();
  const load = new Map<string, number>();
  const held = (agentId: string, workItemId: string) =>
    `${agentId}/${capacityGroupOf(channels.get(workItemId) as never)}`;
  let offers = 0;
  let assignments = 0;
  const release = (agentId: string | undefined, workItemId: string) => {
    if (!agentId || !items.has(workItemId)) return;
    load.set(held(agentId, workItemId), (load.get(held(agentId, workItemId)) ?? 0) - 1);
  };
  for (const [index, entry] of entries.entries()) {
    for (const event of entry.events)
      if (event.type === 'itemEnqueued') channels.set(event.item.workItemId, event.item.channel);
    for (const decision of decided[index] ?? []) {
      if (decision.type === 'offer') {
        const { workItemId, agentId } = decision.offer;
        expect(items.has(workItemId), `${workItemId} offered while ${items.get(workItemId)}`).toBe(false);
        items.set(workItemId, 'offered');
        const key = held(agentId, workItemId);
        load.set(key, (load.get(key) ?? 0) + 1);
        expect(load.get(key), `${key} over capacity`).toBeLessThanOrEqual(
          capacity[key.split('/')[1] ?? ''] ?? 0,
        );
        offers += 1;
      }
      if (decision.type === 'assign') {
        expect(items.get(decision.workItemId)).toBe('offered');
        items.set(decision.workItemId, 'assigned');
        assignments += 1;
      }
      if (decision.type === 'requeue') {
        release(decision.fromAgentId, decision.workItemId);
        items.delete(decision.workItemId);
      }
      if (decision.type === 'close') {
        release(decision.agentId, decision.workItemId);
        items.delete(decision.workItemId);
      }
    }
  }
  return { offers, assignments };
}

describe('two routers on one partition', () => {
  it(`never double-offers, never overfills an agent and loses no event over ${EVENTS} random events`, async () => {
    const stack = await createTestStack();
    const partition = 'shared';
    const logs = [0, 1].map(() => new CountingLog(stack.table, partition));
    const routers = logs.map((log) => new RoutingService(log));
    await routers[0]?.dispatch(floorSetup());
    const sent: RoutingEvent[][] = [[], []];
    await Promise.all(
      routers.map((router, i) =>
        drive(router, new FloorTracker(`r${i}-`), sampleOps(EVENTS / 2, 1_000 + i), sent[i] ?? []),
      ),
    );

    expect(logs.reduce((lost, log) => lost + log.lost, 0)).toBeGreaterThan(0);
    const entries = await new RoutingLog(stack.table, partition).tail(0);
    const logged = entries.slice(1).flatMap((entry) => entry.events);
    const submitted = [...(sent[0] ?? []), ...(sent[1] ?? [])];
    expect(logged.length).toBe(submitted.length);
    expect(logged.map((event) => JSON.stringify(event)).sort()).toEqual(
      submitted.map((event) => JSON.stringify(event)).sort(),
    );
    // The log replayed from its first entry: what both routers decided, in one order.
    const replayed = createRoutingState();
    const decided = entries.map((entry) => entry.events.flatMap((event) => route(replayed, event, entry.at)));
    const { offers, assignments } = checkDecisions(entries, decided);
    expect(offers).toBeGreaterThan(0);
    expect(assignments).toBeGreaterThan(0);
    // Both routers are one and the same floor.
    const views = await Promise.all(routers.map((router) => router.read((state) => snapshot(state))));
    expect(views[0]).toEqual(snapshot(replayed));
    expect(views[1]).toEqual(snapshot(replayed));
  }, 900_000);
});
