import type { QueueReportRow } from './queue-report.ts';

/** Every queue and channel of one interval taken together. */
export interface IntervalTotal {
  start: Date;
  offered: number;
  answered: number;
  abandoned: number;
  /** Answered within target per answered, as for one queue; null with nothing answered. */
  serviceLevel: number | null;
}

/** The rows summed per interval, oldest first: what the charts draw. */
export function intervalTotals(rows: readonly QueueReportRow[]): IntervalTotal[] {
  const sums = new Map<number, IntervalTotal & { withinTarget: number }>();
  for (const row of rows) {
    const at = Date.parse(row.start);
    const sum = sums.get(at) ?? {
      start: new Date(at),
      offered: 0,
      answered: 0,
      abandoned: 0,
      serviceLevel: null,
      withinTarget: 0,
    };
    sum.offered += row.offered;
    sum.answered += row.answered;
    sum.abandoned += row.abandoned;
    sum.withinTarget += row.answeredWithinTarget;
    sums.set(at, sum);
  }
  return [...sums.values()]
    .sort((a, b) => a.start.getTime() - b.start.getTime())
    .map(({ withinTarget, ...sum }) => ({
      ...sum,
      serviceLevel: sum.answered > 0 ? withinTarget / sum.answered : null,
    }));
}
