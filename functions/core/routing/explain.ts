import { requirementOf } from './indexes.ts';
import type { AgentChoice } from './match.ts';
import type { Candidate, Explanation, ItemStanding, OfferRule } from './offer.ts';
import { effectivePriority } from './ordering.ts';
import { serviceLevelFor } from './queue.ts';
import type { AgentRecord, ItemRecord } from './records.ts';
import { skillScore } from './requirements.ts';
import type { RoutingState } from './state.ts';
import { isoAt } from './time.ts';

/** The record stored with every offer: the step in force, who was considered, and why. */
export function explain(
  state: RoutingState,
  now: number,
  trigger: string,
  item: ItemRecord,
  agent: AgentRecord,
  rule: OfferRule,
  choice: { field: AgentChoice['field']; passedOver: ItemRecord[] },
): Explanation {
  const compiled = state.queues.get(item.queueId);
  const end = compiled?.ends[item.step] ?? Number.POSITIVE_INFINITY;
  const requirement = requirementOf(state, item);
  const winner = candidate(state, agent, item, rule === 'sticky');
  const others = choice.field
    .filter((node) => node.agent !== agent)
    .slice(0, state.config.explainCandidates - 1)
    .map((node) => candidate(state, node.agent, item, false));
  return {
    trigger,
    queueId: item.queueId,
    ...(item.language ? { language: item.language } : {}),
    step: {
      index: item.step,
      skills: requirement?.skills ?? {},
      endsAt: Number.isFinite(end) && !item.targetAgentId ? isoAt(item.queueEnteredMs + end) : null,
    },
    rule,
    candidates: [winner, ...others],
    item: standing(state, item, now),
    passedOver: choice.passedOver.map((other) => standing(state, other, now)),
  };
}

function candidate(state: RoutingState, agent: AgentRecord, item: ItemRecord, sticky: boolean): Candidate {
  const requirement = requirementOf(state, item);
  const score =
    requirement && state.config.agentSelection === 'best-skill' ? skillScore(agent.skills, requirement) : 0;
  return {
    agentId: agent.agentId,
    score,
    idleSince: agent.idleSinceMs > 0 ? isoAt(agent.idleSinceMs) : null,
    sticky,
  };
}

export function standing(state: RoutingState, item: ItemRecord, now: number): ItemStanding {
  const compiled = state.queues.get(item.queueId);
  const target = compiled ? serviceLevelFor(compiled.queue, item.channel).seconds : 0;
  return {
    workItemId: item.workItemId,
    priority: item.priority,
    effectivePriority: effectivePriority(state.config, item, now),
    waitedSeconds: (now - item.enqueuedMs) / 1000,
    secondsToBreach: target - (now - item.enqueuedMs) / 1000,
  };
}
