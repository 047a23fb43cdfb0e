import { requirementOf } from './indexes.ts';
import type { OfferRule } from './offer.ts';
import { itemBefore } from './ordering.ts';
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
  const previous = item.previousAgent ?? state.lastAgentByCustomer.get(item.customerId);
  if (!previous || now - previous.atMs > state.config.stickySeconds * 1000) return undefined;
  const agent = state.agents.get(previous.agentId);
  if (!agent || agent.agentId === excludeAgentId || (agent.indexedMask & (1 << item.group)) === 0) {
    return undefined;
  }
  const loosest = state.queues.get(item.queueId)?.requirements.at(-1);
  return loosest && meets(agent.skills, loosest) ? agent : undefined;
}

/**
 * Agent-side matching: the first item in line among every pool the agent can serve — one
 * peek per (requirement they meet, group they have room in), never a scan of the items.
 * Returns the winner and the other pool heads it was compared with.
 */
export function chooseItem(
  state: RoutingState,
  agent: AgentRecord,
  exclude?: ItemRecord,
): { item: ItemRecord; heads: ItemRecord[] } | undefined {
  const mask = agent.indexedMask;
  if (mask === 0) return undefined;
  const heads: ItemRecord[] = [];
  for (const item of agent.direct?.values() ?? []) {
    if (item !== exclude && (mask & (1 << item.group)) !== 0) heads.push(item);
  }
  for (const requirement of agent.eligible) {
    for (let g = 0; mask >> g !== 0; g++) {
      if ((mask & (1 << g)) === 0) continue;
      const pool = requirement.itemPools[g];
      if (!pool || pool.size === 0) continue;
      const head = pool.peek() === exclude ? pool.best(2)[1] : pool.peek();
      if (head) heads.push(head);
    }
  }
  let best: ItemRecord | undefined;
  for (const head of heads) if (!best || itemBefore(head, best)) best = head;
  return best ? { item: best, heads } : undefined;
}
