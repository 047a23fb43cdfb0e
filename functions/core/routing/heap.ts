/** Anything kept in an indexed heap remembers where it sits, so removal is O(log n), not a search. */
export interface HeapNode {
  heapIndex: number;
}

/**
 * A binary min-heap (by `before`) whose nodes know their own position. Waiting items and
 * available agents live in these, so the best candidate is a peek and any node can leave in
 * O(log n) when it is offered, relaxed to another step or goes away.
 */
export class IndexedHeap<T extends HeapNode> {
  private readonly nodes: T[] = [];

  constructor(private readonly before: (a: T, b: T) => boolean) {}

  get size(): number {
    return this.nodes.length;
  }

  peek(): T | undefined {
    return this.nodes[0];
  }

  has(node: T): boolean {
    return this.nodes[node.heapIndex] === node;
  }

  push(node: T): void {
    node.heapIndex = this.nodes.length;
    this.nodes.push(node);
    this.siftUp(node.heapIndex);
  }

  remove(node: T): void {
    if (!this.has(node)) return;
    const index = node.heapIndex;
    const last = this.nodes.pop() as T;
    node.heapIndex = -1;
    if (last === node) return;
    this.place(last, index);
    this.siftUp(index);
    this.siftDown(last.heapIndex);
  }

  /**
   * The best `count` nodes in order, without disturbing the heap: a frontier walk from the
   * root, so the cost depends on `count`, not on the heap's size.
   */
  best(count: number): T[] {
    const result: T[] = [];
    const frontier: number[] = this.nodes.length > 0 ? [0] : [];
    while (result.length < count && frontier.length > 0) {
      let pick = 0;
      for (let i = 1; i < frontier.length; i++) {
        if (this.before(this.at(frontier[i] as number), this.at(frontier[pick] as number))) pick = i;
      }
      const index = frontier[pick] as number;
      frontier.splice(pick, 1);
      result.push(this.at(index));
      for (const child of [2 * index + 1, 2 * index + 2]) {
        if (child < this.nodes.length) frontier.push(child);
      }
    }
    return result;
  }

  values(): readonly T[] {
    return this.nodes;
  }

  private at(index: number): T {
    return this.nodes[index] as T;
  }

  private place(node: T, index: number): void {
    this.nodes[index] = node;
    node.heapIndex = index;
  }

  private siftUp(start: number): void {
    const node = this.at(start);
    let index = start;
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = this.at(parentIndex);
      if (!this.before(node, parent)) break;
      this.place(parent, index);
      index = parentIndex;
    }
    this.place(node, index);
  }

  private siftDown(start: number): void {
    const node = this.at(start);
    const length = this.nodes.length;
    let index = start;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= length) break;
      const right = left + 1;
      const child = right < length && this.before(this.at(right), this.at(left)) ? right : left;
      if (!this.before(this.at(child), node)) break;
      this.place(this.at(child), index);
      index = child;
    }
    this.place(node, index);
  }
}
