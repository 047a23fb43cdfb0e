import { requirementOf, stepRequirement } from './indexes.ts';
import type { OfferRule } from './offer.ts';
import { itemBefore } from './ordering.ts';
import type { ItemPool } from './pool.ts';
import type { AgentNode, AgentRecord, ItemRecord } from './records.ts';
import { meets } from './requirements.ts';
import type { RoutingState } from './state.ts';

/** The agent an item should go to, with the rule that chose them and the field they beat. */
export interface AgentChoice {
  agent: AgentRecord;
  rule: OfferRule;
  /** The best eligible agents with free capacity, in pool order (the winner among them). */
  field: AgentNode[];
}

/**
 * Item-side matching: a named agent (transfer), else the sticky previous agent, else the head
 * of the pool for the item's step and channel — best proficiency, then longest idle.
 */
export function chooseAgent(
  state: RoutingState,
  item: ItemRecord,
  now: number,
  excludeAgentId?: string,
): AgentChoice | undefined {
  const bit = 1 << item.group;
  if (item.targetAgentId) {
    const agent = state.agents.get(item.targetAgentId);
    if (!agent || agent.agentId === excludeAgentId || (agent.indexedMask & bit) === 0) return undefined;
    return { agent, rule: 'transfer', field: [] };
  }
  const pool = requirementOf(state, item)?.agentPools[item.group];
  const field = (pool?.best(state.config.explainCandidates + 1) ?? []).filter(
    (node) => node.agent.agentId !== excludeAgentId,
  );
  const sticky = stickyAgent(state, item, now, excludeAgentId);
  if (sticky) return { agent: sticky, rule: 'sticky', field };
  const [winner, runnerUp] = field;
  if (!winner) return undefined;
  return { agent: winner.agent, rule: ruleBetween(winner, runnerUp), field };
}

function ruleBetween(winner: AgentNode, runnerUp: AgentNode | undefined): OfferRule {
  if (!runnerUp) return 'only-candidate';
  if (winner.score !== runnerUp.score) return 'best-skill';
  if (winner.idle !== runnerUp.idle) return 'longest-idle';
  return 'agent-id';
}

/**
 * The customer's previous agent, if within the sticky window, free for this channel and
 * qualified for the queue at all (its last, loosest step): they know the case, so the strict
 * early steps do not keep the customer from them.
 */
function stickyAgent(
  state: RoutingState,
  item: ItemRecord,
  now: number,
  excludeAgentId: string | undefined,
): AgentRecord | undefined {
  const previous = item.previousAgent ?? state.lastAgentOf(item.customerId);
  if (!previous || now - previous.atMs > state.config.stickySeconds * 1000) return undefined;
  const agent = state.agents.get(previous.agentId);
  if (!agent || agent.agentId === excludeAgentId || (agent.indexedMask & (1 << item.group)) === 0) {
    return undefined;
  }
  const compiled = state.queues.get(item.queueId);
  const loosest =
    compiled && stepRequirement(state, compiled, compiled.requirements.length - 1, item.language);
  return loosest && meets(agent.skills, loosest) ? agent : undefined;
}

/** One line an agent can take work from, and the item at its front. */
export interface Line {
  /** Undefined for an item waiting for this agent by name: a line of one. */
  readonly pool: ItemPool | undefined;
  head: ItemRecord | undefined;
}

/**
 * Agent-side matching: every line the agent can serve now — one per (requirement they meet,
 * group they have room in), plus items transferred to them by name — with its front item.
 * One peek per line, never a scan of the items.
 */
export function openLines(agent: AgentRecord, mask: number, now: number, exclude?: ItemRecord): Line[] {
  if (mask === 0) return [];
  const lines: Line[] = [];
  // A named agent's line is short and holds every channel, so it is read whole.
  agent.direct?.expire(now);
  for (const item of agent.direct?.values() ?? []) {
    if (item !== exclude && (mask & (1 << item.group)) !== 0) lines.push({ pool: undefined, head: item });
  }
  for (const requirement of agent.eligible) {
    for (let g = 0; mask >> g !== 0; g++) {
      const pool = requirement.itemPools[g];
      if ((mask & (1 << g)) === 0 || !pool || pool.size === 0) continue;
      const head = pool.head(now, exclude);
      if (head) lines.push({ pool, head });
    }
  }
  return lines;
}

/**
 * The lines whose front items come first, best first, among groups the agent still has room
 * in: the winner and the runners-up an explanation lists, found in one pass over the fronts
 * without sorting them all (on a large floor every front read is a cache miss).
 */
export function frontsInOrder(lines: Line[], mask: number, count: number): Line[] {
  const best: Line[] = [];
  for (const line of lines) {
    const head = line.head;
    if (!head || (mask & (1 << head.group)) === 0) continue;
    const last = best.at(-1)?.head;
    if (best.length === count && last && !itemBefore(head, last)) continue;
    if (best.length === count) best.pop();
    let at = best.length;
    while (at > 0 && itemBefore(head, best[at - 1]?.head as ItemRecord)) at--;
    best.splice(at, 0, line);
  }
  return best;
}
