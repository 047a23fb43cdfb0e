import type { Agent, AgentStatus, Skills } from '../model.ts';
import { drainAgent, matchItem, requeue } from './actions.ts';
import { toGroupArray } from './capacity.ts';
import type { DecisionContext } from './context.ts';
import { refreshEligibility, reindexAgent } from './indexes.ts';
import { lineOrder, longestWaitFirst } from './ordering.ts';
import { languageSkill } from './queue.ts';
import type { AgentRecord, ItemRecord } from './records.ts';
import type { RoutingState } from './state.ts';
import { enterQueue } from './steps.ts';

export type AgentInput = Omit<Agent, 'load'> & { load?: Agent['load'] | undefined };

/** The agent's skills, with the partition's agent language where they name no language. */
export function spokenSkills(skills: Skills, agentLanguage: string): Skills {
  if (Object.keys(skills).some((skill) => skill.startsWith(LANGUAGE_PREFIX))) return { ...skills };
  return { ...skills, [languageSkill(agentLanguage)]: 5 };
}

const LANGUAGE_PREFIX = languageSkill('');

/** A new agent, or new skills, capacity or status for a known one. */
export function onAgentUpserted(ctx: DecisionContext, input: AgentInput): void {
  const { state } = ctx;
  const known = state.agents.get(input.agentId);
  if (!known) {
    const agent = newAgentRecord(input, state.config.agentLanguage);
    state.agents.set(agent.agentId, agent);
    refreshEligibility(state, agent);
    drainAgent(ctx, agent);
    return;
  }
  known.name = input.name;
  known.skills = spokenSkills(input.skills, state.config.agentLanguage);
  known.givenSkills = { ...input.skills };
  known.capacity = toGroupArray(input.capacity);
  refreshEligibility(state, known);
  if (input.status !== known.status) setAgentStatus(ctx, known, input.status);
  drainAgent(ctx, known);
}

export function newAgentRecord(input: AgentInput, agentLanguage: string): AgentRecord {
  return {
    agentId: input.agentId,
    name: input.name,
    skills: spokenSkills(input.skills, agentLanguage),
    givenSkills: { ...input.skills },
    capacity: toGroupArray(input.capacity),
    load: toGroupArray(input.load ?? {}),
    status: input.status,
    statusReason: input.statusReason,
    statusSinceMs: input.statusSince ? Date.parse(input.statusSince) : 0,
    wrapUpUntilMs: input.wrapUpUntil ? Date.parse(input.wrapUpUntil) : 0,
    idleSinceMs: idleSinceOf(input.lastIdleAt),
    missedOffers: 0,
    eligible: [],
    nodes: [],
    indexedMask: 0,
    indexedIdle: 0,
    offers: new Set(),
    work: new Set(),
    direct: undefined,
  };
}

/** An agent never idle (never seen available) counts as idle since 0: longest of all. */
export function idleSinceOf(lastIdleAt: string | undefined): number {
  return lastIdleAt ? Date.parse(lastIdleAt) : 0;
}

export function onStatusChanged(
  ctx: DecisionContext,
  agentId: string,
  status: AgentStatus,
  reason?: string,
): void {
  const agent = ctx.state.agents.get(agentId);
  if (!agent) {
    ctx.emit({ type: 'rejected', code: 'not_found', message: `agent ${agentId} not found` });
    return;
  }
  const refusal = reasonRefusal(ctx.state.config.awayReasons, status, reason);
  if (refusal) {
    ctx.emit({ type: 'rejected', code: 'invalid_input', message: refusal, field: 'reason' });
    return;
  }
  if (status === 'available' && agent.status === 'available' && agent.wrapUpUntilMs > 0) {
    // Ready before the after-contact work time is up.
    endWrapUp(ctx, agent);
    return;
  }
  if (agent.status === status && agent.statusReason === reason) {
    ctx.emit({ type: 'ignored', reason: `agent ${agentId} is already ${status}` });
    return;
  }
  if (agent.status === status) {
    // Away for another reason (from a break to a meeting): a new time in state, nothing to route.
    agent.statusReason = reason;
    agent.statusSinceMs = ctx.now;
    return;
  }
  setAgentStatus(ctx, agent, status, reason);
  if (status === 'available') drainAgent(ctx, agent);
}

/**
 * Coming back starts the idle clock. Leaving returns pending offers and items waiting for
 * this agent by name at once, and schedules messaging work for reassignment if configured;
 * a call in progress stays with the agent.
 */
export function setAgentStatus(
  ctx: DecisionContext,
  agent: AgentRecord,
  status: AgentStatus,
  reason?: string,
): void {
  const { state, now } = ctx;
  const wasAvailable = agent.status === 'available';
  agent.status = status;
  agent.statusReason = status === 'away' ? reason : undefined;
  agent.statusSinceMs = now;
  // Leaving ends after-contact work: coming back is a fresh start.
  agent.wrapUpUntilMs = 0;
  if (status === 'available') {
    agent.idleSinceMs = now;
    agent.missedOffers = 0;
    reindexAgent(state, agent);
    return;
  }
  reindexAgent(state, agent);
  const offered = [...agent.offers].map((offerId) => state.offers.get(offerId)?.offer.workItemId);
  for (const item of itemsIn(state, offered).sort(longestWaitFirst)) {
    requeue(ctx, item, 'agent-unavailable', { agent });
    matchItem(ctx, item);
  }
  // A heap's layout is its history, which a restore does not repeat: go by line order instead.
  for (const item of (agent.direct?.values() ?? []).sort(lineOrder)) {
    enterQueue(ctx, item, item.queueId);
    requeue(ctx, item, 'agent-unavailable', {});
    matchItem(ctx, item);
  }
  if (wasAvailable) scheduleReassignment(ctx, agent);
}

function scheduleReassignment(ctx: DecisionContext, agent: AgentRecord): void {
  const seconds = ctx.state.config.reassignAbsentAfterSeconds;
  if (seconds === undefined) return;
  for (const item of itemsIn(ctx.state, [...agent.work]).sort(longestWaitFirst)) {
    if ((ctx.state.exclusiveMask & (1 << item.group)) !== 0) continue;
    const { workItemId } = item;
    const event = { type: 'reassignTimerExpired' as const, workItemId, agentId: agent.agentId };
    ctx.emit({
      type: 'timer',
      id: `reassign:${workItemId}:${agent.agentId}`,
      at: ctx.now + seconds * 1000,
      event,
    });
  }
}

function itemsIn(state: RoutingState, workItemIds: Array<string | undefined>): ItemRecord[] {
  return workItemIds.flatMap((workItemId) => {
    const item = workItemId === undefined ? undefined : state.items.get(workItemId);
    return item ? [item] : [];
  });
}

/** Messaging work still held by an absent agent goes back to its queue, keeping its wait. */
export function onReassignTimer(ctx: DecisionContext, workItemId: string, agentId: string): void {
  const item = ctx.state.items.get(workItemId);
  const agent = ctx.state.agents.get(agentId);
  if (
    !item ||
    !agent ||
    item.agentId !== agentId ||
    item.state !== 'assigned' ||
    agent.status === 'available'
  ) {
    ctx.emit({ type: 'ignored', reason: `no reassignment needed for ${workItemId}` });
    return;
  }
  enterQueue(ctx, item, item.queueId);
  requeue(ctx, item, 'agent-absent', { agent });
  matchItem(ctx, item);
}

/** Why a status change is refused: a reason only with `away`, and one of the floor's. */
function reasonRefusal(reasons: readonly string[], status: AgentStatus, reason: string | undefined) {
  if (reason === undefined) return undefined;
  if (status !== 'away') return `reason: only an away agent gives one, not ${status}`;
  return reasons.includes(reason) ? undefined : `reason: one of ${reasons.join(', ')}`;
}

/**
 * After completing work of a queue with after-contact work time, the agent gets no offers until
 * the time is up or they say they are ready (`agentStatusChanged` to `available`).
 */
export function startWrapUp(ctx: DecisionContext, agent: AgentRecord, seconds: number): void {
  agent.wrapUpUntilMs = ctx.now + seconds * 1000;
  reindexAgent(ctx.state, agent);
  const event = { type: 'wrapUpExpired' as const, agentId: agent.agentId, until: agent.wrapUpUntilMs };
  ctx.emit({ type: 'timer', id: `wrap-up:${agent.agentId}:${event.until}`, at: event.until, event });
}

/** The time ran out; a timer of an earlier wrap-up, ended since, changes nothing. */
export function onWrapUpExpired(ctx: DecisionContext, agentId: string, until: number): void {
  const agent = ctx.state.agents.get(agentId);
  if (!agent || agent.wrapUpUntilMs !== until) {
    ctx.emit({ type: 'ignored', reason: `no after-contact work of ${agentId} ends at ${until}` });
    return;
  }
  endWrapUp(ctx, agent);
}

function endWrapUp(ctx: DecisionContext, agent: AgentRecord): void {
  agent.wrapUpUntilMs = 0;
  drainAgent(ctx, agent);
}
