import { openSecondsBetween } from '#core/business-hours.ts';
import type { Agent, Channel } from '#core/model.ts';
import {
  type AgentWorkItem,
  agentOffers,
  agentWork,
  type Offer,
  type Queue,
  type RoutingDecision,
  type RoutingEvent,
  type RoutingState,
  serviceLevelFor,
  viewAgent,
  viewItem,
} from '#core/routing/index.ts';

/** An offer as an agent's list shows it: the explanation stays on the work item's log. */
export type OfferSummary = Omit<Offer, 'explanation'>;

/** What the console reads of one agent: the engine's view of them after an entry. */
export interface AgentProjection extends Agent {
  offers: OfferSummary[];
  workItems: AgentWorkItem[];
}

/**
 * A customer reached an agent, whether within the queue's service-level target; or gave up
 * first (`abandoned`), which counts against the service level as a contact never answered.
 */
export interface Answer {
  queueId: string;
  channel: Channel;
  withinTarget: boolean;
  abandoned?: true;
  /** How long an answered customer waited, in the queue's open hours where it has them. */
  waitedMs?: number;
}

/**
 * Everything an entry's events decided, recorded beside them: the decisions per event, the
 * agents they touched as they now stand, and the answers for the service level. The effects
 * are applied from this record alone, so they never need the engine.
 */
export interface EntryOutcome {
  decisions: RoutingDecision[][];
  agents: AgentProjection[];
  answers: Answer[];
}

/** Builds the outcome of an entry from the state just after its events were routed. */
export function outcomeOf(
  state: RoutingState,
  events: readonly RoutingEvent[],
  decisions: RoutingDecision[][],
  answers: Answer[],
): EntryOutcome {
  const touched = new Set<string>();
  for (const [index, event] of events.entries()) {
    // A status change the engine ignored (a status they already had) leaves their desk alone.
    const refused = (decisions[index] ?? []).some((d) => d.type === 'ignored' || d.type === 'rejected');
    if (event.type === 'agentUpserted') touched.add(event.agent.agentId);
    if (event.type === 'agentStatusChanged' && !refused) touched.add(event.agentId);
  }
  for (const decision of decisions.flat()) for (const agentId of agentsIn(decision)) touched.add(agentId);
  const agents: AgentProjection[] = [];
  for (const agentId of [...touched].sort()) {
    const agent = viewAgent(state, agentId);
    if (!agent) continue;
    const offers = agentOffers(state, agentId).map(({ explanation: _explanation, ...offer }) => offer);
    agents.push({ ...agent, offers, workItems: agentWork(state, agentId) });
  }
  return { decisions, agents, answers };
}

function agentsIn(decision: RoutingDecision): string[] {
  switch (decision.type) {
    case 'offer':
      return [decision.offer.agentId];
    case 'assign':
    case 'agentStatus':
      return [decision.agentId];
    case 'requeue':
      return decision.fromAgentId ? [decision.fromAgentId] : [];
    case 'close':
      return decision.agentId ? [decision.agentId] : [];
    default:
      return [];
  }
}

/**
 * Each assignment is an answer: how long the customer waited against the queue's target, counting
 * only its open hours where it has them; each abandonment is a contact not answered. Read from the
 * state just after the event, where an assigned item still holds its wait.
 */
export function answersFor(
  state: RoutingState,
  decisions: readonly RoutingDecision[],
  now: number,
): Answer[] {
  const answers: Answer[] = [];
  for (const decision of decisions) {
    if (
      decision.type === 'close' &&
      decision.reason === 'abandoned' &&
      decision.queueId &&
      decision.channel
    ) {
      answers.push({
        queueId: decision.queueId,
        channel: decision.channel,
        withinTarget: false,
        abandoned: true,
      });
      continue;
    }
    if (decision.type === 'callWait') {
      const queue = state.queues.get(decision.queueId)?.queue;
      if (!queue) continue;
      if (decision.outcome === 'abandoned') {
        answers.push({ queueId: queue.queueId, channel: 'voice', withinTarget: false, abandoned: true });
        continue;
      }
      const enqueuedMs = Date.parse(decision.enqueuedAt);
      answers.push(answerOf(queue, 'voice', enqueuedMs, Date.parse(decision.endedAt)));
      continue;
    }
    if (decision.type !== 'assign') continue;
    const item = viewItem(state, decision.workItemId);
    const queue = item ? state.queues.get(item.queueId)?.queue : undefined;
    if (!item || !queue) continue;
    answers.push(answerOf(queue, item.channel, Date.parse(item.enqueuedAt), now));
  }
  return answers;
}

/** Whether a wait from `from` to `to` met the queue's target for the channel, in open time only. */
function answerOf(queue: Queue, channel: Channel, from: number, to: number): Answer {
  const target = serviceLevelFor(queue, channel);
  const waitedMs = queue.hours ? openSecondsBetween(queue.hours, from, to) * 1000 : to - from;
  return { queueId: queue.queueId, channel, withinTarget: waitedMs <= target.seconds * 1000, waitedMs };
}
