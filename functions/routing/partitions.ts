import * as z from 'zod';
import { ConfigError } from '#shared/env.ts';

const NameSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, - and _, at most 64');

/**
 * How a floor is split: each routing partition is a set of queues and the agents who serve
 * them, decided by its own log, so partitions route side by side without sharing a key.
 * Queues and agents not listed belong to the home partition.
 */
export const PartitionLayoutSchema = z.record(
  NameSchema,
  z.strictObject({
    queues: z.array(z.string().min(1)).default([]),
    agents: z.array(z.string().min(1)).default([]),
  }),
);
export type PartitionLayout = z.infer<typeof PartitionLayoutSchema>;

export class PartitionMap {
  private readonly queues = new Map<string, string>();
  private readonly agents = new Map<string, string>();

  constructor(
    readonly home: string,
    layout: PartitionLayout = {},
  ) {
    for (const [partition, { queues, agents }] of Object.entries(layout)) {
      for (const queueId of queues) claim(this.queues, queueId, partition, 'queue');
      for (const agentId of agents) claim(this.agents, agentId, partition, 'agent');
    }
  }

  ofQueue(queueId: string): string {
    return this.queues.get(queueId) ?? this.home;
  }

  ofAgent(agentId: string): string {
    return this.agents.get(agentId) ?? this.home;
  }

  /** Every partition, the home one first. */
  all(): string[] {
    return [...new Set([this.home, ...this.queues.values(), ...this.agents.values()])];
  }
}

function claim(owners: Map<string, string>, id: string, partition: string, kind: string): void {
  const owner = owners.get(id);
  if (owner && owner !== partition) {
    throw new ConfigError(`ONETHREAD_ROUTING_PARTITIONS: ${kind} ${id} is in both ${owner} and ${partition}`);
  }
  owners.set(id, partition);
}

/** The layout as the environment gives it (JSON), checked. */
export function parsePartitionLayout(json: string | undefined): PartitionLayout {
  if (!json) return {};
  try {
    return PartitionLayoutSchema.parse(JSON.parse(json));
  } catch (error) {
    throw new ConfigError(`ONETHREAD_ROUTING_PARTITIONS is not valid (${(error as Error).message})`);
  }
}
