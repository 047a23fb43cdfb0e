import type { Skills } from '../model.ts';
import { freeGroupMask } from './capacity.ts';
import { IndexedHeap } from './heap.ts';
import { agentBefore, deadlineOf, rankOf, tracksLateness } from './ordering.ts';
import { ItemPool } from './pool.ts';
import { languageLevels, languageSkill, type Queue, serviceLevelFor, stepEnds } from './queue.ts';
import type { AgentNode, AgentRecord, CompiledQueue, ItemRecord, Requirement } from './records.ts';
import { meets, skillScore } from './requirements.ts';
import type { RoutingState } from './state.ts';

/**
 * Keeping the indexes true: waiting items sit in one pool per (requirement, capacity group),
 * available agents with free capacity in one pool per (requirement they meet, free group).
 * Every change of an item's step or queue, or of an agent's skills, status or load, passes
 * through here.
 */

/** Compiles and stores a queue; agents gain any new requirement they meet. */
export function setQueue(state: RoutingState, queue: Queue): CompiledQueue {
  const requirements = queue.steps.map((step) => intern(state, step.skills));
  const compiled: CompiledQueue = {
    queue,
    ends: stepEnds(queue),
    requirements,
    languageLevels: languageLevels(queue),
    byLanguage: new Map(),
  };
  state.queues.set(queue.queueId, compiled);
  return compiled;
}

function intern(state: RoutingState, skills: Skills): Requirement {
  const { requirement, created } = state.requirements.get(skills);
  if (created) grantRequirement(state, requirement);
  return requirement;
}

/**
 * A queue's steps for one language: each step's skills plus its level in that language, the
 * higher where the step already names the language skill itself. Compiled when the first item
 * in that language arrives, so agents are indexed only for languages customers use.
 */
function stepsInLanguage(state: RoutingState, compiled: CompiledQueue, code: string): Requirement[] {
  const known = compiled.byLanguage.get(code);
  if (known) return known;
  const skill = languageSkill(code);
  const requirements = compiled.queue.steps.map((step, index) => {
    const level = compiled.languageLevels[index] ?? 0;
    if (level === 0) return compiled.requirements[index] as Requirement;
    return intern(state, { ...step.skills, [skill]: Math.max(level, step.skills[skill] ?? 0) });
  });
  compiled.byLanguage.set(code, requirements);
  return requirements;
}

/** The requirement of a step of the queue for an item in this language (or none). */
export function stepRequirement(
  state: RoutingState,
  compiled: CompiledQueue,
  step: number,
  language: string | undefined,
): Requirement | undefined {
  const steps = language ? stepsInLanguage(state, compiled, language) : compiled.requirements;
  return steps[Math.min(step, steps.length - 1)];
}

function grantRequirement(state: RoutingState, requirement: Requirement): void {
  for (const agent of state.agents.values()) {
    if (!meets(agent.skills, requirement)) continue;
    agent.eligible.push(requirement);
    reindexAgent(state, agent, true);
  }
}

/** Recomputes which requirements an agent meets, after their skills changed. */
export function refreshEligibility(state: RoutingState, agent: AgentRecord): void {
  agent.eligible = state.requirements.all.filter((requirement) => meets(agent.skills, requirement));
  reindexAgent(state, agent, true);
}

/** Sets the ordering keys for the item's current queue. */
export function keyItem(state: RoutingState, item: ItemRecord): void {
  const compiled = state.queues.get(item.queueId);
  const seconds = compiled ? serviceLevelFor(compiled.queue, item.channel).seconds : 0;
  item.rank = rankOf(state.config, item.priority, item.enqueuedMs);
  item.deadline = deadlineOf(state.config, item.enqueuedMs, seconds);
}

/** Puts a queued item where agents will find it: its step's pool, or its named agent's line. */
export function poolItem(state: RoutingState, item: ItemRecord, now: number): void {
  unpoolItem(item);
  const pool = lineOf(state, item);
  pool?.push(item, now);
  item.pool = pool;
}

/** Puts a waiting item of a stored state back in its line, as late as it was (see `ItemPool`). */
export function repoolItem(state: RoutingState, item: ItemRecord): void {
  const pool = lineOf(state, item);
  pool?.restore(item);
  item.pool = pool;
}

function lineOf(state: RoutingState, item: ItemRecord): ItemPool | undefined {
  return item.targetAgentId ? directLine(state, item.targetAgentId) : stepPool(state, item);
}

export function unpoolItem(item: ItemRecord): void {
  item.pool?.remove(item);
  item.pool = undefined;
}

export function requirementOf(state: RoutingState, item: ItemRecord): Requirement | undefined {
  const compiled = state.queues.get(item.queueId);
  return compiled ? stepRequirement(state, compiled, item.step, item.language) : undefined;
}

function stepPool(state: RoutingState, item: ItemRecord): ItemPool | undefined {
  const requirement = requirementOf(state, item);
  if (!requirement) return undefined;
  let pool = requirement.itemPools[item.group];
  if (!pool) {
    pool = new ItemPool(tracksLateness(state.config));
    requirement.itemPools[item.group] = pool;
  }
  return pool;
}

function directLine(state: RoutingState, agentId: string): ItemPool | undefined {
  const agent = state.agents.get(agentId);
  if (!agent) return undefined;
  agent.direct ??= new ItemPool(tracksLateness(state.config));
  return agent.direct;
}

/** Groups an agent can take more work in right now (0 unless available). */
export function freeMask(state: RoutingState, agent: AgentRecord): number {
  const offerable = agent.status === 'available' && agent.wrapUpUntilMs === 0;
  return offerable ? freeGroupMask(agent.capacity, agent.load, state.exclusiveMask) : 0;
}

/**
 * Brings an agent's pool entries in line with their status, load and idle time. A change of
 * idle time re-keys every entry; a group opening or closing touches only that group's entries,
 * which is the common case while offers fill an agent up.
 */
export function reindexAgent(state: RoutingState, agent: AgentRecord, force = false): void {
  const mask = freeMask(state, agent);
  const sameIdle = agent.idleSinceMs === agent.indexedIdle;
  if (!force && mask === agent.indexedMask && sameIdle) return;
  const keep = force || !sameIdle ? 0 : agent.indexedMask & mask;
  const dropped = agent.nodes.filter((node) => (keep & (1 << node.group)) === 0);
  for (const node of dropped) node.pool.remove(node);
  if (dropped.length > 0) agent.nodes = agent.nodes.filter((node) => (keep & (1 << node.group)) !== 0);
  addNodes(state, agent, mask & ~keep);
  agent.indexedMask = mask;
  agent.indexedIdle = agent.idleSinceMs;
}

function addNodes(state: RoutingState, agent: AgentRecord, groups: number): void {
  if (groups === 0) return;
  const bestSkill = state.config.agentSelection === 'best-skill';
  for (const requirement of agent.eligible) {
    const score = bestSkill ? skillScore(agent.skills, requirement) : 0;
    for (let g = 0; groups >> g !== 0; g++) {
      if ((groups & (1 << g)) === 0) continue;
      const pool = agentPool(requirement, g);
      const node: AgentNode = { agent, score, idle: agent.idleSinceMs, heapIndex: -1, pool, group: g };
      pool.push(node);
      agent.nodes.push(node);
    }
  }
}

function agentPool(requirement: Requirement, group: number): IndexedHeap<AgentNode> {
  let pool = requirement.agentPools[group];
  if (!pool) {
    pool = new IndexedHeap(agentBefore);
    requirement.agentPools[group] = pool;
  }
  return pool;
}
