import type { RoutingConfigInput, RoutingDecision, RoutingEvent, RoutingState } from '#core/routing/index.ts';
import type { LogEntry, RoutingLog } from './routing-log.ts';
import { replay, restoreWarm, type Warm } from './warm-state.ts';

/** Gives up after this many lost races for the next version: something is very wrong then. */
const MAX_ATTEMPTS = 50;

export class RoutingConflict extends Error {
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

  /** Routes `events` as one entry of the log and returns what they decided, in order. */
  dispatch(events: readonly RoutingEvent[]): Promise<RoutingDecision[]> {
    return this.exclusive.run(async () => {
      const warm = await this.ready();
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        const at = Math.max(this.clock(), warm.lastAt);
        const entry = { version: warm.version + 1, at, events: [...events] };
        if (await this.log.append(entry.version, at, events)) {
          const decisions = replay(warm, entry);
          await this.onAppended?.(entry);
          return decisions.flat();
        }
        await this.catchUp(warm);
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

  private async catchUp(warm: Warm): Promise<void> {
    for (const entry of await this.log.tail(warm.version)) replay(warm, entry);
  }
}
