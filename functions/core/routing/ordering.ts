import type { RoutingConfig } from './config.ts';
import type { AgentNode, ItemRecord } from './records.ts';

/**
 * Item order: priority, then aging, then time left before the service-level breach (items
 * that already missed it last, see `lateAt`), then oldest. Aging adds one level per `agingSeconds` on a clock grid shared by all items, so
 * `effective priority = priority + ⌊now/A⌋ − ⌊enqueued/A⌋` and comparing two items never
 * depends on `now`: the order is fixed while items wait, and a heap can keep it.
 */
export function rankOf(config: RoutingConfig, priority: number, enqueuedMs: number): number {
  if (config.itemOrder === 'fifo') return 0;
  return Math.floor(enqueuedMs / (config.agingSeconds * 1000)) - priority;
}

/** The moment the channel's service-level target is breached; FIFO ignores it. */
export function deadlineOf(config: RoutingConfig, enqueuedMs: number, serviceLevelSeconds: number): number {
  return config.itemOrder === 'fifo' ? 0 : enqueuedMs + serviceLevelSeconds * 1000;
}

/** Whether lines keep items that missed their target behind those that can still meet it. */
export function tracksLateness(config: RoutingConfig): boolean {
  return config.missedTargetYields && config.itemOrder !== 'fifo';
}

/** An item's lateness as an ordering key: 1 once its deadline has passed (see pool.ts). */
export function lateAt(config: RoutingConfig, item: ItemRecord, now: number): number {
  return tracksLateness(config) && item.deadline <= now ? 1 : 0;
}

export function itemBefore(a: ItemRecord, b: ItemRecord): boolean {
  if (a.rank !== b.rank) return a.rank < b.rank;
  if (a.late !== b.late) return a.late < b.late;
  if (a.deadline !== b.deadline) return a.deadline < b.deadline;
  if (a.enqueuedMs !== b.enqueuedMs) return a.enqueuedMs < b.enqueuedMs;
  return a.workItemId < b.workItemId;
}

/** `itemBefore` as a sort comparator: line order. */
export function lineOrder(a: ItemRecord, b: ItemRecord): number {
  if (a === b) return 0;
  return itemBefore(a, b) ? -1 : 1;
}

/**
 * The customer who has waited longest first, then by id: how an agent's held work is visited,
 * so no decision depends on the order a set was filled in (a restore fills it differently).
 * Ids compare by code unit, not locale, so every runtime sorts alike.
 */
export function longestWaitFirst(a: ItemRecord, b: ItemRecord): number {
  if (a.enqueuedMs !== b.enqueuedMs) return a.enqueuedMs - b.enqueuedMs;
  if (a.workItemId === b.workItemId) return 0;
  return a.workItemId < b.workItemId ? -1 : 1;
}

export function effectivePriority(config: RoutingConfig, item: ItemRecord, now: number): number {
  if (config.itemOrder === 'fifo') return item.priority;
  const agingMs = config.agingSeconds * 1000;
  return item.priority + Math.floor(now / agingMs) - Math.floor(item.enqueuedMs / agingMs);
}

/** Agent order within a pool: best proficiency, then longest idle, then id for determinism. */
export function agentBefore(a: AgentNode, b: AgentNode): boolean {
  if (a.score !== b.score) return a.score > b.score;
  if (a.idle !== b.idle) return a.idle < b.idle;
  return a.agent.agentId < b.agent.agentId;
}
