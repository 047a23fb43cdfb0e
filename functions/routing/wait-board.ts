import { gunzipSync, gzipSync } from 'node:zlib';
import type { Channel } from '#core/model.ts';
import { newcomerKey, type WaitEstimate } from '#core/routing/index.ts';
import type { TableClient } from '#store/dynamo.ts';
import { RoutingBoards } from '#store/routing-boards.ts';
import { Throttle } from './throttle.ts';

/** One item's line: id, state, position, estimated seconds (null: nobody who could take it is in). */
type Line = [string, WaitEstimate['state'], number, number | null];

/** What a newcomer to a queue would be told, by `newcomerKey`: key, position, estimated seconds. */
type Next = [string, number, number | null];

/** Waiting customers' estimates tick down between refreshes, by the time since. */
const READ_CACHE_MS = 1_000;

/**
 * Every open item of a partition with its place in line and estimated wait, as one compressed
 * item that a waiting customer's `GET /chat/sessions/{id}/queue` (and the contact flow) reads.
 * Estimating walks the whole line, so the follower refreshes it at most once per `everyMs`.
 */
export class WaitBoard {
  private lastJson = '';
  private readonly throttle: Throttle;
  private cached:
    | { atMs: number; readMs: number; lines: Map<string, Line>; next: Map<string, Next> }
    | undefined;

  private readonly boards: RoutingBoards;

  constructor(
    table: TableClient,
    partition: string,
    everyMs = 1_000,
    private readonly clock: () => number = Date.now,
  ) {
    this.throttle = new Throttle(everyMs, clock);
    this.boards = new RoutingBoards(table, partition);
  }

  /**
   * `newcomers`, when given, is the "next in line" figure of every queue: what a customer not yet
   * queued (a caller still in the contact flow) would be told.
   */
  changed(
    estimates: (now: number) => Map<string, WaitEstimate>,
    newcomers?: (now: number) => Map<string, WaitEstimate>,
  ): Promise<void> {
    return this.throttle.run((now) => this.write(estimates(now), newcomers?.(now), now));
  }

  private async write(
    estimates: Map<string, WaitEstimate>,
    newcomers: Map<string, WaitEstimate> | undefined,
    now: number,
  ): Promise<void> {
    const lines: Line[] = [...estimates].map(([id, e]) => [id, e.state, e.position, seconds(e)]);
    const next: Next[] = [...(newcomers ?? [])].map(([key, e]) => [key, e.position, seconds(e)]);
    const json = JSON.stringify(lines);
    const nextJson = JSON.stringify(next);
    if (json + nextJson === this.lastJson) return;
    this.lastJson = json + nextJson;
    await this.boards.put('routingWaits', { atMs: now, lines: gzipSync(json), next: gzipSync(nextJson) });
  }

  /** The item's estimate as of now; undefined when the partition has no such open item. */
  async read(workItemId: string): Promise<WaitEstimate | undefined> {
    const board = await this.board();
    const line = board.lines.get(workItemId);
    if (!line) return undefined;
    const [, state, position, estimated] = line;
    return { state, position, estimatedWaitSeconds: this.tickedDown(board.atMs, estimated) };
  }

  /**
   * What a customer joining the queue on the channel now would be told; undefined when the board
   * has no figure for the queue (not routed here, or not yet written).
   */
  async readNewcomer(queueId: string, channel: Channel): Promise<WaitEstimate | undefined> {
    const board = await this.board();
    const next = board.next.get(newcomerKey(queueId, channel));
    if (!next) return undefined;
    const [, position, estimated] = next;
    // A newcomer's estimate does not tick down: the figure is for whoever arrives now.
    return { state: 'waiting', position, estimatedWaitSeconds: estimated ?? undefined };
  }

  private async board() {
    const now = this.clock();
    if (!this.cached || now - this.cached.readMs > READ_CACHE_MS) this.cached = await this.load(now);
    return this.cached;
  }

  private tickedDown(atMs: number, estimated: number | null): number | undefined {
    const since = (this.clock() - atMs) / 1000;
    return estimated === null ? undefined : Math.max(0, Math.round(estimated - since));
  }

  private async load(now: number) {
    const item = await this.boards.get('routingWaits');
    const raw = item?.lines as Uint8Array | undefined;
    const lines: Line[] = raw ? JSON.parse(gunzipSync(raw).toString('utf8')) : [];
    const rawNext = item?.next as Uint8Array | undefined;
    const next: Next[] = rawNext ? JSON.parse(gunzipSync(rawNext).toString('utf8')) : [];
    return {
      atMs: Number(item?.atMs ?? now),
      readMs: now,
      lines: new Map(lines.map((line) => [line[0], line])),
      next: new Map(next.map((line) => [line[0], line])),
    };
  }
}

function seconds(estimate: WaitEstimate): number | null {
  return estimate.estimatedWaitSeconds === undefined ? null : Math.round(estimate.estimatedWaitSeconds);
}
