import { gunzipSync, gzipSync } from 'node:zlib';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { WaitEstimate } from '#core/routing/index.ts';
import type { TableClient } from '#store/dynamo.ts';
import { keys } from '#store/table.ts';
import { Throttle } from './throttle.ts';

/** One item's line: id, state, position, estimated seconds (null: nobody who could take it is in). */
type Line = [string, WaitEstimate['state'], number, number | null];

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
  private cached: { atMs: number; readMs: number; lines: Map<string, Line> } | undefined;

  constructor(
    private readonly table: TableClient,
    private readonly partition: string,
    everyMs = 1_000,
    private readonly clock: () => number = Date.now,
  ) {
    this.throttle = new Throttle(everyMs, clock);
  }

  changed(estimates: (now: number) => Map<string, WaitEstimate>): Promise<void> {
    return this.throttle.run((now) => this.write(estimates(now), now));
  }

  private async write(estimates: Map<string, WaitEstimate>, now: number): Promise<void> {
    const lines: Line[] = [...estimates].map(([id, e]) => [
      id,
      e.state,
      e.position,
      e.estimatedWaitSeconds === undefined ? null : Math.round(e.estimatedWaitSeconds),
    ]);
    const json = JSON.stringify(lines);
    if (json === this.lastJson) return;
    this.lastJson = json;
    await this.table.doc.send(
      new PutCommand({
        TableName: this.table.tableName,
        Item: { ...this.key(), entity: 'routingWaits', atMs: now, lines: gzipSync(json) },
      }),
    );
  }

  /** The item's estimate as of now; undefined when the partition has no such open item. */
  async read(workItemId: string): Promise<WaitEstimate | undefined> {
    const now = this.clock();
    if (!this.cached || now - this.cached.readMs > READ_CACHE_MS) this.cached = await this.load(now);
    const line = this.cached.lines.get(workItemId);
    if (!line) return undefined;
    const [, state, position, seconds] = line;
    const since = (now - this.cached.atMs) / 1000;
    const estimatedWaitSeconds = seconds === null ? undefined : Math.max(0, Math.round(seconds - since));
    return { state, position, estimatedWaitSeconds };
  }

  private async load(now: number) {
    const { Item } = await this.table.doc.send(
      new GetCommand({ TableName: this.table.tableName, Key: this.key() }),
    );
    const raw = Item?.lines as Uint8Array | undefined;
    const lines: Line[] = raw ? JSON.parse(gunzipSync(raw).toString('utf8')) : [];
    return {
      atMs: Number(Item?.atMs ?? now),
      readMs: now,
      lines: new Map(lines.map((line) => [line[0], line])),
    };
  }

  private key() {
    return keys.routingWaits(this.partition);
  }
}
