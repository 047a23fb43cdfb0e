import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IndexedHeap } from '#core/routing/heap.ts';

interface Node {
  value: number;
  heapIndex: number;
}

describe('indexed heap', () => {
  it('yields the same order as sorting, through any mix of pushes and removals', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.boolean())), (ops) => {
        const heap = new IndexedHeap<Node>((a, b) => a.value < b.value);
        const live: Node[] = [];
        for (const [value, removeOne] of ops) {
          if (removeOne && live.length > 0) {
            const victim = live.splice(value % live.length, 1)[0] as Node;
            heap.remove(victim);
          } else {
            const node = { value, heapIndex: -1 };
            heap.push(node);
            live.push(node);
          }
        }
        const expected = live.map((node) => node.value).sort((a, b) => a - b);
        expect(heap.best(live.length).map((node) => node.value)).toEqual(expected);
        expect(heap.peek()?.value).toBe(expected[0]);
      }),
    );
  });

  it('ignores removing a node that is not in it', () => {
    const heap = new IndexedHeap<Node>((a, b) => a.value < b.value);
    heap.push({ value: 1, heapIndex: -1 });
    heap.remove({ value: 1, heapIndex: 0 });
    expect(heap.size).toBe(1);
  });
});
