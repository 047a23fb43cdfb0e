import { groupMask } from './capacity.ts';
import type { RoutingConfig } from './config.ts';
import type { AgentRecord, CompiledQueue, ItemRecord, OfferRecord } from './records.ts';
import { RequirementRegistry } from './requirements.ts';

/** Who finished work for a customer, and when: what sticky routing goes by. */
export interface LastAgent {
  readonly customerId: string;
  readonly agentId: string;
  readonly atMs: number;
}

/** A queue's opening status as the engine last found it. */
export interface QueueHours {
  open: boolean;
  /** When it next opens or closes (ms since epoch); infinite if never. */
  until: number;
}

/**
 * Everything one routing partition knows, indexed for matching. Treat it as opaque outside
 * the engine: build it with `createRoutingState`, change it only through `route`, read it
 * through the views. `route` updates it in place (copying 100,000 items per event would cost
 * more than the decision itself); take a `snapshot` when the old state must be kept.
 *
 * Decisions depend on the order `items`, `agents` and `offers` were filled in (a sweep visits
 * them in turn), and a snapshot keeps it; they depend on no other set's or heap's order.
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
  /**
   * Who last finished work for each customer, for stickiness, and every such service in the
   * order it happened, for pruning. The map holds the latest entry of the log per customer, so
   * the log's unpruned tail alone is enough to store and restore both.
   */
  private readonly lastAgents = new Map<string, LastAgent>();
  private readonly lastAgentLog: LastAgent[] = [];
  private lastAgentLogStart = 0;
  /**
   * Queues with opening hours: whether each was open when last looked at, and until when that
   * holds (see hours.ts). A queue not listed is open.
   */
  readonly hours = new Map<string, QueueHours>();
  /** The earliest `until` above: before it no queue opens or closes. */
  nextHoursChange = Number.POSITIVE_INFINITY;
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
    this.remember({ customerId, agentId, atMs: now });
    this.forgetBefore(now - this.config.stickySeconds * 1000);
  }

  lastAgentOf(customerId: string): LastAgent | undefined {
    return this.lastAgents.get(customerId);
  }

  /** The services not yet pruned, oldest first: what a snapshot must keep. */
  rememberedAgents(): LastAgent[] {
    return this.lastAgentLog.slice(this.lastAgentLogStart);
  }

  /** Takes back what `rememberedAgents` gave, pruning nothing: the clock is the next event's. */
  restoreRemembered(entries: readonly LastAgent[]): void {
    for (const entry of entries) this.remember(entry);
  }

  membersOf(queueId: string): Set<ItemRecord> {
    let members = this.queueMembers.get(queueId);
    if (!members) {
      members = new Set();
      this.queueMembers.set(queueId, members);
    }
    return members;
  }

  private remember(entry: LastAgent): void {
    this.lastAgents.set(entry.customerId, entry);
    this.lastAgentLog.push(entry);
  }

  /**
   * Prunes the log from its oldest end. An entry is told from a later one for the same customer
   * by identity, not time: two services in one millisecond must not forget the second.
   */
  private forgetBefore(horizon: number): void {
    for (let entry = this.lastAgentLog[this.lastAgentLogStart]; entry && entry.atMs < horizon; ) {
      if (this.lastAgents.get(entry.customerId) === entry) this.lastAgents.delete(entry.customerId);
      entry = this.lastAgentLog[++this.lastAgentLogStart];
    }
    if (this.lastAgentLogStart > 1024 && this.lastAgentLogStart * 2 > this.lastAgentLog.length) {
      this.lastAgentLog.splice(0, this.lastAgentLogStart);
      this.lastAgentLogStart = 0;
    }
  }
}
