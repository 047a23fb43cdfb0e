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
  /** Who last finished work for each customer, for stickiness, oldest first for pruning. */
  private readonly lastAgents = new Map<string, { agentId: string; atMs: number }>();
  private readonly lastAgentLog: Array<{ customerId: string; atMs: number }> = [];
  private lastAgentLogStart = 0;
  readonly requirements = new RequirementRegistry();
  readonly exclusiveMask: number;

  constructor(readonly config: RoutingConfig) {
    this.exclusiveMask = groupMask(config.exclusiveGroups);
  }

  /**
   * Remembers the agent who just served a customer, and forgets anyone served longer ago than
   * the sticky window, so a long-running router (or simulation) does not keep every customer.
   */
  rememberAgent(customerId: string, agentId: string, now: number): void {
    this.lastAgents.set(customerId, { agentId, atMs: now });
    this.lastAgentLog.push({ customerId, atMs: now });
    const horizon = now - this.config.stickySeconds * 1000;
    for (let entry = this.lastAgentLog[this.lastAgentLogStart]; entry && entry.atMs < horizon; ) {
      if (this.lastAgents.get(entry.customerId)?.atMs === entry.atMs)
        this.lastAgents.delete(entry.customerId);
      entry = this.lastAgentLog[++this.lastAgentLogStart];
    }
    if (this.lastAgentLogStart > 1024 && this.lastAgentLogStart * 2 > this.lastAgentLog.length) {
      this.lastAgentLog.splice(0, this.lastAgentLogStart);
      this.lastAgentLogStart = 0;
    }
  }

  lastAgentOf(customerId: string): { agentId: string; atMs: number } | undefined {
    return this.lastAgents.get(customerId);
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
