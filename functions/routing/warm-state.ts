import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import {
  createRoutingState,
  type RoutingConfigInput,
  type RoutingDecision,
  type RoutingState,
  route,
  snapshot,
} from '#core/routing/index.ts';
import { type LogEntry, type RoutingLog, unpack } from '#store/routing-log.ts';

const gzipAsync = promisify(gzip);

/** A partition's engine in memory, and how far along the log it is. */
export interface Warm {
  state: RoutingState;
  version: number;
  /** The time of the last entry: time on the log never runs backwards. */
  lastAt: number;
  /** Entries since the snapshot this process last read or wrote, and that snapshot. */
  sinceSnapshot: number;
  snapshotBytes: number;
  snapshotAt: number;
}

/**
 * A cold start: the latest snapshot, or for a partition stored as one item before the log
 * existed, that item, written as the log's first snapshot and then removed. The caller catches
 * up on the tail.
 */
export async function restoreWarm(
  log: RoutingLog,
  config: RoutingConfigInput,
  now: () => number,
): Promise<Warm> {
  for (;;) {
    const head = await log.head();
    if (!head) return upgradeOrStart(log, config, now);
    const stored = await log.readSnapshot(head);
    // A newer snapshot replaced this one while it was read: read the head again.
    if (!stored) continue;
    const state = createRoutingState({ config, ...unpack(stored) });
    return warmAt(state, head.version, head.at, stored.byteLength);
  }
}

async function upgradeOrStart(log: RoutingLog, config: RoutingConfigInput, now: () => number): Promise<Warm> {
  const legacy = await log.legacyState();
  if (!legacy) return warmAt(createRoutingState({ config }), 0, 0, 0);
  const state = createRoutingState({ config, ...unpack(legacy) });
  const warm = warmAt(state, 0, now(), 0);
  await writeSnapshot(log, warm);
  await log.removeLegacyState();
  return warm;
}

/** Routes an entry's events at the entry's own time: the same decisions in every process. */
export function replay(warm: Warm, entry: LogEntry): RoutingDecision[][] {
  const decisions = entry.events.map((event) => route(warm.state, event, entry.at));
  warm.version = entry.version;
  warm.lastAt = entry.at;
  warm.sinceSnapshot += 1;
  return decisions;
}

/**
 * Stores the state at its current version. It is serialised at once, so a snapshot is always
 * of one version, whatever the process does while the chunks are written.
 */
export function writeSnapshot(log: RoutingLog, warm: Warm): Promise<void> {
  const { version, lastAt } = warm;
  const json = JSON.stringify(snapshot(warm.state));
  warm.sinceSnapshot = 0;
  warm.snapshotAt = lastAt;
  return gzipAsync(json).then(async (gzipped) => {
    warm.snapshotBytes = gzipped.byteLength;
    await log.writeSnapshot(version, gzipped, lastAt);
  });
}

function warmAt(state: RoutingState, version: number, at: number, snapshotBytes: number): Warm {
  return { state, version, lastAt: at, sinceSnapshot: 0, snapshotBytes, snapshotAt: at };
}
