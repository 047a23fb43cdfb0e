import type { AgentStatus, Channel, Skills } from '../model.ts';
import type { HeapNode, IndexedHeap } from './heap.ts';
import type { Offer } from './offer.ts';
import type { ItemPool } from './pool.ts';
import type { Queue } from './queue.ts';

/**
 * The engine's working records: mutable, with times as epoch milliseconds and capacity as
 * arrays by group, because they sit on the hot path. Outside the engine they are seen only as
 * snapshots (`RoutingItem`, `Agent`, `Offer`).
 */

/** A set of skill demands shared by every queue step that asks for exactly the same thing. */
export interface Requirement {
  readonly id: number;
  readonly key: string;
  readonly skills: Skills;
  readonly entries: ReadonlyArray<readonly [string, number]>;
  /** Waiting items whose current step is this requirement, one heap per capacity group. */
  readonly itemPools: Array<ItemPool | undefined>;
  /** Available agents who meet it and have free capacity, one heap per capacity group. */
  readonly agentPools: Array<IndexedHeap<AgentNode> | undefined>;
}

export interface ItemRecord extends HeapNode {
  readonly workItemId: string;
  readonly conversationId: string;
  readonly customerId: string;
  readonly channel: Channel;
  readonly group: number;
  readonly priority: number;
  readonly enqueuedMs: number;
  /** The conversation's language (ISO 639-1), which steps may demand agents speak. */
  readonly language: string | undefined;
  queueId: string;
  queueEnteredMs: number;
  step: number;
  state: 'queued' | 'offered' | 'assigned' | 'connect';
  agentId: string | undefined;
  offerId: string | undefined;
  targetAgentId: string | undefined;
  previousAgent: { agentId: string; atMs: number } | undefined;
  /** When the customer was last known to be there (a chat visitor's widget reports in). */
  seenMs: number;
  /** When the customer's page went away, unless seen since: they are gone after a grace period. */
  leftMs: number | undefined;
  /** Ordering keys for the item's queue, set whenever it starts to wait there (see ordering.ts). */
  rank: number;
  /** 1 once the item can no longer meet its service-level target (see ordering.ts). */
  late: number;
  deadline: number;
  /** The heap the item waits in, if queued. */
  pool: ItemPool | undefined;
}

export interface AgentRecord {
  readonly agentId: string;
  name: string;
  /** What matching goes by: the given skills, with the agent language where they name none. */
  skills: Skills;
  /** The skills as the agent's definition gives them: what views and snapshots show. */
  givenSkills: Skills;
  capacity: number[];
  load: number[];
  status: AgentStatus;
  /** Why an away agent is away. */
  statusReason: string | undefined;
  /** When the status was last set; 0 when never seen set. */
  statusSinceMs: number;
  /** In after-contact work until then (offered nothing); 0 when not. */
  wrapUpUntilMs: number;
  idleSinceMs: number;
  missedOffers: number;
  /** Requirements this agent meets; recomputed when skills or queues change. */
  eligible: Requirement[];
  /** This agent's entries in the agent pools, and the state they were indexed with. */
  nodes: AgentNode[];
  indexedMask: number;
  indexedIdle: number;
  offers: Set<string>;
  work: Set<string>;
  /** Items transferred to this agent by name, waiting for them. */
  direct: ItemPool | undefined;
}

/** An agent's place in one pool; the score is their proficiency for that requirement. */
export interface AgentNode extends HeapNode {
  readonly agent: AgentRecord;
  readonly score: number;
  readonly idle: number;
  readonly pool: IndexedHeap<AgentNode>;
  readonly group: number;
}

export interface OfferRecord {
  readonly offer: Offer;
  readonly expiresMs: number;
}

/** A queue with its step boundaries and requirements resolved once. */
export interface CompiledQueue {
  readonly queue: Queue;
  readonly ends: number[];
  readonly requirements: Requirement[];
  /** Per step, the level of the item's language it adds (0: none). */
  readonly languageLevels: number[];
  /** Per language, each step's requirement with that language added; filled as languages arrive. */
  readonly byLanguage: Map<string, Requirement[]>;
}
