import type { Channel } from '../model.ts';
import { CAPACITY_GROUPS, channelGroupIndex } from './capacity.ts';
import { keyItem, stepRequirement } from './indexes.ts';
import { itemRecord } from './item-events.ts';
import { lineOrder } from './ordering.ts';
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
 * that are these. An item whose own step holds it back while agents are free waits for the step
 * to relax instead.
 */
export function estimateWait(
  state: RoutingState,
  workItemId: string,
  now: number,
  times: ServiceTimes,
): WaitEstimate | undefined {
  const item = state.items.get(workItemId);
  if (!item) return undefined;
  return new WaitModel(state, now, times).estimate(item, [...state.items.values()]);
}

/** Every open item's estimate at once, walking the line once per kind of agent set. */
export function estimateWaits(
  state: RoutingState,
  now: number,
  times: ServiceTimes,
): Map<string, WaitEstimate> {
  const model = new WaitModel(state, now, times);
  const line = [...state.items.values()].filter((item) => item.state === 'queued').sort(lineOrder);
  const estimates = new Map<string, WaitEstimate>();
  for (const item of state.items.values())
    if (item.state !== 'queued') estimates.set(item.workItemId, model.estimate(item, []));
  const byServers = new Map<string, ItemRecord[]>();
  for (const item of line) {
    const key = model.serverKey(item);
    byServers.set(key, [...(byServers.get(key) ?? []), item]);
  }
  for (const members of byServers.values()) {
    const first = members[0] as ItemRecord;
    const servers = model.servers(first);
    let ahead = 0;
    let next = 0;
    for (const other of line) {
      if (other === members[next]) {
        estimates.set(other.workItemId, model.fromAhead(other, servers, ahead));
        next++;
      }
      if (other.group === first.group) ahead += model.share(other, servers);
    }
  }
  return estimates;
}

/** One channel per capacity group: what a newcomer's estimate depends on is the group, not the channel. */
const GROUP_CHANNELS: readonly Channel[] = ['voice', 'chat', 'email', 'sms', 'whatsapp'];

/** Sorts after every real id, so a newcomer ties with nobody and is always last. */
const NEWCOMER_ID = '\uffff';

/**
 * What a customer arriving now in `queueId` on `channel` would be told: the same model as
 * `estimateWait`, for a hypothetical item at the back of the line (it came last, at the lowest
 * priority, on the queue's first step), so every item now waiting in its group is ahead of it
 * for the share its agents could take. Callers who are not yet work items (a phone call still in
 * the contact flow) hear this.
 */
export function estimateNewcomer(
  state: RoutingState,
  queueId: string,
  channel: Channel,
  now: number,
  times: ServiceTimes,
): WaitEstimate {
  const model = new WaitModel(state, now, times);
  return model.newcomer(newcomer(state, queueId, channel, now), waitingItems(state), new Map());
}

/** `estimateNewcomer` for every queue and capacity group, keyed by `newcomerKey`, one pass per kind of agent set. */
export function estimateNewcomers(
  state: RoutingState,
  now: number,
  times: ServiceTimes,
): Map<string, WaitEstimate> {
  const model = new WaitModel(state, now, times);
  const waiting = waitingItems(state);
  const aheadBy = new Map<string, number>();
  const estimates = new Map<string, WaitEstimate>();
  for (const queueId of state.queues.keys())
    for (const channel of GROUP_CHANNELS)
      estimates.set(
        newcomerKey(queueId, channel),
        model.newcomer(newcomer(state, queueId, channel, now), waiting, aheadBy),
      );
  return estimates;
}

/** The key of a newcomer's estimate: the queue and the channel's capacity group. */
export function newcomerKey(queueId: string, channel: Channel): string {
  return `${queueId}/${CAPACITY_GROUPS[channelGroupIndex(channel)]}`;
}

function waitingItems(state: RoutingState): ItemRecord[] {
  return [...state.items.values()].filter((item) => item.state === 'queued');
}

function newcomer(state: RoutingState, queueId: string, channel: Channel, now: number): ItemRecord {
  const item = itemRecord(newcomerFields(queueId, channel, now));
  keyItem(state, item);
  return item;
}

function newcomerFields(queueId: string, channel: Channel, now: number) {
  return {
    workItemId: NEWCOMER_ID,
    conversationId: NEWCOMER_ID,
    customerId: NEWCOMER_ID,
    channel,
    priority: 0,
    enqueuedMs: now,
    language: undefined,
    queueId,
    queueEnteredMs: now,
    step: 0,
    previousAgent: undefined,
  };
}

class WaitModel {
  private readonly signedIn: AgentRecord[];
  private readonly serverSets = new Map<string, AgentRecord[]>();
  private readonly shares = new WeakMap<readonly AgentRecord[], Map<string, number>>();

  constructor(
    private readonly state: RoutingState,
    private readonly now: number,
    private readonly times: ServiceTimes,
  ) {
    this.signedIn = [...state.agents.values()].filter((agent) => agent.status !== 'offline');
  }

  estimate(item: ItemRecord, others: readonly ItemRecord[]): WaitEstimate {
    const accept = this.times.acceptSeconds?.(item.queueId) ?? 0;
    if (item.state === 'offered') return { state: 'offered', position: 0, estimatedWaitSeconds: accept };
    if (item.state !== 'queued') return { state: 'assigned', position: 0, estimatedWaitSeconds: 0 };
    const servers = this.servers(item);
    let ahead = 0;
    for (const other of others) {
      if (other === item || other.state !== 'queued' || other.group !== item.group) continue;
      if (lineOrder(other, item) < 0) ahead += this.share(other, servers);
    }
    return this.fromAhead(item, servers, ahead);
  }

  /** A newcomer is behind every waiting item of its group: all of them count, each for its share. */
  newcomer(item: ItemRecord, waiting: readonly ItemRecord[], aheadBy: Map<string, number>): WaitEstimate {
    const servers = this.servers(item);
    const key = this.serverKey(item);
    let ahead = aheadBy.get(key);
    if (ahead === undefined) {
      ahead = 0;
      for (const other of waiting) if (other.group === item.group) ahead += this.share(other, servers);
      aheadBy.set(key, ahead);
    }
    return this.fromAhead(item, servers, ahead);
  }

  fromAhead(item: ItemRecord, servers: readonly AgentRecord[], ahead: number): WaitEstimate {
    const position = Math.ceil(ahead - 1e-9) + 1;
    const slots = servers.reduce((sum, agent) => sum + (agent.capacity[item.group] ?? 0), 0);
    if (slots === 0) return { state: 'waiting', position, estimatedWaitSeconds: undefined };
    const free = servers
      .filter((agent) => agent.status === 'available')
      .reduce((sum, agent) => sum + this.freeSlots(agent, item.group), 0);
    const queueing = (Math.max(0, ahead + 1 - free) * this.times.handleSeconds(item.queueId)) / slots;
    const held = free > ahead ? this.stepDelaySeconds(item) : 0;
    const accept = this.times.acceptSeconds?.(item.queueId) ?? 0;
    return { state: 'waiting', position, estimatedWaitSeconds: accept + Math.max(queueing, held) };
  }

  /** The agents who could ever take the item: signed in, with room in its group, meeting its loosest step. */
  servers(item: ItemRecord): AgentRecord[] {
    const key = this.serverKey(item);
    let servers = this.serverSets.get(key);
    if (!servers) {
      const compiled = this.state.queues.get(item.queueId);
      const loosest = compiled ? this.requirementOf(item, compiled.requirements.length - 1) : undefined;
      servers = loosest ? this.able(item.group, loosest) : [];
      this.serverSets.set(key, servers);
    }
    return servers;
  }

  serverKey(item: ItemRecord): string {
    const compiled = this.state.queues.get(item.queueId);
    const last = compiled ? compiled.requirements.length - 1 : 0;
    return `${item.group}:${this.requirementOf(item, last)?.id ?? 'none'}`;
  }

  /** The part of a waiting item's work that falls on these agents: the others able to take it share it. */
  share(other: ItemRecord, servers: readonly AgentRecord[]): number {
    const requirement = this.requirementOf(other, other.step);
    if (!requirement) return 0;
    let known = this.shares.get(servers);
    if (!known) {
      known = new Map();
      this.shares.set(servers, known);
    }
    const key = `${other.group}:${requirement.id}`;
    let share = known.get(key);
    if (share === undefined) {
      const able = this.able(other.group, requirement);
      const ours = new Set(servers);
      share = able.length ? able.filter((agent) => ours.has(agent)).length / able.length : 0;
      known.set(key, share);
    }
    return share;
  }

  /** What a step demands of this item: its skills, plus the item's language where the step asks for it. */
  private requirementOf(item: ItemRecord, step: number): Requirement | undefined {
    const compiled = this.state.queues.get(item.queueId);
    return compiled ? stepRequirement(this.state, compiled, step, item.language) : undefined;
  }

  private able(group: number, requirement: Requirement): AgentRecord[] {
    return this.signedIn.filter(
      (agent) => (agent.capacity[group] ?? 0) > 0 && meets(agent.skills, requirement),
    );
  }

  private freeSlots(agent: AgentRecord, group: number): number {
    return Math.max(0, (agent.capacity[group] ?? 0) - (agent.load[group] ?? 0));
  }

  /** Until the first step some free agent meets begins, for an item its current step holds back. */
  private stepDelaySeconds(item: ItemRecord): number {
    const compiled = this.state.queues.get(item.queueId);
    if (!compiled) return 0;
    const free = this.signedIn.filter(
      (agent) => agent.status === 'available' && this.freeSlots(agent, item.group) > 0,
    );
    for (let step = item.step; step < compiled.requirements.length; step++) {
      const requirement = this.requirementOf(item, step);
      if (!requirement || !free.some((agent) => meets(agent.skills, requirement))) continue;
      const startsAt = item.queueEnteredMs + (step === 0 ? 0 : (compiled.ends[step - 1] ?? 0));
      return Math.max(0, (startsAt - this.now) / 1000);
    }
    return 0;
  }
}
