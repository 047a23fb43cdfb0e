import {
  type AgentInterval,
  agentLines,
  dayOf,
  exportKey,
  INTERVAL_MS,
  intervalStart,
  type QueueInterval,
  queueLines,
} from '#core/intervals.ts';
import type { BlobStore } from '#core/ports.ts';
import type { IntervalsRepo } from './intervals-repo.ts';

/** Where the export says what it last wrote: outside the tables' folders, so no query reads it. */
export const EXPORT_MARKER_KEY = 'exports/intervals.json';

/** How long after midnight the previous day is written again, for agent time credited late. */
const PREVIOUS_DAY_MS = 2 * 3_600_000;

/** What one export wrote. */
export interface ExportMarker {
  exportedAt: string;
  /** The last closed interval written (its start). */
  through: string;
  days: string[];
  objects: number;
}

/**
 * Writes the closed 15-minute intervals to the reports bucket as JSON lines, one object per
 * interval and kind. Each run writes every closed interval of the day again (and the day before,
 * for the first two hours of a day): an interval's object is replaced by the same records, or by
 * more of them when an agent's time was credited after it closed. Then the marker says how far it
 * got. Repeating a run is harmless.
 */
export class IntervalExport {
  constructor(
    private readonly intervals: IntervalsRepo,
    private readonly blobs: BlobStore,
  ) {}

  async run(nowMs: number): Promise<ExportMarker> {
    const closedBefore = intervalStart(nowMs);
    const days = [dayOf(closedBefore - 1)];
    if (closedBefore - Date.parse(`${days[0]}T00:00:00Z`) < PREVIOUS_DAY_MS)
      days.unshift(dayOf(closedBefore - 1 - PREVIOUS_DAY_MS));
    let objects = 0;
    for (const day of days) objects += await this.exportDay(day, closedBefore);
    const marker: ExportMarker = {
      exportedAt: new Date(nowMs).toISOString(),
      through: new Date(closedBefore - INTERVAL_MS).toISOString(),
      days,
      objects,
    };
    await this.blobs.put(EXPORT_MARKER_KEY, Buffer.from(`${JSON.stringify(marker)}\n`), 'application/json');
    return marker;
  }

  /** Writes a day's intervals that closed before `until`: one query per kind. */
  private async exportDay(day: string, untilMs: number): Promise<number> {
    const from = `${day}T00:00:00.000Z`;
    const to = new Date(Math.min(untilMs, Date.parse(from) + 86_400_000)).toISOString();
    const [queues, agents] = await Promise.all([
      this.intervals.queues(day, from, to),
      this.intervals.agents(day, from, to),
    ]);
    const writes = [
      ...[...byStart(queues)].map(([start, records]) =>
        this.write(exportKey('queues', start), queueLines(records)),
      ),
      ...[...byStart(agents)].map(([start, records]) =>
        this.write(exportKey('agents', start), agentLines(records)),
      ),
    ];
    await Promise.all(writes);
    return writes.length;
  }

  private write(key: string, lines: string): Promise<string> {
    return this.blobs.put(key, Buffer.from(lines), 'application/x-ndjson');
  }
}

function byStart<T extends QueueInterval | AgentInterval>(records: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const record of records) groups.set(record.start, [...(groups.get(record.start) ?? []), record]);
  return groups;
}
