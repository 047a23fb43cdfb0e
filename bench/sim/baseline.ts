import type { Queue, RoutingConfigInput } from '#core/routing/index.ts';

/**
 * The baseline every policy is measured against: plain FIFO per skill. Each queue keeps only
 * its loosest step (the skill, at any level), nothing relaxes or overflows, the oldest item
 * goes first and the longest idle eligible agent takes it.
 */
export function fifoQueues(queues: Queue[]): Queue[] {
  return queues.map(({ overflowQueueId: _dropped, steps, ...queue }) => ({
    ...queue,
    steps: [{ skills: steps.at(-1)?.skills ?? {} }],
  }));
}

export const FIFO_CONFIG: RoutingConfigInput = { itemOrder: 'fifo', agentSelection: 'longest-idle' };
