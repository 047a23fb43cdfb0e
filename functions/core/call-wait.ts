import type { Call } from './call-model.ts';
import { callDirection } from './calls.ts';

/**
 * How a caller's wait in a queue ended: an agent answered, or the caller hung up first. Only
 * inbound calls our flow lookup saw (so we know the OneThread queue they were for) that reached
 * a Connect queue have a wait; undefined until the reports settle it.
 */
export interface CallWait {
  queueId: string;
  outcome: 'answered' | 'abandoned';
  enqueuedAt: string;
  /** When the wait ended: the agent answered, or the call was disconnected. */
  endedAt: string;
}

/**
 * Disconnect reasons that mean the caller left (hung up, or the line dropped). A flow that
 * disconnects after taking a callback request, a transfer, or an expiry is no abandonment.
 */
const CALLER_LEFT = new Set(['CUSTOMER_DISCONNECT', 'TELECOM_PROBLEM']);

export function callWait(call: Call): CallWait | undefined {
  const { routingQueueId: queueId, enqueuedAt } = call;
  if (!queueId || !enqueuedAt || callDirection(call.initiationMethod) !== 'inbound') return undefined;
  if (call.connectedToAgentAt)
    return { queueId, outcome: 'answered', enqueuedAt, endedAt: call.connectedToAgentAt };
  if (call.state !== 'ended' && call.state !== 'completed') return undefined;
  // Older events carry no reason: a queued call that ended unanswered is then taken as left.
  if (call.disconnectReason && !CALLER_LEFT.has(call.disconnectReason)) return undefined;
  return { queueId, outcome: 'abandoned', enqueuedAt, endedAt: call.endedAt ?? enqueuedAt };
}
