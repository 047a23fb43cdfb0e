import { onAgentUpserted, onReassignTimer, onStatusChanged, onWrapUpExpired } from './agent-events.ts';
import { DecisionContext } from './context.ts';
import type { RoutingDecision } from './decisions.ts';
import type { RoutingEvent } from './events.ts';
import { dueHourChanges } from './hours.ts';
import {
  onAbandoned,
  onCallWaitEnded,
  onCompleted,
  onConnectTaskEnded,
  onEnqueued,
  onRetry,
  onStepTimer,
  onTransfer,
} from './item-events.ts';
import { onAccepted, onDeclined, onExpired } from './offer-events.ts';
import { onLeft, onSeen, presenceGone } from './presence.ts';
import { onHoursTimer, onQueueUpserted, onSweep, resettleQueue } from './queue-events.ts';
import type { RoutingState } from './state.ts';

/**
 * The routing engine: applies one event at `now` (ms since epoch) and returns what to do.
 * Deterministic and free of I/O — the same state, event and time always give the same
 * decisions — so it runs unchanged in the router Lambda, the local runtime, the simulator
 * and tests. It updates `state` to reflect its own decisions; if the caller fails to persist
 * them, it should rebuild the state from storage rather than reuse this one.
 */
export function route(state: RoutingState, event: RoutingEvent, now: number): RoutingDecision[] {
  const ctx = new DecisionContext(state, now, event.type);
  // Opening and closing follow the events' own clock, whichever event comes first past them.
  for (const queueId of dueHourChanges(ctx)) resettleQueue(ctx, queueId);
  switch (event.type) {
    case 'itemEnqueued':
      onEnqueued(ctx, event.item);
      break;
    case 'stepTimerExpired':
      onStepTimer(ctx, event.workItemId, event.queueId, event.step);
      break;
    case 'offerAccepted':
      onAccepted(ctx, event.offerId, event.agentId);
      break;
    case 'offerDeclined':
      onDeclined(ctx, event.offerId, event.agentId);
      break;
    case 'offerExpired':
      onExpired(ctx, event.offerId);
      break;
    case 'workCompleted':
      onCompleted(ctx, event.workItemId, event.disposition);
      break;
    case 'itemAbandoned':
      onAbandoned(ctx, event.workItemId);
      break;
    case 'callWaitEnded':
      onCallWaitEnded(ctx, event);
      break;
    case 'connectTaskEnded':
      onConnectTaskEnded(ctx, event.workItemId);
      break;
    case 'transferRequested':
      onTransfer(ctx, event.workItemId, event.to);
      break;
    case 'agentUpserted':
      onAgentUpserted(ctx, event.agent);
      break;
    case 'agentStatusChanged':
      onStatusChanged(ctx, event.agentId, event.status, event.reason);
      break;
    case 'reassignTimerExpired':
      onReassignTimer(ctx, event.workItemId, event.agentId);
      break;
    case 'retryTimerExpired':
      onRetry(ctx, event.workItemId);
      break;
    case 'customerSeen':
      onSeen(ctx, event.workItemId);
      break;
    case 'customerLeft':
      onLeft(ctx, event.workItemId);
      break;
    case 'wrapUpExpired':
      onWrapUpExpired(ctx, event.agentId, event.until);
      break;
    case 'presenceTimerExpired':
      if (presenceGone(ctx, event.workItemId, event.why)) onAbandoned(ctx, event.workItemId);
      break;
    case 'hoursTimerExpired':
      onHoursTimer(ctx, event.queueId, event.at);
      break;
    case 'queueUpserted':
      onQueueUpserted(ctx, event.queue);
      break;
    case 'sweep':
      onSweep(ctx);
      break;
  }
  return ctx.decisions;
}
