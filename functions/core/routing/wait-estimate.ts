import { itemBefore } from './ordering.ts';
import type { AgentRecord, ItemRecord, Requirement } from './records.ts';
import { meets } from './requirements.ts';
import type { RoutingState } from './state.ts';

/** What a waiting customer is told: their place in line and how long it should take. */
export interface WaitEstimate {
  state: 'waiting' | 'offered' | 'assigned';
  /** 1 for the next to be served; 0 once an agent has it. */
  position: number;
  /** Undefined when no agent who could ever take the item is signed in. */
  estimatedWaitSeconds: number | undefined;
}

/** What the estimate needs that the state does not hold: recent handling times. */
export interface ServiceTimes {
  /** Mean handle time of the queue's work, seconds. */
  handleSeconds(queueId: string): number;
  /** Mean time from an offer to its acceptance, seconds (0 when offers are answered at once). */
  acceptSeconds?(queueId: string): number;
}

/**
 * The predictor: the customers ahead, over the rate at which the agents who can take this item
 * finish work. With `s` such agent slots each finishing after `h` seconds on average, a customer
 * with `k` ahead once every slot is busy waits `(k + 1) · h / s` — exact in mean for M/M/s.
 * "Ahead" follows the engine's own order (priority and aging, then service-level deadline, then
 * arrival), counting only items some of these agents can take at their current step (an item an
 * expert-only step holds back is not in this customer's way), each for the share of its agents
 * that are these. An item whose own step holds it
 * back while agents are free waits for the step to relax instead.
 */
export function estimateWait(
  state: RoutingState,
  workItemId: string,
  now: number,
  times: ServiceTimes,
): WaitEstimate | undefined {
  const item = state.items.get(workItemId);
  if (!item) return undefined;
  const accept = times.acceptSeconds?.(item.queueId) ?? 0;
  if (item.state === 'offered') return { state: 'offered', position: 0, estimatedWaitSeconds: accept };
  if (item.state !== 'queued') return { state: 'assigned', position: 0, estimatedWaitSeconds: 0 };
  const compiled = state.queues.get(item.queueId);
  const loosest = compiled?.requirements.at(-1);
  const servers = loosest ? serversOf(state, item.group, loosest) : [];
  const ahead = itemsAhead(state, item, servers);
  const slots = servers.reduce((sum, agent) => sum + (agent.capacity[item.group] ?? 0), 0);
  if (slots === 0)
    return { state: 'waiting', position: Math.ceil(ahead) + 1, estimatedWaitSeconds: undefined };
  const free = servers
    .filter((agent) => agent.status === 'available')
    .reduce(
      (sum, agent) => sum + Math.max(0, (agent.capacity[item.group] ?? 0) - (agent.load[item.group] ?? 0)),
      0,
    );
  const queueing = (Math.max(0, ahead + 1 - free) * times.handleSeconds(item.queueId)) / slots;
  const held = free > ahead ? stepDelaySeconds(state, item, now) : 0;
  return {
    state: 'waiting',
    position: Math.ceil(ahead) + 1,
    estimatedWaitSeconds: accept + Math.max(queueing, held),
  };
}

/** Signed-in agents with capacity in the item's group who meet its loosest step. */
function serversOf(state: RoutingState, group: number, loosest: Requirement): AgentRecord[] {
  return [...state.agents.values()].filter(
    (agent) => agent.status !== 'offline' && (agent.capacity[group] ?? 0) > 0 && meets(agent.skills, loosest),
  );
}

/**
 * The work ahead that falls on these agents: each waiting item before this one counts for the
 * share of the agents able to take it now who are among them, since the others serve it too.
 */
function itemsAhead(state: RoutingState, item: ItemRecord, servers: readonly AgentRecord[]): number {
  const ours = new Set(servers);
  const signedIn = [...state.agents.values()].filter(
    (agent) => agent.status !== 'offline' && (agent.capacity[item.group] ?? 0) > 0,
  );
  let ahead = 0;
  for (const other of state.items.values()) {
    if (other === item || other.state !== 'queued' || other.group !== item.group) continue;
    if (!itemBefore(other, item)) continue;
    const requirement = state.queues.get(other.queueId)?.requirements[other.step];
    if (!requirement) continue;
    const able = signedIn.filter((agent) => meets(agent.skills, requirement));
    const shared = able.filter((agent) => ours.has(agent)).length;
    if (shared) ahead += shared / able.length;
  }
  return ahead;
}

/** Until the first step some free agent meets begins, for an item its current step holds back. */
function stepDelaySeconds(state: RoutingState, item: ItemRecord, now: number): number {
  const compiled = state.queues.get(item.queueId);
  if (!compiled) return 0;
  const free = [...state.agents.values()].filter(
    (agent) =>
      agent.status === 'available' && (agent.capacity[item.group] ?? 0) > (agent.load[item.group] ?? 0),
  );
  for (let step = item.step; step < compiled.requirements.length; step++) {
    const requirement = compiled.requirements[step] as Requirement;
    if (!free.some((agent) => meets(agent.skills, requirement))) continue;
    const startsAt = item.queueEnteredMs + (step === 0 ? 0 : (compiled.ends[step - 1] ?? 0));
    return Math.max(0, (startsAt - now) / 1000);
  }
  return 0;
}
