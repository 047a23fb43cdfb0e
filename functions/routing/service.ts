import { ConflictError } from '#core/errors.ts';
import type { RoutingConfigInput, RoutingDecision, RoutingEvent, RoutingState } from '#core/routing/index.ts';
import type { LogEntry, RoutingLog } from '#store/routing-log.ts';
import { replay, restoreWarm, type Warm } from './warm-state.ts';

/** Gives up after this many versions found taken in a row: something is very wrong then. */
const MAX_ATTEMPTS = 200;

export class RoutingConflict extends ConflictError {
  constructor(partition: string) {
    super(`routing partition ${partition} kept changing under this writer`);
    this.name = 'RoutingConflict';
  }
}

/** Runs one operation at a time: a warm engine changes in place. */
export class Exclusive {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.tail.then(operation, operation);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

/**
 * The writer side of one routing partition: every function that takes routing events (the
 * router, the timers, the routing API) appends them to the partition's log and decides them on
 * its warm engine, to answer its caller. An event is appended before it is decided, so losing
 * the race for a version never leaves a decision half-made: the loser replays the winner's
 * entry and tries the next version. Carrying decisions out is the follower's (follower.ts).
 */
export class RoutingService {
  private warm: Warm | undefined;
  private readonly exclusive = new Exclusive();

  constructor(
    private readonly log: RoutingLog,
    private readonly config: RoutingConfigInput = {},
    private readonly clock: () => number = Date.now,
    /** Told of each entry this writer appended (tests follow the log this way, without a stream). */
    private readonly onAppended?: (entry: LogEntry) => Promise<void>,
  ) {}

  get partition(): string {
    return this.log.partition;
  }

  /**
   * Routes `events` as one entry of the log and returns what they decided, in order. When the
   * next version is taken, the writer reads the tail once to learn where the log ends. Racing on
   * (another writer appending as fast as it can), it claims the version after next: the other
   * is about to take the next one, and a writer that only ever asked for the next would lose
   * every race to it. A version passed over and left empty is filled with an empty entry
   * before this one is decided, so the log never has a hole.
   */
  dispatch(events: readonly RoutingEvent[]): Promise<RoutingDecision[]> {
    return this.exclusive.run(async () => {
      const warm = await this.ready();
      const at = Math.max(this.clock(), warm.lastAt);
      let version = warm.version + 1;
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        if (await this.log.append(version, at, events)) {
          await this.catchUpTo(warm, version - 1, at);
          const entry = { version, at, events: [...events] };
          const decisions = replay(warm, entry);
          await this.onAppended?.(entry);
          return decisions.flat();
        }
        if (attempt === 0) await this.catchUp(warm);
        version = attempt === 0 ? warm.version + 1 : version + 2;
      }
      throw new RoutingConflict(this.partition);
    });
  }

  /** The current state, caught up with the log, for a view (tests and the local seed). */
  read<T>(view: (state: RoutingState, now: number) => T): Promise<T> {
    return this.exclusive.run(async () => {
      const warm = await this.ready();
      await this.catchUp(warm);
      return view(warm.state, this.clock());
    });
  }

  private async ready(): Promise<Warm> {
    if (this.warm) return this.warm;
    const warm = await restoreWarm(this.log, this.config, this.clock);
    await this.catchUp(warm);
    this.warm = warm;
    return warm;
  }

  private async catchUp(warm: Warm, untilVersion?: number): Promise<void> {
    for (const entry of await this.log.tail(warm.version, untilVersion)) replay(warm, entry);
  }

  /** Replays every entry up to `version`, first filling any version still empty with an empty entry. */
  private async catchUpTo(warm: Warm, version: number, at: number): Promise<void> {
    while (warm.version < version) {
      const entries = await this.log.tail(warm.version, version);
      const missing = version - warm.version - entries.length;
      if (missing === 0) {
        for (const entry of entries) replay(warm, entry);
        return;
      }
      const taken = new Set(entries.map((entry) => entry.version));
      for (let empty = warm.version + 1; empty <= version; empty++) {
        if (!taken.has(empty)) await this.log.append(empty, at, []);
      }
    }
  }
}
