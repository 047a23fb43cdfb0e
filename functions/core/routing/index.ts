/**
 * Routing by skill and wait time: the pure engine. Build a state, feed it events with
 * `route`, apply the decisions it returns. See docs/routing.md.
 */
export { CAPACITY_GROUPS, capacityGroupOf } from './capacity.ts';
export { type RoutingConfig, type RoutingConfigInput, RoutingConfigSchema } from './config.ts';
export type { DecisionType, RequeueReason, RoutingDecision } from './decisions.ts';
export { route } from './engine.ts';
export {
  type RoutableItem,
  RoutableItemSchema,
  type RoutingEvent,
  RoutingEventSchema,
  type RoutingEventType,
  type RoutingItem,
  RoutingItemSchema,
  SweepEventSchema,
  type TimerEvent,
  TimerEventSchema,
  type TransferTarget,
  TransferTargetSchema,
} from './events.ts';
export {
  type Candidate,
  CandidateSchema,
  type Explanation,
  ExplanationSchema,
  type ItemStanding,
  type Offer,
  type OfferRule,
  OfferRuleSchema,
  OfferSchema,
} from './offer.ts';
export {
  type Queue,
  type QueueInput,
  QueueSchema,
  type RoutingStep,
  RoutingStepSchema,
  type ServiceLevel,
  ServiceLevelSchema,
  serviceLevelFor,
} from './queue.ts';
export { createRoutingState, type RoutingStateInput } from './restore.ts';
export { type RoutingSnapshot, snapshot } from './snapshot.ts';
export type { RoutingState } from './state.ts';
export {
  type AgentWorkItem,
  agentOffers,
  agentWork,
  conversationHolder,
  getOffer,
  type QueueStats,
  queueStats,
  viewAgent,
  viewItem,
} from './views.ts';
export {
  estimateNewcomer,
  estimateNewcomers,
  estimateWait,
  estimateWaits,
  newcomerKey,
  type ServiceTimes,
  type WaitEstimate,
} from './wait-estimate.ts';
