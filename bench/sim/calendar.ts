import { IndexedHeap } from '#core/routing/heap.ts';

interface Entry<T> {
  at: number;
  seq: number;
  payload: T;
  heapIndex: number;
}

/** The simulation's future: events by time, ties broken by the order they were scheduled. */
export class Calendar<T> {
  private readonly heap = new IndexedHeap<Entry<T>>(
    (a, b) => a.at < b.at || (a.at === b.at && a.seq < b.seq),
  );
  private seq = 0;

  schedule(at: number, payload: T): void {
    this.heap.push({ at, seq: this.seq++, payload, heapIndex: -1 });
  }

  /** The next event at or before `until`, removed from the calendar. */
  next(until: number): { at: number; payload: T } | undefined {
    const head = this.heap.peek();
    if (!head || head.at > until) return undefined;
    this.heap.remove(head);
    return head;
  }
}
