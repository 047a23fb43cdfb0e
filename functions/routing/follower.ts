import {
  estimateNewcomers,
  estimateWaits,
  queueStats,
  type RoutingConfigInput,
  viewItem,
} from '#core/routing/index.ts';
import { logger } from '#shared/observability.ts';
import type { AppliedMarks, LogEntry, RoutingLog } from '#store/routing-log.ts';
import type { EntryEffects } from './effects.ts';
import { answersFor, outcomeOf } from './outcome.ts';
import type { QueueBoard } from './queue-board.ts';
import { Exclusive } from './service.ts';
import { LearnedServiceTimes } from './service-times.ts';
import type { WaitBoard } from './wait-board.ts';
import { replay, restoreWarm, type Warm, writeSnapshot } from './warm-state.ts';

/** When a snapshot is due: after enough events for its cost to be small per event, or daily. */
export interface SnapshotPolicy {
  /** Never more often than this many events. */
  minEvents: number;
  /** One event per this many bytes of the last snapshot: bigger floors snapshot less often. */
  bytesPerEvent: number;
  /** At least this often while anything happens, so the log's tail never outlives its TTL. */
  maxAgeMs: number;
}

export const DEFAULT_SNAPSHOT_POLICY: SnapshotPolicy = {
  minEvents: 500,
  bytesPerEvent: 500,
  maxAgeMs: 86_400_000,
};

export interface FollowerParts {
  log: RoutingLog;
  effects: Pick<EntryEffects, 'apply'>;
  applied: AppliedMarks;
  /** The queue figures `GET /queues` reads, refreshed as the state changes. */
  board?: QueueBoard | undefined;
  /** Each open item's place in line and estimated wait, for the customers waiting. */
  waits?: WaitBoard | undefined;
  config?: RoutingConfigInput | undefined;
  clock?: (() => number) | undefined;
  snapshots?: SnapshotPolicy | undefined;
}

/**
 * The outbox of one routing partition. It follows the log in order on an engine of its own,
 * which decides every entry exactly as its writer did (the engine is deterministic given events
 * and times), and carries the decisions out: work items, agents, service-level counts, timers,
 * Connect hand-offs and the queue board. It is the one that snapshots the partition, so a
 * snapshot never runs ahead of what has been carried out, and it marks how far it got.
 *
 * Starting cold, it applies every entry after the applied mark again: harmless for what was
 * applied (every write is guarded by the entry's version), and what saves an entry whose
 * writer or follower died halfway.
 */
export class RoutingFollower {
  private warm: Warm | undefined;
  private readonly exclusive = new Exclusive();
  private pendingSnapshot: Promise<unknown> = Promise.resolve();
  private snapshotting = false;
  private readonly times = new LearnedServiceTimes((id) =>
    this.warm ? viewItem(this.warm.state, id)?.queueId : undefined,
  );

  constructor(private readonly parts: FollowerParts) {}

  get partition(): string {
    return this.parts.log.partition;
  }

  /**
   * Carries out `entries` (the stream's, in order). Entries already followed are skipped; a gap
   * (a record not delivered to this process) is filled from the log first.
   */
  follow(entries: readonly LogEntry[]): Promise<void> {
    return this.exclusive.run(async () => {
      const warm = await this.ready();
      for (const entry of entries) {
        if (entry.version <= warm.version) continue;
        if (entry.version > warm.version + 1) await this.catchUp(warm, entry.version - 1);
        await this.carryOut(warm, entry);
      }
      await this.afterwards(warm);
    });
  }

  /** Catches up with the whole log: at start, and where no stream brings the entries. */
  recover(): Promise<void> {
    return this.exclusive.run(async () => {
      const warm = await this.ready();
      await this.catchUp(warm, 999_999_999_999);
      await this.afterwards(warm);
    });
  }

  /** Writes a snapshot now and waits for it (benchmarks; tests). */
  snapshotNow(): Promise<void> {
    return this.exclusive.run(async () => {
      const warm = await this.ready();
      await this.pendingSnapshot;
      await writeSnapshot(this.parts.log, warm);
    });
  }

  /** Waits for a snapshot started in the background. */
  async settled(): Promise<void> {
    await this.exclusive.run(async () => undefined);
    await this.pendingSnapshot;
  }

  private async ready(): Promise<Warm> {
    if (this.warm) return this.warm;
    const { log, applied } = this.parts;
    const warm = await restoreWarm(log, this.parts.config ?? {}, this.clock);
    const mark = await applied.get(log.partition);
    // Up to the mark, the effects are known to be carried out: only the state needs them.
    for (const entry of await log.tail(warm.version)) {
      if (entry.version <= mark) replay(warm, entry);
      else await this.carryOut(warm, entry);
    }
    this.warm = warm;
    return warm;
  }

  private async catchUp(warm: Warm, untilVersion: number): Promise<void> {
    for (const entry of await this.parts.log.tail(warm.version, untilVersion))
      await this.carryOut(warm, entry);
  }

  private async carryOut(warm: Warm, entry: LogEntry): Promise<void> {
    const decisions = replay(warm, entry);
    this.times.observe(decisions.flat(), entry.at);
    const answers = answersFor(warm.state, decisions.flat(), entry.at);
    const outcome = outcomeOf(warm.state, entry.events, decisions, answers);
    await this.parts.effects.apply(this.partition, { ...entry, outcome });
  }

  private async afterwards(warm: Warm): Promise<void> {
    await this.parts.applied.mark(this.partition, warm.version);
    await this.parts.board?.changed((now) => queueStats(warm.state, now));
    await this.parts.waits?.changed(
      (now) => estimateWaits(warm.state, now, this.times),
      (now) => estimateNewcomers(warm.state, now, this.times),
    );
    this.maybeSnapshot(warm);
  }

  /**
   * Starts a snapshot in the background when one is due. A failed one only means a longer tail
   * to replay at the next cold start, so it is logged, and tried again after the next entry.
   */
  private maybeSnapshot(warm: Warm): void {
    const policy = this.parts.snapshots ?? DEFAULT_SNAPSHOT_POLICY;
    const dueByCount = Math.max(policy.minEvents, warm.snapshotBytes / policy.bytesPerEvent);
    const dueByAge = warm.lastAt - warm.snapshotAt >= policy.maxAgeMs;
    if (this.snapshotting || warm.sinceSnapshot === 0 || (warm.sinceSnapshot < dueByCount && !dueByAge))
      return;
    this.snapshotting = true;
    this.pendingSnapshot = writeSnapshot(this.parts.log, warm)
      .catch((error: unknown) => logger.warn('routing snapshot failed', { error: (error as Error).message }))
      .finally(() => {
        this.snapshotting = false;
      });
  }

  private readonly clock = () => (this.parts.clock ?? Date.now)();
}
