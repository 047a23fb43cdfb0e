import type { QueueStats } from '#core/routing/index.ts';
import { recordBacklog } from '#shared/business-metrics.ts';
import type { TableClient } from '#store/dynamo.ts';
import { RoutingBoards } from '#store/routing-boards.ts';
import { Throttle } from './throttle.ts';

interface Board {
  queues: QueueStats[];
  /** When the figures were taken: waits grow from here. */
  atMs: number;
}

/**
 * What each queue of a partition holds now, as one stored item that `GET /queues` reads. Counting
 * walks every item of the partition, so the engine's process refreshes the board at most once
 * per `everyMs` (the figures lag by that much while events flow), and once more when a burst ends.
 */
export class QueueBoard {
  private lastJson = '';
  private readonly throttle: Throttle;
  private readonly boards: RoutingBoards;

  constructor(table: TableClient, partition: string, everyMs = 1_000, clock: () => number = Date.now) {
    this.throttle = new Throttle(everyMs, clock);
    this.boards = new RoutingBoards(table, partition);
  }

  /** The state changed: refresh now if the last refresh is old enough, else soon. */
  changed(figures: (now: number) => QueueStats[]): Promise<void> {
    return this.throttle.run((now) => this.write(figures, now));
  }

  private async write(figures: (now: number) => QueueStats[], now: number): Promise<void> {
    const queues = figures(now);
    // Unchanged when the counts and the oldest waiting customer are: only the wait has grown.
    const json = JSON.stringify(
      queues.map(({ oldestWaitSeconds, ...counts }) => ({
        ...counts,
        since: counts.waiting ? Math.round(now - oldestWaitSeconds * 1000) : 0,
      })),
    );
    if (json === this.lastJson) return;
    this.lastJson = json;
    const board: Board = { queues, atMs: now };
    await this.boards.put('routingQueues', { ...board });
    for (const queue of queues)
      recordBacklog(queue.queueId, queue.waiting + queue.offered, queue.oldestWaitSeconds);
  }

  async read(now: number): Promise<QueueStats[]> {
    const item = await this.boards.get('routingQueues');
    if (!item) return [];
    const { queues, atMs } = item as unknown as Board;
    const grown = Math.max(0, (now - atMs) / 1000);
    return queues.map((queue) => ({
      ...queue,
      oldestWaitSeconds: queue.waiting > 0 ? queue.oldestWaitSeconds + grown : 0,
    }));
  }
}
