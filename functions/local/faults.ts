import type { IncomingMessage } from 'node:http';
import type { DynamoLocal } from './emulators.ts';
import type { Poller } from './sqs-poller.ts';

type LocalRoute = (request: IncomingMessage, body: Buffer) => Promise<{ status: number; body: unknown }>;

export interface FaultTargets {
  dynamo: DynamoLocal;
  /** DynamoDB Local keeps its data across a restart only in a data folder. */
  persistent: boolean;
  consumers: () => Poller[];
}

/**
 * Fault drills on the local platform (`npm run chaos` uses them): take DynamoDB Local down and
 * bring it back on the same endpoint, and restart every queue consumer, while traffic flows.
 */
export function faultRoutes(targets: FaultTargets): Record<string, LocalRoute> {
  const unless = (ready: boolean, act: () => Promise<unknown>, done: unknown) => async () => {
    if (!ready) {
      return {
        status: 409,
        body: { error: 'DynamoDB Local keeps no data across a restart: set ONETHREAD_DATA_DIR' },
      };
    }
    await act();
    return { status: 200, body: done };
  };
  return {
    'POST /local/faults/dynamodb/kill': unless(targets.persistent, () => targets.dynamo.kill(), {
      dynamodb: 'down',
    }),
    'POST /local/faults/dynamodb/restart': unless(targets.persistent, () => targets.dynamo.restart(), {
      dynamodb: 'up',
    }),
    'POST /local/faults/consumers/restart': async () => {
      const consumers = targets.consumers();
      await Promise.all(consumers.map((consumer) => consumer.restart()));
      return { status: 200, body: { restarted: consumers.length } };
    },
  };
}
