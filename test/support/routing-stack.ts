import { randomUUID } from 'node:crypto';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { WorkItem } from '#core/model.ts';
import type { RoutingConfigInput } from '#core/routing/index.ts';
import type { SendingDeps } from '#deps/app.ts';
import { localSqsConfig } from '#local/emulators.ts';
import { ensureQueueWithDlq } from '#local/provision.ts';
import type { RoutingSettings } from '#routing/config.ts';
import { type RoutingDeps, type RoutingOptions, withRouting } from '#routing/deps.ts';
import { PartitionMap } from '#routing/partitions.ts';
import { createTestStack, sqsEndpoint } from './local-aws.ts';

export interface RoutingTestStack extends RoutingDeps, SendingDeps {
  eventsQueueUrl: string;
  eventsDeadLetterQueueUrl: string;
  timerQueueUrl: string;
  /** Where the routing state is kept in the table. */
  routingPartition: string;
}

/**
 * A test stack with the routing FIFO queue and timer queue, and the routing service on top;
 * `settings` adds to the routing settings (e.g. where Connect handoffs go). Effects are applied
 * as each entry is recorded unless `options` says they come from the stream; `clock` sets the
 * time every part of it reads (the real time by default).
 */
export async function createRoutingTestStack(
  engine: RoutingConfigInput = {},
  settings: Partial<Pick<RoutingSettings, 'connectHandoff' | 'partitions'>> = {},
  options: RoutingOptions = { effects: 'inline' },
  clock?: () => number,
): Promise<RoutingTestStack> {
  const stack = await createTestStack();
  const base = clock ? { ...stack, clock: { now: () => new Date(clock()) } } : stack;
  const sqs = new SQSClient(localSqsConfig(sqsEndpoint()));
  const suffix = randomUUID().slice(0, 8);
  const events = await ensureQueueWithDlq(sqs, `routing-${suffix}`, {
    maxReceiveCount: 5,
    visibilityTimeoutSeconds: 5,
    fifo: true,
  });
  const timers = await ensureQueueWithDlq(sqs, `routing-timers-${suffix}`, {
    maxReceiveCount: 5,
    visibilityTimeoutSeconds: 5,
  });
  sqs.destroy();
  const routingPartition = settings.partitions?.home ?? `test-${suffix}`;
  const deps = withRouting(
    base,
    {
      eventsQueueUrl: events.queueUrl,
      timerQueueUrl: timers.queueUrl,
      deadLetterQueueUrl: events.deadLetterQueueUrl,
      partitions: new PartitionMap(routingPartition),
      engine,
      ...settings,
    },
    options,
  );
  return {
    ...deps,
    eventsQueueUrl: events.queueUrl,
    eventsDeadLetterQueueUrl: events.deadLetterQueueUrl,
    timerQueueUrl: timers.queueUrl,
    routingPartition,
  };
}

/** Has `agentId` (available, with room for one chat) take `item` from the general queue. */
export async function assignToAgent(stack: RoutingTestStack, item: WorkItem, agentId: string): Promise<void> {
  await stack.routing.dispatch([
    {
      type: 'queueUpserted',
      queue: { queueId: 'general', name: 'General', steps: [{}], serviceLevel: { seconds: 60, target: 0.8 } },
    },
    {
      type: 'agentUpserted',
      agent: { agentId, name: agentId, skills: {}, capacity: { chat: 1 }, status: 'available', load: {} },
    },
    { type: 'itemEnqueued', item },
  ]);
  const [offer] = await stack.routing.read((state) => [...state.offers.values()].map((o) => o.offer));
  await stack.routing.dispatch([{ type: 'offerAccepted', offerId: offer?.offerId as string }]);
}
