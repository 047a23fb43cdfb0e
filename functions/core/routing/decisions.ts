import type { AgentStatus, Channel, Skills } from '../model.ts';
import type { TimerEvent } from './events.ts';
import type { Offer } from './offer.ts';

/** Why an item went back to waiting. */
export type RequeueReason =
  | 'declined'
  | 'expired'
  /** The agent went away or offline while the offer was pending. */
  | 'agent-unavailable'
  /** Messaging work held by an absent agent past the reassignment time. */
  | 'agent-absent'
  | 'transfer';

/**
 * What the engine decided. The adapter applies them in order: each names the records it
 * changes, so one decision maps onto one conditional write or one scheduled message.
 */
export type RoutingDecision =
  /** Item `queued → offered`, agent load +1 in the channel's group, offer stored. */
  | { type: 'offer'; offer: Offer }
  /** Item `offered → assigned`; the offer is spent, the capacity stays held. */
  | { type: 'assign'; workItemId: string; agentId: string; offerId: string }
  /**
   * Item back to `queued` with its original enqueue time. When `fromAgentId` is set that agent's
   * load drops by one (and `offerId`, if set, is withdrawn).
   */
  | {
      type: 'requeue';
      workItemId: string;
      reason: RequeueReason;
      queueId: string;
      step: number;
      fromAgentId?: string;
      offerId?: string;
      /** Waiting for this agent only (transfer to a named agent). */
      targetAgentId?: string;
    }
  /** The item relaxed to another step of its queue. */
  | { type: 'step'; workItemId: string; queueId: string; step: number; skills: Skills }
  /** The item left its queue for the overflow queue, keeping its wait. */
  | { type: 'overflow'; workItemId: string; fromQueueId: string; toQueueId: string }
  /**
   * The item's queue is delivered by Amazon Connect: start a task in `connectQueueId` (through
   * `contactFlowId` when the queue names one). The item stays open until `connectTaskEnded`.
   */
  | {
      type: 'handoff';
      workItemId: string;
      conversationId: string;
      customerId: string;
      channel: Channel;
      queueId: string;
      connectQueueId: string;
      contactFlowId?: string;
    }
  /** The item left routing; `agentId`'s load drops by one when set. */
  | {
      type: 'close';
      workItemId: string;
      reason: 'completed' | 'abandoned';
      /** Set on an abandonment: the queue whose service level it counts against. */
      queueId?: string;
      /** Set on an abandonment: the channel the customer waited on. */
      channel?: Channel;
      agentId?: string;
      offerId?: string;
    }
  /** A new contact of a customer whose issue already has an open item joined that item. */
  | { type: 'join'; workItemId: string; joinedWorkItemId: string; conversationId: string; channel: Channel }
  /** A call routed by Connect stopped waiting in `queueId`: it counts in the queue's service level. */
  | {
      type: 'callWait';
      queueId: string;
      outcome: 'answered' | 'abandoned';
      enqueuedAt: string;
      endedAt: string;
    }
  /** The engine changed an agent's status (repeatedly expired offers). */
  | { type: 'agentStatus'; agentId: string; status: AgentStatus; reason: 'missed-offers' }
  /** Deliver `event` back to the engine at `at` (ms since epoch); stale timers are ignored then. */
  | { type: 'timer'; id: string; at: number; event: TimerEvent }
  /** Nothing to do: a stale timer, a redelivered event. */
  | { type: 'ignored'; reason: string }
  /** A command that cannot apply: map `not_found`/`conflict`/`invalid_input` to 404/409/400. */
  | { type: 'rejected'; code: 'not_found' | 'conflict' | 'invalid_input'; message: string };

export type DecisionType = RoutingDecision['type'];
