import { groupMask } from './capacity.ts';
import type { RoutingConfig } from './config.ts';
import type { AgentRecord, CompiledQueue, ItemRecord, OfferRecord } from './records.ts';
import { RequirementRegistry } from './requirements.ts';

/**
 * Everything one routing partition knows, indexed for matching. Treat it as opaque outside
 * the engine: build it with `createRoutingState`, change it only through `route`, read it
 * through the views. `route` updates it in place (copying 100,000 items per event would cost
 * more than the decision itself); take a `snapshot` when the old state must be kept.
 */
export class RoutingState {
  readonly queues = new Map<string, CompiledQueue>();
  readonly items = new Map<string, ItemRecord>();
  readonly agents = new Map<string, AgentRecord>();
  readonly offers = new Map<string, OfferRecord>();
  /** The open item of each conversation: one work item per customer issue. */
  readonly openByConversation = new Map<string, ItemRecord>();
  /** Items per queue in any state, for queue statistics and policy changes. */
  readonly queueMembers = new Map<string, Set<ItemRecord>>();
  /** Who last finished work for each customer, for stickiness. */
  readonly lastAgentByCustomer = new Map<string, { agentId: string; atMs: number }>();
  readonly requirements = new RequirementRegistry();
  readonly exclusiveMask: number;

  constructor(readonly config: RoutingConfig) {
    this.exclusiveMask = groupMask(config.exclusiveGroups);
  }

  membersOf(queueId: string): Set<ItemRecord> {
    let members = this.queueMembers.get(queueId);
    if (!members) {
      members = new Set();
      this.queueMembers.set(queueId, members);
    }
    return members;
  }
}
