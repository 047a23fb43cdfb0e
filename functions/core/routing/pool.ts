import { IndexedHeap } from './heap.ts';
import { itemBefore } from './ordering.ts';
import type { ItemRecord } from './records.ts';

interface DeadlineNode {
  readonly item: ItemRecord;
  heapIndex: number;
}

/**
 * The waiting items of one line (a requirement and capacity group, or one agent's named
 * line), in item order. Items that can still meet their service-level target and items that
 * have missed it sit in two heaps, and a third, by deadline, moves each item across once, when
 * its deadline passes — so the order is always exact, and in steady state a decision moves a
 * handful of items at most.
 */
export class ItemPool {
  private readonly onTime = new IndexedHeap<ItemRecord>(itemBefore);
  private readonly late = new IndexedHeap<ItemRecord>(itemBefore);
  private readonly deadlines = new IndexedHeap<DeadlineNode>((a, b) => a.item.deadline < b.item.deadline);
  private readonly nodes = new Map<ItemRecord, DeadlineNode>();
  /**
   * The front item and the next deadline, kept on the pool itself: an agent reads the front of
   * some thirty lines per decision, and on a large floor each heap it touches is a cache miss.
   */
  private front: ItemRecord | undefined = undefined;
  private frontKnown = true;
  private nextDeadline = Number.POSITIVE_INFINITY;
  private count = 0;

  /** Without lateness (FIFO order, or missed targets not yielding) this is a single heap. */
  constructor(private readonly tracksLateness: boolean) {}

  get size(): number {
    return this.count;
  }

  push(item: ItemRecord, now: number): void {
    this.insert(item, item.deadline <= now);
  }

  /**
   * Puts back an item of a stored state as late as it was then. Deciding by the next event's
   * clock instead would differ after a clock that stepped back (two routers' clocks disagree).
   */
  restore(item: ItemRecord): void {
    this.insert(item, item.late === 1);
  }

  remove(item: ItemRecord): void {
    const inLate = this.late.has(item);
    if (!inLate && !this.onTime.has(item)) return;
    this.count -= 1;
    this.frontKnown = false;
    if (inLate) {
      this.late.remove(item);
      return;
    }
    this.onTime.remove(item);
    const node = this.nodes.get(item);
    if (!node) return;
    this.deadlines.remove(node);
    this.nodes.delete(item);
    this.nextDeadline = this.deadlines.peek()?.item.deadline ?? Number.POSITIVE_INFINITY;
  }

  /** The first item in line at `now`, passing over `exclude`. */
  head(now: number, exclude?: ItemRecord): ItemRecord | undefined {
    if (now >= this.nextDeadline) this.expire(now);
    if (!this.frontKnown) {
      this.front = this.better(this.onTime.peek(), this.late.peek());
      this.frontKnown = true;
    }
    const first = this.front;
    if (!first || first !== exclude) return first;
    this.remove(first);
    const next = this.head(now);
    this.push(first, now);
    return next;
  }

  values(): ItemRecord[] {
    return [...this.onTime.values(), ...this.late.values()];
  }

  /** Moves every item whose deadline has passed to the late heap. */
  expire(now: number): void {
    for (let node = this.deadlines.peek(); node && node.item.deadline <= now; node = this.deadlines.peek()) {
      this.deadlines.remove(node);
      this.nodes.delete(node.item);
      this.onTime.remove(node.item);
      node.item.late = 1;
      this.late.push(node.item);
      this.frontKnown = false;
    }
    this.nextDeadline = this.deadlines.peek()?.item.deadline ?? Number.POSITIVE_INFINITY;
  }

  private insert(item: ItemRecord, late: boolean): void {
    this.count += 1;
    this.frontKnown = false;
    if (this.tracksLateness && late) {
      item.late = 1;
      this.late.push(item);
      return;
    }
    item.late = 0;
    this.onTime.push(item);
    if (!this.tracksLateness) return;
    const node = { item, heapIndex: -1 };
    this.nodes.set(item, node);
    this.deadlines.push(node);
    this.nextDeadline = Math.min(this.nextDeadline, item.deadline);
  }

  private better(a: ItemRecord | undefined, b: ItemRecord | undefined): ItemRecord | undefined {
    if (!a) return b;
    if (!b) return a;
    return itemBefore(a, b) ? a : b;
  }
}
